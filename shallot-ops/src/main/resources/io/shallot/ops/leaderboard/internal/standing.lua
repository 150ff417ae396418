-- A member's place and the entries around it, read in one atomic step.
-- KEYS[1] the period's sorted set
-- ARGV: member, how many entries to show on each side
-- Returns {} when the member has no entry, else {first position, rank of the first entry, member, score, member, score, ...}
-- best first: the caller ranks the rest (equal scores share a rank).
local key, member, around = KEYS[1], ARGV[1], tonumber(ARGV[2])
local position = redis.call('ZREVRANK', key, member)
if not position then
  return {}
end
local first = math.max(0, position - around)
local window = redis.call('ZREVRANGE', key, first, position + around, 'WITHSCORES')
local firstRank = redis.call('ZCOUNT', key, '(' .. window[2], '+inf') + 1
local reply = {first, firstRank}
for i = 1, #window do
  reply[#reply + 1] = window[i]
end
return reply
