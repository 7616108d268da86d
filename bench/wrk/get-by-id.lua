-- GET /api/v1/contacts/:id with ids drawn at random from BENCH_IDS (one per line).
dofile("bench/wrk/report.lua")
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY") }
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + (seed or 0))
end

function request()
  return wrk.format("GET", "/api/v1/contacts/" .. ids[math.random(#ids)], headers)
end
