-- Deletes a broadcast for one user: the broadcast stays in its topic for everyone else, but this
-- user's lists hide it and it counts as read (in the read set when newer than the topic's cursor).
-- KEYS: [1] read broadcasts (zset 'topic/category/id' -> time score), [2] cursors (hash topic ->
--       time score), [3] hidden broadcasts (zset id -> time score).
-- ARGV: [1] time score, [2] 'topic/category/id', [3] id, [4] each set's cap, [5] the keys' ttl ms.
-- Returns {1} when hidden now, {0} when it was hidden already (nothing written).
if redis.call('ZSCORE', KEYS[3], ARGV[3]) then
  return {0}
end
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[3])
local cursor = redis.call('HGET', KEYS[2], string.match(ARGV[2], '^([^/]+)/'))
if not cursor or tonumber(ARGV[1]) > tonumber(cursor) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
end
for _, key in ipairs({KEYS[1], KEYS[3]}) do
  local over = redis.call('ZCARD', key) - tonumber(ARGV[4])
  if over > 0 then
    redis.call('ZREMRANGEBYRANK', key, 0, over - 1)
  end
  redis.call('PEXPIRE', key, ARGV[5])
end
return {1}
