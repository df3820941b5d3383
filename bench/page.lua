-- wrk script for a page scenario: each thread sends a page's requests in turn, over and over (its connections
-- take them as they come), so every request of the page is sent as often as the others.
-- RAPPORT_REQUESTS names a file with one request a line: "<path>\t<JSON body>"; RAPPORT_COOKIE the session.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local cookie = os.getenv("RAPPORT_COOKIE")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end

local threads = {}
local counter = 0
setup = function(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths, bodies, position = {}, {}, 0
errors = 0

init = function(args)
  for line in io.lines(os.getenv("RAPPORT_REQUESTS")) do
    local path, body = string.match(line, "^([^\t]+)\t(.*)$")
    if path then
      table.insert(paths, path)
      table.insert(bodies, body)
    end
  end
  -- Threads start at different requests of the page.
  position = (index or 0) % #paths
end

request = function()
  position = position % #paths + 1
  return wrk.format(nil, paths[position], nil, bodies[position])
end

response = function(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then errors = errors + 1 end
end

done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("errors") or 0) end
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "rps": %.2f, "p50_ms": %.3f, "p99_ms": %.3f, "errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
