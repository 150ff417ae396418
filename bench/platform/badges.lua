-- wrk -s badges.lua: GET /v1/users/:uid/badges for a user drawn from those bench/platform.sh seeds
-- (u00000..u02999 by default; USERS in the environment of wrk's Lua is not read, the 3,000 is fixed),
-- so every answer is a 200 with that user's counts and dots.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  return wrk.format("GET", string.format("/v1/users/u%05d/badges", math.random(0, 2999)))
end
