-- wrk -s scores.lua: POST /v1/leaderboards/:board/scores, alternating the boards runs (BEST) and
-- weekly-points (SUM) request by request, for a member drawn from the 10,000 that bench/ops.sh seeds
-- (m00000..m09999) with a random score (runs 0..1,000,000; weekly-points 1..100 points).
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  local member = math.random(0, 9999)
  if counter % 2 == 0 then
    return wrk.format("POST", "/v1/leaderboards/runs/scores", headers,
      string.format('{"member":"m%05d","score":%d}', member, math.random(0, 1000000)))
  end
  return wrk.format("POST", "/v1/leaderboards/weekly-points/scores", headers,
    string.format('{"member":"m%05d","score":%d}', member, math.random(1, 100)))
end
