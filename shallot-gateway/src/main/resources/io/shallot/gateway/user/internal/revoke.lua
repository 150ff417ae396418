-- Stores a user's revocation and announces it, as one step: a revocation is never in Redis
-- without every subscribed gateway process being told, nor announced without being stored.
-- KEYS[1]: the user's revocation key. ARGV: before (epoch ms), the key's time to live (ms), the
-- channel, the sub.
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return {1}
