-- Puts one direct message into a user's inbox, all or nothing: expired messages leave first, then
-- the message goes in unread and its category's unread count goes up, then the oldest messages
-- beyond the cap leave, each unread one taking its count down with it. So the counts always equal
-- the unread messages the inbox holds, however sends and reads interleave.
-- KEYS: [1] box (zset id -> time score), [2] meta (hash id -> 'u' or 'r' then the category),
--       [3] unread (hash category -> count), [4] expiry (zset id -> expiresAt ms).
-- ARGV: [1] id, [2] time score, [3] category, [4] expiresAt ms, [5] now ms, [6] cap, [7] keys' ttl ms.
-- Scores pass through as the strings given: Lua's own number formatting would round them.
-- Returns {1} when delivered, {0} when the inbox already had the message.
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

for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[5])) do
  drop(id)
end
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return {0}
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], 'u' .. ARGV[3])
redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[6])
if over > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, over - 1)) do
    drop(id)
  end
end
for i = 1, 4 do
  redis.call('PEXPIRE', KEYS[i], ARGV[7])
end
return {1}
