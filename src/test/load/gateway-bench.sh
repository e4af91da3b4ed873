#!/usr/bin/env bash
# gateway-bench.sh — policy-router and the Portkey AI Gateway side by side, against the same local fake provider, in
# one run on one machine, one load at a time. Prints the table of docs/benchmarks.md ("Dispatch").
#
#   mvn -q package -DskipTests && bash src/test/load/gateway-bench.sh        (from the repository root)
#
# Needs: java 17, node + npm (installs @portkey-ai/gateway into target/gateway-bench), wrk, curl. Everything listens on
# 127.0.0.1; every server started is stopped by its PID. Knobs (environment):
#   PORTKEY_VERSION=1.15.2  DURATION=20  WARMUP=5  ROUTER_JAVA_OPTS=-Xmx512m  STREAMS=5000  SLOW_CONNS=1000
#   ONLY="instant paced slow streams32 streams"  (which parts to run)
set -euo pipefail

ROOT=$(pwd)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
HERE=$ROOT/src/test/load
WORK=${WORK:-$ROOT/target/gateway-bench}
PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}
DURATION=${DURATION:-20}; WARMUP=${WARMUP:-5}
ROUTER_JAVA_OPTS=${ROUTER_JAVA_OPTS:--Xmx512m}
STREAMS=${STREAMS:-5000}; SLOW_CONNS=${SLOW_CONNS:-1000}
# The streams run: how long wrk holds the connections, and when the provider's open count and the RSS are read.
STREAMS_SECS=${STREAMS_SECS:-50}; STREAMS_SAMPLE_AT=${STREAMS_SAMPLE_AT:-25}
# With 1 s answers nothing completes in a run's first second: a 20 s run can show at most 95 % of the connections
# per second. The 1 s-latency runs therefore last longer.
SLOW_DURATION=${SLOW_DURATION:-60}
ONLY=${ONLY:-"instant paced slow streams32 streams"}
FAKE_PORT=19001; GW_PORT=8787; ROUTER_PORT=18181
FAKE=http://127.0.0.1:$FAKE_PORT; GW=http://127.0.0.1:$GW_PORT; ROUTER=http://127.0.0.1:$ROUTER_PORT
PROVIDERS="openai anthropic google mistral selfhosted"
LUA=$HERE/gateway-bench.lua
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

