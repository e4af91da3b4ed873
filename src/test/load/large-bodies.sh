#!/usr/bin/env bash
# Many large request bodies at once against the packaged router on a pod-sized heap (docs/benchmarks.md, "Large
# bodies"): does the replica stay up, answer every call (served, or 503 with Retry-After), and serve the next one?
# Usage: mvn package -DskipTests && bash src/test/load/large-bodies.sh   (HEAP=600m CALLS=300 MB=3 PORT=18090)
# 600m is the heap of the Kubernetes manifest's pod (1 GiB limit, MaxRAMPercentage=60). Needs curl and python3.
set -euo pipefail
HEAP=${HEAP:-600m}; CALLS=${CALLS:-300}; MB=${MB:-3}; PORT=${PORT:-18090}
cd "$(dirname "$0")/../../.."
work=$(mktemp -d); trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
python3 - "$work/body.json" "$MB" <<'PY'
import json, sys
text = ("The quarterly report lists revenue, costs and margins for every region. " * 20000)
size = int(float(sys.argv[2]) * 1_000_000)
text = (text * (size // len(text) + 1))[:size]
json.dump({"model": "auto", "messages": [{"role": "user", "content": "Summarise this report:\n" + text}]},
          open(sys.argv[1], "w"))
PY
java -Xmx"$HEAP" -Dquarkus.http.port="$PORT" -Drouter.store.embedded-path="$work/store" \
  -jar target/quarkus-app/quarkus-run.jar > "$work/router.log" 2>&1 & pid=$!
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/q/health/ready" > /dev/null && break; sleep 0.5; done
echo "heap $HEAP, $CALLS calls at once, $(($(stat -c %s "$work/body.json") / 1000)) kB each"
start=$(date +%s.%N)
seq 1 "$CALLS" | xargs -P "$CALLS" -I{} curl -s -o /dev/null -w '%{http_code}\n' --max-time 300 \
  -X POST "localhost:$PORT/v1/chat/completions" -H 'content-type: application/json' \
  --data-binary @"$work/body.json" > "$work/codes" || true
echo "answered in $(echo "$(date +%s.%N) - $start" | bc) s; status counts:"; sort "$work/codes" | uniq -c
echo "OutOfMemoryError lines in the log: $(grep -c OutOfMemoryError "$work/router.log" || true)"
if kill -0 $pid 2>/dev/null; then
  echo "router alive, RSS $(($(ps -o rss= -p $pid) / 1024)) MB; next small call:" \
    "$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -X POST "localhost:$PORT/v1/chat/completions" \
       -H 'content-type: application/json' -d '{"model":"auto","messages":[{"role":"user","content":"Hi"}]}')"
  curl -s --max-time 30 "localhost:$PORT/q/metrics" | grep -E '^router_shed_total\{reason="body_bytes"' || true
else
  echo "router is gone"; tail -5 "$work/router.log"
fi
