-- Sets an entry that cannot be stored aside: copied to the dead letters with the reason (unless
-- another worker did so first: only the worker whose acknowledgement counts copies it), then taken
-- off the queue. The dead letters are trimmed to about their bound, oldest first.
-- KEYS: [1] the queue, [2] the dead letters.
-- ARGV: [1] the group, [2] the dead letters' bound, [3] the entry id, [4] the reason, [5] the entry's fields as JSON.
-- Returns 1 when this call set the entry aside, 0 when it was already gone.
local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
if acked == 1 then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'entry', ARGV[3], 'reason', ARGV[4], 'fields', ARGV[5])
end
redis.call('XDEL', KEYS[1], ARGV[3])
return acked
