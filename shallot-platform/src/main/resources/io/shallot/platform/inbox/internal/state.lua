-- Reads what a user's badges and lists need, in one round trip, after dropping the direct messages
-- and red dots that have expired (their counts go with them), so no reader ever counts them.
-- KEYS: [1] box, [2] meta, [3] unread, [4] expiry (as in deliver.lua), [5] dots (zset path ->
--       expiresAt ms), [6] followed topics (set), [7] topic cursors (hash topic -> time score),
--       [8] individually read broadcasts (zset 'topic/category/id' -> time score), [9] broadcasts
--       the user deleted (zset id -> time score).
-- ARGV: [1] now ms, [2] the follow state's ttl ms (refreshed: reading keeps follows alive).
-- Returns {unread counts (flat hash), the dots set (not their ancestors), followed topics, cursors
-- (flat hash), read broadcasts, deleted broadcasts}.
local function drop(id)
  local state = redis.call('HGET', KEYS[2], id)
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[4], id)
  redis.call('HDEL', KEYS[2], id)
  if state and string.sub(state, 1, 1) == 'u' then
    local category = string.sub(state, 2)
    if redis.call('HINCRBY', KEYS[3], category, -1) <= 0 then
      redis.call('HDEL', KEYS[3], category)
    end
  end
end

for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1])) do
  drop(id)
end
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', ARGV[1])
for i = 6, 9 do
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return {
  redis.call('HGETALL', KEYS[3]),
  redis.call('ZRANGE', KEYS[5], 0, -1),
  redis.call('SMEMBERS', KEYS[6]),
  redis.call('HGETALL', KEYS[7]),
  redis.call('ZRANGE', KEYS[8], 0, -1),
  redis.call('ZRANGE', KEYS[9], 0, -1)
}
