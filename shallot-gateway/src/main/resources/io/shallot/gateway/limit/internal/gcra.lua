-- GCRA for a batch of requests, in order, each over one or two limits and all or nothing: the same
-- arithmetic as Gcra.java, in microseconds of Redis server time, so the gateways' own clocks never
-- matter. A request sees what the requests before it in the batch charged, exactly as if each had
-- come in its own call.
-- KEYS: the limits' theoretical arrival times (TAT), each limit once.
-- ARGV: the number of limits m; per limit, in the order of KEYS, its emission interval and its
-- tolerance (burst * interval); then the requests as runs of requests over the same limits: per
-- run, its number of requests, their number of limits n (1 or 2) and the n limits' positions in KEYS.
-- Returns four integers per request and limit, in the order of the requests and of each one's
-- limits: allowed (1/0), remaining, reset (until the limit is full again) and retry (until a
-- request would be allowed; 0 when allowed).
-- Redis before 5 replicated scripts verbatim and refused writes after TIME without this.
if redis.replicate_commands then
  redis.replicate_commands()
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local m = tonumber(ARGV[1])
local intervals = {}
local tolerances = {}
for j = 1, m do
  intervals[j] = tonumber(ARGV[2 * j])
  tolerances[j] = tonumber(ARGV[2 * j + 1])
end
-- state by key name: the same key may be listed twice, with two rates (a plan changed mid-batch)
local tats = {}
local seen = {}
local charged = {}
local reply = {}
local r = 0
local a = 2 * m + 2
while a <= #ARGV do
  local count = tonumber(ARGV[a])
  local n = tonumber(ARGV[a + 1])
  local limits = {}
  for i = 1, n do
    local j = tonumber(ARGV[a + 1 + i])
    limits[i] = j
    if tats[KEYS[j]] == nil then
      tats[KEYS[j]] = tonumber(redis.call('GET', KEYS[j])) or now
    end
  end
  for _ = 1, count do
    local next_tats = {}
    local all_allowed = true
    for i = 1, n do
      local j = limits[i]
      local interval = intervals[j]
      local tolerance = tolerances[j]
      local base = math.max(tats[KEYS[j]], now)
      local next_tat = base + interval
      if next_tat - now <= tolerance then
        reply[r + 1] = 1
        reply[r + 2] = math.floor((now + tolerance - next_tat) / interval)
        reply[r + 3] = next_tat - now
        reply[r + 4] = 0
      else
        all_allowed = false
        reply[r + 1] = 0
        reply[r + 2] = 0
        reply[r + 3] = base - now
        reply[r + 4] = next_tat - tolerance - now
      end
      r = r + 4
      next_tats[i] = next_tat
    end
    if all_allowed then
      for i = 1, n do
        local key = KEYS[limits[i]]
        if not seen[key] then
          seen[key] = true
          charged[#charged + 1] = key
        end
        tats[key] = next_tats[i]
      end
    end
  end
  a = a + 2 + n
end
-- each charged key is written once, with its last TAT, and expires when its limit is full again
for i = 1, #charged do
  local key = charged[i]
  local ttl = math.max(1, math.ceil((tats[key] - now) / 1000))
  redis.call('SET', key, string.format('%.0f', tats[key]), 'PX', ttl)
end
return reply
