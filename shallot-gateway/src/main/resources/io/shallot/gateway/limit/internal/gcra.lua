-- GCRA for a batch of requests, in order, each over one or two limits and all or nothing: the same
-- arithmetic as Gcra.java, in microseconds of Redis server time, so the gateways' own clocks never
-- matter. A request sees what the requests before it in the batch charged, exactly as if each had
-- come in its own call.
-- KEYS: the limits' theoretical arrival times (TAT), each request's keys in a row.
-- ARGV: per request, its number of keys n (1 or 2), then per key the emission interval and the
-- tolerance (burst * interval).
-- Returns four integers per key, in the order of KEYS: allowed (1/0), remaining, reset (until the
-- limit is full again) and retry (until a request would be allowed; 0 when allowed).
-- Redis before 5 replicated scripts verbatim and refused writes after TIME without this.
if redis.replicate_commands then
  redis.replicate_commands()
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tats = {}
local seen = {}
local charged = {}
local reply = {}
local k = 0
local a = 1
while a <= #ARGV do
  local n = tonumber(ARGV[a])
  local next_tats = {}
  local all_allowed = true
  for i = 1, n do
    local key = KEYS[k + i]
    local interval = tonumber(ARGV[a + 2 * i - 1])
    local tolerance = tonumber(ARGV[a + 2 * i])
    if tats[key] == nil then
      tats[key] = tonumber(redis.call('GET', key)) or now
    end
    local base = math.max(tats[key], now)
    local next_tat = base + interval
    local r = 4 * (k + i - 1)
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
    next_tats[i] = next_tat
  end
  if all_allowed then
    for i = 1, n do
      local key = KEYS[k + i]
      if not seen[key] then
        seen[key] = true
        charged[#charged + 1] = key
      end
      tats[key] = next_tats[i]
    end
  end
  k = k + n
  a = a + 1 + 2 * n
end
-- each charged key is written once, with its last TAT, and expires when its limit is full again
for i = 1, #charged do
  local key = charged[i]
  local ttl = math.max(1, math.ceil((tats[key] - now) / 1000))
  redis.call('SET', key, string.format('%.0f', tats[key]), 'PX', ttl)
end
return reply
