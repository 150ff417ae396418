-- Adds a broadcast to a topic, or only tidies the topic: expired broadcasts leave, then (when
-- adding) the message goes in and the oldest beyond the cap leave. A topic is a list of every
-- broadcast (for pages) plus one per category (for unread counts by ZCOUNT), kept in step here.
-- KEYS: [1] every broadcast (zset id -> time score), [2] expiry (zset id -> expiresAt ms),
--       [3..] one zset per category, in the settings' order.
-- ARGV: [1] id, or '' to tidy only, [2] time score, [3] the category's index (1-based among the
--       category keys), [4] expiresAt ms, [5] now ms, [6] cap, [7] keys' ttl ms.
-- Returns {1} when added, {0} otherwise.
local function drop(id)
  for i = 1, #KEYS do
    redis.call('ZREM', KEYS[i], id)
  end
end

for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])) do
  drop(id)
end
if ARGV[1] == '' or redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return {0}
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[2 + tonumber(ARGV[3])], ARGV[2], ARGV[1])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[6])
if over > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, over - 1)) do
    drop(id)
  end
end
for i = 1, #KEYS do
  redis.call('PEXPIRE', KEYS[i], ARGV[7])
end
return {1}
