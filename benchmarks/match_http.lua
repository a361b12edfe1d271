-- wrk script of benchmarks/match_http.py: every connection sends the next of the profiles in
-- the file BODIES (one JSON document per line) to POST /api/v1/match, as soon as the answer is in.
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
  bodies[#bodies + 1] = line
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("first", threads * 97)  -- threads start at different profiles
end

local sent = 0
function init(args)
  sent = first or 0
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  sent = sent + 1
  return wrk.format(nil, nil, nil, bodies[(sent % #bodies) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f failed=%d status=%d p50=%.3f p95=%.3f p99=%.3f\n",
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
