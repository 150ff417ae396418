-- Deletes a user's revocation and announces it, as one step. Announced even when there was none,
-- so that a process holding a stale copy drops it.
-- KEYS[1]: the user's revocation key. ARGV: the channel, the sub.
-- Returns {1} when a revocation was in force, {0} when there was none.
local existed = redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return {existed}
