-- wrk script for bench/run.ts: method, path, headers and body come from the environment.
-- In BENCH_BODY, {n} becomes a number unique to this wrk run and {i} cycles through 0..BENCH_POOL-1.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
local pool = tonumber(os.getenv("BENCH_POOL") or "1")
local headers = {}
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local fixed = nil
function init(args)
  if body == nil or (not string.find(body, "{n}", 1, true) and not string.find(body, "{i}", 1, true)) then
    fixed = wrk.format(method, path, headers, body)
  end
end

function request()
  if fixed then return fixed end
  counter = counter + 1
  local b = string.gsub(body, "{n}", tid .. "x" .. counter)
  b = string.gsub(b, "{i}", tostring((counter * 7 + tid) % pool))
  return wrk.format(method, path, headers, b)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"status_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout, e.status))
end
