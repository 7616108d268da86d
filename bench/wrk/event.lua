-- POST /api/v1/events, one event a request, for one of the BENCH_CONTACTS contacts bench/events.sh created.
dofile("bench/wrk/report.lua")
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY"), ["Content-Type"] = "application/json" }
local contacts = tonumber(os.getenv("BENCH_CONTACTS"))
local counter = 0

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"email":"bench%d@bench.example","name":"page_viewed","properties":{"path":"/pricing","n":%d}}',
    math.random(contacts), counter)
  return wrk.format("POST", "/api/v1/events", headers, body)
end
