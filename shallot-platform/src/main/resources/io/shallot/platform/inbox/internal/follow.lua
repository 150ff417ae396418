-- Follows or unfollows a topic for one user. Following starts the topic's cursor at the given time
-- score (what the topic held then counts as read) unless the user has one; unfollowing forgets the
-- cursor and the topic's individually read broadcasts, so a later follow starts afresh.
-- KEYS: [1] followed topics (set), [2] cursors (hash topic -> time score), [3] read broadcasts
--       (zset 'topic/category/id' -> time score).
-- ARGV: [1] follow or unfollow, [2] the topic, [3] the starting cursor (follow), [4] the keys' ttl ms.
-- Returns {1} when the follow state changed, else {0}.
local topic = ARGV[2]
local changed
if ARGV[1] == 'follow' then
  changed = redis.call('SADD', KEYS[1], topic)
  redis.call('HSETNX', KEYS[2], topic, ARGV[3])
else
  changed = redis.call('SREM', KEYS[1], topic)
  redis.call('HDEL', KEYS[2], topic)
  local prefix = topic .. '/'
  for _, member in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    if string.sub(member, 1, #prefix) == prefix then
      redis.call('ZREM', KEYS[3], member)
    end
  end
end
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], ARGV[4])
end
return {changed}
