-- POST /api/v1/contacts with a new email each time (thread number, start time and a counter keep them unique).
dofile("bench/wrk/report.lua")
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY"), ["Content-Type"] = "application/json" }
local threads = 0
local counter = 0
local prefix

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = string.format("%d.%d", tid or 0, os.time())
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"email":"load.%s.%d@bench.example","firstName":"Load%d","lastName":"Tester","company":"Bench Inc"}',
    prefix, counter, counter)
  return wrk.format("POST", "/api/v1/contacts", headers, body)
end
