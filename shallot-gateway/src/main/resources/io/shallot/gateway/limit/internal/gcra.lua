-- GCRA over one or two limits, all or nothing: the same arithmetic as Gcra.java, in microseconds
-- of Redis server time, so the gateways' own clocks never matter.
-- KEYS[i]: the limit's theoretical arrival time (TAT).
-- ARGV[2i-1]: emission interval; ARGV[2i]: tolerance (burst * interval).
-- Returns four integers per key: allowed (1/0), remaining, reset (until the limit is full again)
-- and retry (until a request would be allowed; 0 when allowed).
-- Redis before 5 replicated scripts verbatim and refused writes after TIME without this.
if redis.replicate_commands then
  redis.replicate_commands()
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local reply = {}
local next_tats = {}
local all_allowed = true
for i = 1, #KEYS do
  local interval = tonumber(ARGV[2 * i - 1])
  local tolerance = tonumber(ARGV[2 * i])
  local base = math.max(tonumber(redis.call('GET', KEYS[i])) or now, now)
  local next_tat = base + interval
  local r = 4 * (i - 1)
  if next_tat - now <= tolerance then
    reply[r + 1] = 1
    reply[r + 2] = math.floor((now + tolerance - next_tat) / interval)
    reply[r + 3] = next_tat - now
    reply[r + 4] = 0
  else
    all_allowed = false
    reply[r + 1] = 0
    reply[r + 2] = 0
    reply[r + 3] = base - now
    reply[r + 4] = next_tat - tolerance - now
  end
  next_tats[i] = next_tat
end
if all_allowed then
  for i = 1, #KEYS do
    local ttl = math.max(1, math.ceil((next_tats[i] - now) / 1000))
    redis.call('SET', KEYS[i], string.format('%.0f', next_tats[i]), 'PX', ttl)
  end
end
return reply
