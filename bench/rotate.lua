-- wrk script for mutations with optimistic locking: each request updates the next record of the thread's own
-- slice, with the version the previous answer for that record returned, so concurrent requests never collide.
-- RAPPORT_BODY is a template with {{id}} and {{version}}; RAPPORT_ITEMS is "id:version,id:version,...".
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

local template = os.getenv("RAPPORT_BODY")
local ids, versions, position = {}, {}, 0
errors = 0

init = function(args)
  local all = {}
  for item in string.gmatch(os.getenv("RAPPORT_ITEMS"), "[^,]+") do table.insert(all, item) end
  local slices = tonumber(os.getenv("RAPPORT_THREADS") or "2")
  for i, item in ipairs(all) do
    if (i - 1) % slices == index then
      local id, version = string.match(item, "([^:]+):(%d+)")
      table.insert(ids, id)
      versions[id] = version
    end
  end
end

request = function()
  position = position % #ids + 1
  local id = ids[position]
  local body = string.gsub(string.gsub(template, "{{id}}", id), "{{version}}", versions[id])
  return wrk.format(nil, nil, nil, body)
end

response = function(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then errors = errors + 1 end
  local id, version = string.match(body, '"id":"([^"]+)","version":(%d+)')
  if id and versions[id] then versions[id] = version end
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
