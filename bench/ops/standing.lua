-- wrk -s standing.lua: GET /v1/leaderboards/:board/members/:member?around=2, alternating the boards
-- runs and weekly-points, for a member drawn from the 10,000 that bench/ops.sh seeds on both boards,
-- so every answer is a 200 with 5 entries (fewer only at the ends of a board).
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  counter = counter + 1
  local board = counter % 2 == 0 and "runs" or "weekly-points"
  return wrk.format("GET", string.format("/v1/leaderboards/%s/members/m%05d?around=2", board, math.random(0, 9999)))
end
