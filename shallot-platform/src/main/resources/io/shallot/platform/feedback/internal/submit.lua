-- Queues one feedback, or answers why not, in one step, so that concurrent submissions from any
-- number of processes neither queue a retry twice nor push the queue past its bound.
-- KEYS: [1] the queue (a stream), [2] when given, the record of the idempotency key.
-- ARGV: [1] the maximum length of the queue, [2] the idempotency record's time to live in ms,
--       [3] the feedback's fingerprint, [4...] the entry's fields and values (the first value is the id).
-- Returns {outcome, id, fingerprint}: 1 queued now; 2 queued before under this idempotency key (the
-- id and fingerprint are that first submission's); 0 refused, the queue is full, nothing written.
if KEYS[2] then
  local known = redis.call('GET', KEYS[2])
  if known then
    local id, fingerprint = string.match(known, '^(%S+) (%S+)$')
    return {2, id, fingerprint}
  end
end
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
  return {0, '-', '-'}
end
redis.call('XADD', KEYS[1], '*', unpack(ARGV, 4))
local id = ARGV[5]
if KEYS[2] then
  redis.call('SET', KEYS[2], id .. ' ' .. ARGV[3], 'PX', ARGV[2])
end
return {1, id, ARGV[3]}
