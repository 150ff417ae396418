-- Takes stored entries off the queue: acknowledged in the group, then deleted, in one step, so no
-- entry is ever deleted while still pending (a pending entry that is gone cannot be claimed sanely).
-- Entries another worker acknowledged meanwhile are skipped by both commands.
-- KEYS: [1] the queue. ARGV: [1] the group, [2...] the entry ids.
-- Returns how many entries were deleted.
redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
return redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
