-- Marks messages read for one user, all or nothing. Direct messages flip from unread to read and
-- their categories' counts go down by exactly the messages flipped (a message already read, gone
-- or expired meanwhile changes nothing). Broadcasts are read by cursor: a topic's cursor moves up
-- to a time score (never down) and every message up to it counts as read; a broadcast read on its
-- own, newer than the cursor, is remembered in the read set, which forgets what a cursor covers.
-- KEYS: [1] meta (hash id -> 'u' or 'r' then the category), [2] unread (hash category -> count),
--       [3] read broadcasts (zset 'topic/category/id' -> time score), [4] cursors (hash topic -> time score).
-- ARGV: [1] the broadcast state's ttl ms, [2] the read set's cap, [3] direct mode: none, ids,
--       category or all, [4] the category (mode category), [5] n, then n direct ids (mode ids),
--       then m, then m pairs (time score, 'topic/category/id') of broadcasts read one by one,
--       then k, then k pairs (topic, time score) of cursors to move up.
-- Returns {the number of direct messages flipped}.
local mode, category = ARGV[3], ARGV[4]
local flipped = 0
local function flip(id, state)
  if state and string.sub(state, 1, 1) == 'u' then
    local of = string.sub(state, 2)
    redis.call('HSET', KEYS[1], id, 'r' .. of)
    if redis.call('HINCRBY', KEYS[2], of, -1) <= 0 then
      redis.call('HDEL', KEYS[2], of)
    end
    flipped = flipped + 1
  end
end

local at = 5
local n = tonumber(ARGV[at])
if mode == 'ids' then
  for i = at + 1, at + n do
    flip(ARGV[i], redis.call('HGET', KEYS[1], ARGV[i]))
  end
elseif mode == 'category' or mode == 'all' then
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    if mode == 'all' or string.sub(all[i + 1], 2) == category then
      flip(all[i], all[i + 1])
    end
  end
end
at = at + n + 1
local m = tonumber(ARGV[at])
local singles = at
at = at + 2 * m + 1
local k = tonumber(ARGV[at])
for i = at + 1, at + 2 * k, 2 do
  local topic, score = ARGV[i], ARGV[i + 1]
  local cursor = redis.call('HGET', KEYS[4], topic)
  if not cursor or tonumber(score) > tonumber(cursor) then
    redis.call('HSET', KEYS[4], topic, score)
    local prefix = topic .. '/'
    for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', score)) do
      if string.sub(member, 1, #prefix) == prefix then
        redis.call('ZREM', KEYS[3], member)
      end
    end
  end
end
for i = singles + 1, singles + 2 * m, 2 do
  local score, member = ARGV[i], ARGV[i + 1]
  local cursor = redis.call('HGET', KEYS[4], string.match(member, '^([^/]+)/'))
  if not cursor or tonumber(score) > tonumber(cursor) then
    redis.call('ZADD', KEYS[3], score, member)
  end
end
local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[2])
if over > 0 then
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, over - 1)
end
redis.call('PEXPIRE', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[4], ARGV[1])
return {flipped}
