-- POST /api/v1/events/batch with BENCH_BATCH events a request, spread over the BENCH_CONTACTS contacts.
dofile("bench/wrk/report.lua")
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY"), ["Content-Type"] = "application/json" }
local contacts = tonumber(os.getenv("BENCH_CONTACTS"))
local size = tonumber(os.getenv("BENCH_BATCH"))
local body

function init(args)
  local items = {}
  for i = 1, size do
    items[i] = string.format(
      '{"email":"bench%d@bench.example","name":"page_viewed","properties":{"path":"/docs","n":%d}}',
      (i % contacts) + 1, i)
  end
  body = '{"events":[' .. table.concat(items, ",") .. ']}'
end

function request()
  return wrk.format("POST", "/api/v1/events/batch", headers, body)
end
