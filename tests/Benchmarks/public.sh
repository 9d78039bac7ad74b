#!/usr/bin/env bash
# Public results page under load (docs/BENCHMARKS.md, "Public results"): wrk against GET /cong-khai/{unit} and, in the
# same run, GET /health (the cheapest endpoint) for comparison. Target: /cong-khai/{unit} ≥ 10,000 req/s, p99 ≤ 20 ms.
#
#   tests/Benchmarks/public.sh
#   THREADS=2 CONNECTIONS=32 DURATION=10s UNIT=so-tu-phap tests/Benchmarks/public.sh
#
# Builds SurveyApi (Release) into a temp folder and starts it on 127.0.0.1 with a fresh data folder and the demo
# catalog; the page is computed on the first request and then served from memory until it is 5 minutes old, which is
# what makes it cheap (so the number of ratings in the store does not change the served cost). Every answer must be 200.
set -euo pipefail

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
UNIT=${UNIT:-so-tu-phap}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk curl >/dev/null; }

work=$(mktemp -d /tmp/parsurvey-public.XXXXXX)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building SurveyApi (Release)"
dotnet publish -c Release --nologo -v quiet -p:UseAppHost=false -o "$work/app" "$root/src/SurveyApi/SurveyApi.csproj" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
mkdir -p "$work/data"
dotnet "$work/app/SurveyApi.dll" --urls http://127.0.0.1:0 --ParSurvey:DataDirectory="$work/data" \
  --ParSurvey:Admin:Email=bench@parsurvey.local --ParSurvey:Admin:Password="Bench-$RANDOM$RANDOM-pw" \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information >"$work/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n1 || true)
  [[ -n "$url" ]] && curl -fsS -o /dev/null --max-time 1 "$url/health" && break
  url=""; sleep 0.1
done
[[ -n "$url" ]] || { cat "$work/server.log"; echo "server did not start" >&2; exit 1; }
bytes=$(curl -fsS "$url/cong-khai/$UNIT" | wc -c)
echo "   $url, /cong-khai/$UNIT is $bytes bytes"

run() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout 5s -s "$here/public.lua" "$url$1" | grep '^BENCH'; }
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
run "/cong-khai/$UNIT" "$WARMUP" >/dev/null; run /health "$WARMUP" >/dev/null
echo "== machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
page=$(run "/cong-khai/$UNIT" "$DURATION"); health=$(run /health "$DURATION")
printf '%-22s %10s %9s %9s %s\n' endpoint "req/s" "p50 ms" "p99 ms" "non-200"
printf '%-22s %10s %9s %9s %s\n' "/cong-khai/$UNIT" "$(field "$page" rps)" "$(field "$page" p50_ms)" "$(field "$page" p99_ms)" "$(field "$page" unexpected)"
printf '%-22s %10s %9s %9s %s\n' /health "$(field "$health" rps)" "$(field "$health" p50_ms)" "$(field "$health" p99_ms)" "$(field "$health" unexpected)"
awk -v r="$(field "$page" rps)" -v p="$(field "$page" p99_ms)" -v h="$(field "$health" rps)" 'BEGIN {
  printf "ratio page/health %.2f; target >= 10000 req/s and p99 <= 20 ms: %s\n", r / h, (r >= 10000 && p <= 20) ? "met" : "NOT met" }'
[[ "$(field "$page" unexpected)" == 0 && "$(field "$page" errors)" == 0 ]] || { echo "some answers were not 200" >&2; exit 1; }
