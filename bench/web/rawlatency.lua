-- wrk script: after wrk's own report, one line with percentiles of the latencies wrk recorded,
-- before its coordinated-omission correction.
--
-- Before it reports, wrk 4 (stats_correct) takes e = duration / (requests / connections), the time a
-- connection's request takes on average, and for every recorded latency n >= 2e adds synthetic
-- samples n - e, n - 2e, ... while they stay above e: the requests that a client sending one every e
-- would have had waiting meanwhile. So one stall of S ms adds about connections * S / e samples, and
-- a few stalls of some milliseconds decide a full-load p99. It is also why requests * mean / duration
-- can exceed the connection count, which recorded latencies alone cannot (one request in flight per
-- connection). wrk's percentiles are the right figure for "what would an open-loop client see";
-- these are what the 64 connections did see.
--
-- The correction only adds, and a sample it adds at m > e comes from the recorded value m + e, or
-- m + 2e, ...; so the recorded values above x >= e number C(x + e) - C(x), where C(x) counts
-- corrected samples <= x. Below e nothing was added. The scripting API (wrk 4.1) offers percentiles
-- but not the histogram, so C is found by bisecting percentile().
-- Prints: RAW_LATENCY p50_us= p90_us= p99_us= p999_us= max_us= e_us= added=<share of wrk's samples it added>
-- Needs WRK_CONNECTIONS (wrk's -c) in the environment. Other scripts use it with dofile for done().

local function fraction_at_most(latency, x)
  if latency.min > x then
    return 0
  end
  if latency.max <= x then
    return 1
  end
  local lo, hi = 0, 100
  for _ = 1, 48 do
    local mid = (lo + hi) / 2
    if latency:percentile(mid) <= x then
      lo = mid
    else
      hi = mid
    end
  end
  return lo / 100
end

function done(summary, latency, requests)
  local connections = tonumber(os.getenv("WRK_CONNECTIONS") or "")
  if not connections or summary.requests < connections then
    io.write("RAW_LATENCY unavailable: WRK_CONNECTIONS unset, or fewer requests than connections\n")
    return
  end
  local e = math.floor(summary.duration / math.floor(summary.requests / connections))
  local F = function(x) return fraction_at_most(latency, x) end
  local kept = F(2 * e)                 -- recorded samples, as a share of wrk's corrected ones
  local function above(x)               -- share of recorded samples above x
    if x < e then
      return 1 - F(x) / kept
    end
    return (F(x + e) - F(x)) / kept
  end
  local function percentile(p)
    local lo, hi = latency.min, latency.max
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if above(mid) <= 1 - p / 100 then
        hi = mid
      else
        lo = mid + 1
      end
    end
    return lo
  end
  io.write(string.format("RAW_LATENCY p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d e_us=%d added=%.4f\n",
    percentile(50), percentile(90), percentile(99), percentile(99.9), latency.max, e, 1 - kept))
end
