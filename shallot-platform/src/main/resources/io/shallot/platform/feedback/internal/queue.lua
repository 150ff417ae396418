-- The state of the queue, read in one step so the numbers agree with each other.
-- KEYS: [1] the queue, [2] the dead letters. ARGV: [1] the group.
-- Returns {queued, pending (read by a worker, not yet acknowledged), dead letters, when the oldest
-- queued entry was submitted in epoch ms (its stream id's time when it has no 'at'), or '-' when none is}.
local queued = redis.call('XLEN', KEYS[1])
local pending = 0
local summary = redis.pcall('XPENDING', KEYS[1], ARGV[1])
if type(summary) == 'table' and summary.err == nil then
  pending = summary[1]
end
local dead = redis.call('XLEN', KEYS[2])
local oldest = '-'
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
if first then
  oldest = string.match(first[1], '^(%d+)-')
  local fields = first[2]
  for i = 1, #fields, 2 do
    if fields[i] == 'at' and string.match(fields[i + 1], '^%d+$') then
      oldest = fields[i + 1]
    end
  end
end
return {queued, pending, dead, oldest}
