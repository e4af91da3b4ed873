-- wrk script of gateway-bench.sh: one OpenAI chat body for every gateway (only "model" and headers differ).
-- Environment: BENCH_LABEL, BENCH_PATH (default /v1/chat/completions), BENCH_MODEL (default fake-model),
-- BENCH_HEADERS ("Name: value;Name: value"), BENCH_CONFIG / BENCH_METADATA (Portkey's x-portkey-* headers),
-- BENCH_STREAM=1 ("stream": true), BENCH_GAP_MS=N (each connection waits ~N ms between requests: a paced load).
wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH") or "/v1/chat/completions"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-fake"
local function env(name) local v = os.getenv(name); if v and v ~= "" then return v end end
if env("BENCH_CONFIG") then wrk.headers["x-portkey-config"] = env("BENCH_CONFIG") end
if env("BENCH_METADATA") then wrk.headers["x-portkey-metadata"] = env("BENCH_METADATA") end
for pair in string.gmatch(env("BENCH_HEADERS") or "", "[^;]+") do
  local k, v = string.match(pair, "^%s*([^:]-)%s*:%s*(.-)%s*$")
  if k and k ~= "" then wrk.headers[k] = v end
end
wrk.body = '{"model":"' .. (env("BENCH_MODEL") or "fake-model") .. '","messages":[{"role":"system","content":'
  .. '"You are terse."},{"role":"user","content":"Say hello"}],"max_tokens":16'
  .. (env("BENCH_STREAM") == "1" and ',"stream":true' or '') .. '}'
local gap = tonumber(env("BENCH_GAP_MS") or "")
if gap and gap > 0 then
  math.randomseed(os.time())
  function delay() return math.floor(gap * (0.5 + math.random()) + 0.5) end
end
-- RESULT label req/s p50_ms p90_ms p99_ms max_ms requests non2xx socket_errors
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %s %.1f %.3f %.3f %.3f %.3f %d %d %d\n",
    string.gsub(env("BENCH_LABEL") or "run", "%s", "_"),
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout))
end
