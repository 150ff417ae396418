-- One vote, all or nothing. A retry under an idempotency key already used answers what the first
-- attempt answered and changes nothing. Otherwise the user's count for the period must be below the
-- allowance; then the count and the option's tally go up by one together, so no number of
-- concurrent votes from any number of processes can count more than the allowance. The window and
-- the option were checked by the caller; a refusal here writes nothing.
-- KEYS: [1] the user's count for the period, [2] the activity's tally (a hash: option -> votes),
--       [3] when given, the record of the idempotency key.
-- ARGV: [1] the option, [2] the votes a user has per period, [3] the count's time to live in ms,
--       [4] the tally's in ms, [5] the idempotency record's in ms (when KEYS[3] is given).
-- Returns {outcome, tally, remaining, option}: outcome 1 counted now, 2 counted before under this
-- idempotency key (the rest is that first answer), 0 refused: the allowance is used up.
if KEYS[3] then
  local stored = redis.call('GET', KEYS[3])
  if stored then
    local tally, remaining, option = string.match(stored, '^(%d+) (%d+) (.+)$')
    return {2, tonumber(tally), tonumber(remaining), option}
  end
end
local allowed = tonumber(ARGV[2])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= allowed then
  return {0, 0, 0, ARGV[1]}
end
used = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
local tally = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[2], ARGV[4])
local remaining = allowed - used
if KEYS[3] then
  redis.call('SET', KEYS[3], string.format('%d %d %s', tally, remaining, ARGV[1]), 'PX', ARGV[5])
end
return {1, tally, remaining, ARGV[1]}