[ -f "$JAR" ] || { log "no $JAR: run mvn package -DskipTests first"; exit 2; }
command -v wrk >/dev/null || { log "wrk is missing (apt-get install wrk)"; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
mkdir -p "$WORK"

# ---------------------------------------------------------------- Portkey
if [ ! -f "$WORK/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
  log "npm install @portkey-ai/gateway@$PORTKEY_VERSION"
  # hono and its node server pinned to the versions the gateway was released with (newer ones change its startup)
  cat > "$WORK/package.json" <<JSON
{"name":"gateway-bench","version":"1.0.0","private":true,"dependencies":{"@portkey-ai/gateway":"$PORTKEY_VERSION"},
 "overrides":{"@hono/node-server":"1.13.5","hono":"4.9.7"}}
JSON
  (cd "$WORK" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
GWJS=$WORK/node_modules/@portkey-ai/gateway/build/start-server.js

# ---------------------------------------------------------------- processes
PIDS=()
stop() { local p=$1; kill "$p" 2>/dev/null || true; for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$p" 2>/dev/null || true; }
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && stop "$p"; done; }
trap cleanup EXIT INT TERM
wait_up() { for _ in $(seq 1 300); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; log "$1 did not come up"; exit 1; }

node "$HERE/fake-provider.js" $FAKE_PORT 127.0.0.1 > "$WORK/fake.log" 2>&1 & FAKE_PID=$!; PIDS+=($FAKE_PID)
wait_up "$FAKE/health"
GW_PID=""; ROUTER_PID=""
start_portkey() { node "$GWJS" --port=$GW_PORT --headless >> "$WORK/portkey.log" 2>&1 & GW_PID=$!; PIDS+=($GW_PID); wait_up "$GW/"; }
stop_portkey() { [ -n "$GW_PID" ] && stop "$GW_PID"; GW_PID=""; }
start_router() { # provider path prefix, e.g. "" or /slow1000 or /drip1000x30
  local args=() p
  for p in $PROVIDERS; do args+=("-Drouter.providers.$p.kind=openai" "-Drouter.providers.$p.base-url=$FAKE$1/$p/v1"); done
  # shellcheck disable=SC2086
  java $ROUTER_JAVA_OPTS -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$ROUTER_PORT -Drouter.simulator.enabled=false \
    "${args[@]}" -jar "$JAR" >> "$WORK/router.log" 2>&1 & ROUTER_PID=$!; PIDS+=($ROUTER_PID)
  wait_up "$ROUTER/q/health/ready"
}
stop_router() { [ -n "$ROUTER_PID" ] && stop "$ROUTER_PID"; ROUTER_PID=""; }
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / t}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }

# run label url conns seconds [ENV=value ...] -> prints the RESULT fields
run() {
  local label=$1 url=$2 conns=$3 secs=$4; shift 4
  env BENCH_LABEL="$label" "$@" wrk -t2 -c"$conns" -d"${secs}s" --timeout "${WRK_TIMEOUT:-30}s" -s "$LUA" "$url" \
    | grep '^RESULT' | cut -d' ' -f2-
}
declare -A R
measure() { # key label url conns [ENV...]: warm-up, then measured; stores "rps p50 p90 p99 max n non2xx sock"
  local key=$1 label=$2 url=$3 conns=$4; shift 4
  run "$label" "$url" "$conns" "$WARMUP" "$@" > /dev/null
  R[$key]=$(run "$label" "$url" "$conns" "${SECS:-$DURATION}" "$@" | cut -d' ' -f2-)
  log "$key: ${R[$key]}"
}
f() { echo "${R[$1]}" | cut -d' ' -f"$2"; } # field: 1 rps 2 p50 3 p90 4 p99 5 max 6 n 7 non2xx 8 socket errors

T='"provider":"openai","api_key":"sk-fake"'
COND=$(printf '%s' "{\"strategy\":{\"mode\":\"conditional\",\"conditions\":[{\"query\":{\"metadata.user_plan\":{\"\$eq\":\"paid\"}},\"then\":\"premium\"},{\"query\":{\"metadata.user_plan\":{\"\$eq\":\"free\"}},\"then\":\"basic\"},{\"query\":{\"\$and\":[{\"metadata.region\":{\"\$eq\":\"eu\"}},{\"metadata.tier\":{\"\$in\":[\"gold\",\"silver\"]}}]},\"then\":\"eu\"}],\"default\":\"basic\"},\"targets\":[{\"name\":\"premium\",$T,\"custom_host\":\"$FAKE/premium/v1\"},{\"name\":\"basic\",$T,\"custom_host\":\"$FAKE/basic/v1\"},{\"name\":\"eu\",$T,\"custom_host\":\"$FAKE/eu/v1\"}]}")
MD='{"user_plan":"enterprise","region":"eu","tier":"gold"}'
SLOWCOND=${COND//$FAKE\//$FAKE\/slow1000\/}
RH="x-route-channel: api"
ROUTE_ENV=(BENCH_MODEL=auto "BENCH_HEADERS=$RH")

if [[ " $ONLY " == *" instant "* ]]; then
  measure direct "direct" "$FAKE" 16
  start_portkey; measure portkey_cond "Portkey conditional" "$GW" 16 "BENCH_CONFIG=$COND" "BENCH_METADATA=$MD"; stop_portkey
  start_router ""
  run warm "$ROUTER" 16 $((WARMUP + 10)) "${ROUTE_ENV[@]}" > /dev/null
  c0=$(cpu_ms $ROUTER_PID)
  R[router_auto]=$(run "router auto" "$ROUTER" 16 "$DURATION" "${ROUTE_ENV[@]}" | cut -d' ' -f2-)
  c1=$(cpu_ms $ROUTER_PID); log "router_auto: ${R[router_auto]}"
  R[cpu]=$(awk -v a="$c0" -v b="$c1" -v n="$(f router_auto 6)" 'BEGIN {printf "%.3f", (b - a) / n}')
  stop_router
fi
if [[ " $ONLY " == *" paced "* ]]; then # ~100 req/s: 16 connections, ~160 ms think time each
  measure p_direct "direct ~100/s" "$FAKE" 16 BENCH_GAP_MS=160
  start_portkey; measure p_portkey "Portkey conditional ~100/s" "$GW" 16 "BENCH_CONFIG=$COND" "BENCH_METADATA=$MD" BENCH_GAP_MS=160; stop_portkey
  start_router ""; run warm "$ROUTER" 16 10 "${ROUTE_ENV[@]}" > /dev/null
  measure p_router "router auto ~100/s" "$ROUTER" 16 "${ROUTE_ENV[@]}" BENCH_GAP_MS=160; stop_router
fi
if [[ " $ONLY " == *" slow "* ]]; then # provider latency 1 s, $SLOW_CONNS connections
  SECS=$SLOW_DURATION
  start_portkey; measure s_portkey "Portkey, provider 1 s" "$GW" "$SLOW_CONNS" "BENCH_CONFIG=$SLOWCOND" "BENCH_METADATA=$MD"; stop_portkey
  start_router /slow1000; measure s_router "router, provider 1 s" "$ROUTER" "$SLOW_CONNS" "${ROUTE_ENV[@]}"
  unset SECS
  R[s_rss]=$(rss_mb $ROUTER_PID); stop_router
fi
if [[ " $ONLY " == *" streams32 "* ]]; then # 32 concurrent streams from a healthy provider, shipped breaker settings
  start_router ""; measure st32 "router, 32 streams" "$ROUTER" 32 "${ROUTE_ENV[@]}" BENCH_STREAM=1
  R[st32_open]=$(curl -s "$ROUTER/q/metrics" | awk '/^router_dispatch_circuit_transitions_total.*state="open"/ {s += $2} END {print s + 0}')
  R[st32_conn]=$(curl -s "$ROUTER/q/metrics" | awk '/^router_dispatch_attempts_total.*outcome="connection_error"/ {s += $2} END {print s + 0}')
  stop_router
fi
if [[ " $ONLY " == *" streams "* ]]; then # $STREAMS streams held open at once: 20 chunks one second apart each
  # Each stream lasts 21 s at the provider; opening all of them at once takes the router seconds more on 2 shared
  # cores (each stream's chunks are relayed while the others open), so wrk holds them for STREAMS_SECS (50 s: a
  # second round starts but is not counted) and the provider's count is read at STREAMS_SAMPLE_AT (25 s).
  start_router /drip1000x20
  sc0=$(cpu_ms $ROUTER_PID); ch0=$(curl -s "$FAKE/stats" | sed 's/.*"chunks":\([0-9]*\).*/\1/')
  ( sleep "$STREAMS_SAMPLE_AT"; rss_mb $ROUTER_PID > "$WORK/streams-rss"; curl -s "$FAKE/stats" > "$WORK/streams-open" ) & SAMPLER=$!
  R[streams]=$(WRK_TIMEOUT=60 run "router, $STREAMS streams" "$ROUTER" "$STREAMS" "$STREAMS_SECS" "${ROUTE_ENV[@]}" BENCH_STREAM=1 \
    | cut -d' ' -f2-)
  wait $SAMPLER; R[streams_rss]=$(cat "$WORK/streams-rss"); R[streams_open]=$(cat "$WORK/streams-open")
  # Router CPU per chunk the provider sent during the run (stream set-ups, JIT and GC included)
  ch1=$(curl -s "$FAKE/stats" | sed 's/.*"chunks":\([0-9]*\).*/\1/')
  R[streams_cpu]=$(awk -v a="$sc0" -v b="$(cpu_ms $ROUTER_PID)" -v n="$((ch1 - ch0))" 'BEGIN {printf "%.3f", (b - a) / n}')
  log "streams: ${R[streams]} rss ${R[streams_rss]} MB, provider ${R[streams_open]}, router CPU ${R[streams_cpu]} ms per chunk"
  stop_router
fi

# ---------------------------------------------------------------- the table
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b}'; }
echo
echo "| measure | policy-router | Portkey $PORTKEY_VERSION | target |"
echo "|---|---|---|---|"
if [ -n "${R[router_auto]:-}" ]; then
  echo "| \`model: auto\`, instant provider, 16 connections | $(f router_auto 1) req/s (p50 $(f router_auto 2) ms) = $(ratio "$(f router_auto 1)" "$(f portkey_cond 1)")× Portkey | conditional: $(f portkey_cond 1) req/s (p50 $(f portkey_cond 2) ms) | ≥ 5× |"
  echo "| CPU per auto-routed dispatched request | ${R[cpu]} ms | | ≤ 0.25 ms |"
  echo "| (the fake provider alone, 16 connections) | direct: $(f direct 1) req/s, p50 $(f direct 2) ms | | |"
fi
if [ -n "${R[p_router]:-}" ]; then
  ro=$(awk -v a="$(f p_router 2)" -v b="$(f p_direct 2)" 'BEGIN {printf "%.3f", a - b}')
  po=$(awk -v a="$(f p_portkey 2)" -v b="$(f p_direct 2)" 'BEGIN {printf "%.3f", a - b}')
  echo "| p50 overhead over direct at ~100 req/s | +$ro ms ($(f p_router 1) req/s) = $(ratio "$ro" "$po")× Portkey | +$po ms ($(f p_portkey 1) req/s) | ≤ 0.25× |"
fi
if [ -n "${R[s_router]:-}" ]; then
  echo "| provider latency 1 s, $SLOW_CONNS connections, ${SLOW_DURATION} s | $(f s_router 1) req/s, p99 $(f s_router 4) ms, $(f s_router 7) non-2xx, $(f s_router 8) socket errors, RSS ${R[s_rss]} MB | $(f s_portkey 1) req/s, p99 $(f s_portkey 4) ms, $(f s_portkey 7) non-2xx | ≥ 950 req/s, p99 ≤ 1.5 s, 0 errors |"
fi
if [ -n "${R[st32]:-}" ]; then
  echo "| 32 concurrent streams, healthy provider | $(f st32 6) streams, $(f st32 7) non-2xx, $(f st32 8) socket errors, ${R[st32_conn]} connection errors, ${R[st32_open]} breaker openings | | 0 non-2xx, 0 connection errors |"
fi
if [ -n "${R[streams]:-}" ]; then
  echo "| $STREAMS open streams (21 s each, slow provider) | $(f streams 6) streams completed, $(f streams 7) non-2xx, $(f streams 8) socket errors; p50 $(f streams 2) ms against 21,000 at the provider; RSS ${R[streams_rss]} MB with provider ${R[streams_open]}; router CPU ${R[streams_cpu]} ms per chunk | | 5,000 with RSS ≤ 1 GB, 0 errors |"
fi
echo
echo "Versions: $(java -version 2>&1 | head -1); node $(node -v); wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2); router $(git -C "$ROOT" log -1 --format='%h %s' 2>/dev/null | cut -c1-60)"
