-- wrk script: POST one GraphQL operation; the body and headers come from environment variables.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_common.lua")
wrk.body = os.getenv("RAPPORT_BODY")
