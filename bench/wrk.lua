-- wrk's script for Tutori's benchmark (bench/run.py): checks every response's status and
-- prints one line "BENCH_JSON {...}" with the requests and latency percentiles (µs).
--
-- Environment: BENCH_METHOD (GET by default) and BENCH_BODY (a form body; makes it a POST
-- unless BENCH_METHOD says otherwise); BENCH_EXPECT, the status that counts as success
-- (200 by default, 302 for a form that redirects after it is saved). Headers (cookie,
-- CSRF token, Content-Type) come from wrk's -H options.

local body = os.getenv("BENCH_BODY")
if body ~= nil and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
end
wrk.method = os.getenv("BENCH_METHOD") or wrk.method
local expect = tonumber(os.getenv("BENCH_EXPECT") or "200")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
end

function response(status, headers, body)
  if status ~= expect then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("unexpected") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "unexpected_status": %d, '
      .. '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, bad,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max
  ))
end
