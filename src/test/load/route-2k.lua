-- wrk load script for POST /v1/route with a 2 KB prompt (docs/benchmarks.md). Run from the repository root:
--   wrk -t1 -c16 -d30s --latency -s src/test/load/route-2k.lua http://localhost:8080
-- The body (src/test/load/route-2k.json) is src/test/resources/bench/prompt-2k.txt as a /v1/route request.
local f = assert(io.open("src/test/load/route-2k.json", "r"))
wrk.body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.path = "/v1/route"
wrk.headers["Content-Type"] = "application/json"
