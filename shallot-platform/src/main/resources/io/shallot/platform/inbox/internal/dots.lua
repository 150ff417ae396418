-- Lights or clears a red dot for one user. Only the dots set are stored, each with its own expiry;
-- their ancestors are lit by derivation when read, so clearing the last dot under an ancestor
-- clears the ancestor too. Clearing a path clears it and every dot under it.
-- KEYS: [1] dots (zset path -> expiresAt ms).
-- ARGV: [1] set or clear, [2] the path, [3] now ms, [4] expiresAt ms (set), [5] the cap (set),
--       [6] the key's ttl ms.
-- Returns {1}, or {-1} when setting a new dot would pass the cap (nothing written).
local path = ARGV[2]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if ARGV[1] == 'set' then
  if not redis.call('ZSCORE', KEYS[1], path) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5]) then
    return {-1}
  end
  redis.call('ZADD', KEYS[1], ARGV[4], path)
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
  return {1}
end
local prefix = path .. '.'
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if member == path or string.sub(member, 1, #prefix) == prefix then
    redis.call('ZREM', KEYS[1], member)
  end
end
return {1}
