-- wrk script for bench/web.sh's paced windows: every connection waits PACED_MS milliseconds
-- (default 4) before each request, so 64 connections offer at most 16,000 requests/s, well under
-- what every peer serves. Latency is then the server's, not a queue behind a saturated client.
-- Also prints rawlatency.lua's line (at this load wrk's correction adds next to nothing).
local pause = tonumber(os.getenv("PACED_MS") or "4")

function delay()
  return pause
end

dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "") .. "rawlatency.lua")
