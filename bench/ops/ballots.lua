-- wrk -s ballots.lua: POST /v1/votes/best-feature/ballots, a random option of loop/router/gateway.
-- Each user votes exactly 3 times, its daily allowance (user = "u<thread>-<n / 3>", <n> counting
-- the thread's requests), so no ballot is refused: every request runs vote.lua to the end and
-- writes (the user's count, the tally). A 429 or any other non-2xx would show in wrk's
-- "Non-2xx or 3xx responses", which bench/ops.sh reports.
local counter = 0
local threads = 0
local options = { "loop", "router", "gateway" }

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  local user = math.floor(counter / 3)
  counter = counter + 1
  return wrk.format("POST", "/v1/votes/best-feature/ballots", headers,
    string.format('{"user":"u%d-%d","option":"%s"}', id or 0, user, options[math.random(1, 3)]))
end
