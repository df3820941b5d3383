-- What every wrk script of the benchmark shares (loaded with dofile by post.lua, rotate.lua and page.lua): a JSON
-- POST with the session cookie (RAPPORT_COOKIE) or bearer token (RAPPORT_TOKEN), per-thread error counting (a
-- status other than 200, or "errors" in the body) and the RESULT line the harness reads.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local cookie = os.getenv("RAPPORT_COOKIE")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
local token = os.getenv("RAPPORT_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end

-- Each thread knows its index (threads slice their work by it) and counts its own errors; `done` runs in the
-- main state and adds them up.
local threads = {}
local counter = 0
setup = function(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

errors = 0
count_error = function(status, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then errors = errors + 1 end
end
response = function(status, headers, body) count_error(status, body) end

done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("errors") or 0) end
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "rps": %.2f, "p50_ms": %.3f, "p99_ms": %.3f, "errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
