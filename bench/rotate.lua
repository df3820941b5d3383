-- wrk script for mutations with optimistic locking: each request updates the next record of the thread's own
-- slice, with the version the previous answer for that record returned, so concurrent requests never collide.
-- RAPPORT_BODY is a template with {{id}} and {{version}}; RAPPORT_ITEMS is "id:version,id:version,...".
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_common.lua")

local template = os.getenv("RAPPORT_BODY")
local ids, versions, position = {}, {}, 0

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
  count_error(status, body)
  local id, version = string.match(body, '"id":"([^"]+)","version":(%d+)')
  if id and versions[id] then versions[id] = version end
end
