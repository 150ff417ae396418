-- Deletes one direct message from a user's inbox; an unread one takes its category's count down.
-- KEYS: [1] box, [2] meta, [3] unread, [4] expiry (as in deliver.lua). ARGV: [1] id.
-- Returns {1} when deleted, {0} when the inbox does not hold it.
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return {0}
end
local state = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if state and string.sub(state, 1, 1) == 'u' then
  local category = string.sub(state, 2)
  if redis.call('HINCRBY', KEYS[3], category, -1) <= 0 then
    redis.call('HDEL', KEYS[3], category)
  end
end
return {1}
