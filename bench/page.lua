-- wrk script for a page scenario: each thread sends a page's requests in turn, over and over (its connections
-- take them as they come), so every request of the page is sent as often as the others.
-- RAPPORT_REQUESTS names a file with one request a line: "<path>\t<JSON body>"; RAPPORT_COOKIE the session.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_common.lua")

local paths, bodies, position = {}, {}, 0

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
