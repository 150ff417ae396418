-- wrk -s config-cn.lua: GET /v1/configs/home for an iOS 2.1.0 client in CN speaking zh-CN, the
-- demo's example request: 4 of the 7 rules bench/platform.sh leaves in MongoDB match and are merged.
function request()
  return wrk.format("GET", "/v1/configs/home?version=2.1.0&device=ios&region=CN&lang=zh-CN")
end
