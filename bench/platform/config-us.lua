-- wrk -s config-us.lua: GET /v1/configs/home for an Android 1.9.3 client in US speaking en-US:
-- the base rule, the android rule and the US/en rule (which removes features.live) are merged.
function request()
  return wrk.format("GET", "/v1/configs/home?version=1.9.3&device=android&region=US&lang=en-US")
end
