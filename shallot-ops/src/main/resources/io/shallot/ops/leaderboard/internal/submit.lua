-- One score for one member of one board period, atomically.
-- KEYS[1] the period's sorted set
-- ARGV: mode ('BEST' or 'SUM'), member, score, keep, time to live in ms (0: forever), largest |score|
-- Returns {'ok', score, rank, changed} with rank 0 when the entry fell below the kept ones,
-- or {'overflow', score} when a sum would leave the exactly representable integers (nothing written).
local key, mode, member = KEYS[1], ARGV[1], ARGV[2]
local score, keep, ttl, limit = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local old = redis.call('ZSCORE', key, member)
if old then old = tonumber(old) end
local new = score
if mode == 'SUM' then
  new = (old or 0) + score
  if new > limit or new < -limit then
    return {'overflow', string.format('%.0f', old or 0)}
  end
elseif old and old >= score then
  new = old
end
local changed = old == nil or old ~= new
if changed then
  redis.call('ZADD', key, new, member)
end
if ttl > 0 then
  redis.call('PEXPIRE', key, ttl)
end
local size = redis.call('ZCARD', key)
if size > keep then
  redis.call('ZREMRANGEBYRANK', key, 0, size - keep - 1)
end
local rank = 0
if redis.call('ZSCORE', key, member) then
  rank = redis.call('ZCOUNT', key, '(' .. string.format('%.0f', new), '+inf') + 1
end
return {'ok', string.format('%.0f', new), rank, changed and 1 or 0}
