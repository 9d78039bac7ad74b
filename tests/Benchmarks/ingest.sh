#!/usr/bin/env bash
# Single-rating ingest over HTTP on loopback, measured with wrk against the cheapest endpoint (/health) in the same run.
#
#   tests/Benchmarks/ingest.sh
#   THREADS=2 CONNECTIONS=64 DURATION=10s WARMUP=3s tests/Benchmarks/ingest.sh
#
# Builds SurveyApi (Release) into a temp folder, starts it on 127.0.0.1 with a fresh data folder, warms both endpoints
# up, then runs wrk with the same threads/connections/duration against GET /health and POST /api/ratings (a new UUID v4
# per request). Prints requests/s and p99 of both and the ratio ingest ÷ health (target ≥ 0.5, reported, not enforced).
# Then it kills the server with SIGKILL (a crash: nothing left in memory gets a chance to be written) and checks with
# sqlite3 that every rating answered 201 is in the database. Exits non-zero only if that check fails.
# Any other environment (e.g. DOTNET_gcServer=0) is passed on to the server.
set -euo pipefail

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
TARGET_RATIO=${TARGET_RATIO:-0.5}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
lua="$here/ratings.lua"

need() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 && return
  echo "== installing $2"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need wrk wrk
need sqlite3 sqlite3
need curl curl

work=$(mktemp -d /tmp/parsurvey-bench.XXXXXX)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building SurveyApi (Release)"
dotnet publish -c Release --nologo -v quiet -p:UseAppHost=false -o "$work/app" "$root/src/SurveyApi/SurveyApi.csproj" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }

echo "== starting server"
mkdir -p "$work/data"
# Port 0: Kestrel picks a free port and the lifetime logger (kept at Information) says which.
# A kiosk device is allowed a few ratings a minute in production; this one stands for many counters at once.
admin_password="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
dotnet "$work/app/SurveyApi.dll" --urls http://127.0.0.1:0 --ParSurvey:DataDirectory="$work/data" \
  --ParSurvey:Admin:Email=bench@parsurvey.local --ParSurvey:Admin:Password="$admin_password" \
  --ParSurvey:Security:DeviceRatingsPerMinute=100000000 \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information \
  >"$work/server.log" 2>&1 &
server_pid=$!

url=""
for _ in $(seq 1 300); do # at most 30 s
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "server exited during start-up" >&2; exit 1; }
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n1 || true)
  if [[ -n "$url" ]] && curl -fsS -o /dev/null --max-time 1 "$url/health"; then break; fi
  url=""
  sleep 0.1
done
[[ -n "$url" ]] || { cat "$work/server.log"; echo "server did not answer /health within 30 s" >&2; exit 1; }
echo "   $url (pid $server_pid)"

# Ratings need a paired kiosk: sign in as the admin (the form and its antiforgery token), create a device, pair it.
jar="$work/cookies.txt"
token=$(curl -fsS -c "$jar" "$url/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | sed 's/&#x2B;/+/g; s/&#x2F;/\//g; s/&#x3D;/=/g')
curl -fsS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "email=bench@parsurvey.local" --data-urlencode "password=$admin_password" "$url/login"
csrf=$(curl -fsS -b "$jar" -c "$jar" "$url/api/antiforgery" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
code=$(curl -fsS -b "$jar" -H "X-CSRF-TOKEN: $csrf" -H 'content-type: application/json' -d "{\"counterId\":\"${BENCH_COUNTER:-p-sai-gon-q1}\",\"name\":\"wrk\"}" \
  "$url/api/admin/devices" | sed -n 's/.*"pairingCode":"\([^"]*\)".*/\1/p')
export BENCH_DEVICE_KEY=$(curl -fsS -H 'content-type: application/json' -d "{\"pairingCode\":\"$code\"}" "$url/api/devices/pair" \
  | sed -n 's/.*"deviceKey":"\([^"]*\)".*/\1/p')
[[ -n "$BENCH_DEVICE_KEY" ]] || { echo "could not pair a device (code '$code')" >&2; exit 1; }

acked="$work/acked-ids.txt"
: >"$acked"
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; } # user + system, in clock ticks
run_wrk() { # mode, duration, path, output file
  local before after
  before=$(server_cpu_ticks)
  BENCH_MODE=$1 BENCH_ACKED_FILE=$acked timeout 60 \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout 10s --latency -s "$lua" "$url$3" >"$4" 2>&1 \
    || { cat "$4"; echo "wrk failed" >&2; exit 1; }
  after=$(server_cpu_ticks)
  echo "BENCH server_cpu_ticks=$((after - before))" >>"$4"
}
field() { grep '^BENCH ' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
cpu_per_request() { # output file -> server CPU microseconds per request
  awk -v t="$(field "$1" server_cpu_ticks)" -v n="$(field "$1" requests)" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }'
}

echo "== warming up ($WARMUP each)"
run_wrk health "$WARMUP" /health "$work/warm-health.txt"
run_wrk ingest "$WARMUP" /api/ratings "$work/warm-ingest.txt"

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s $(basename "$lua") (BENCH_MODE=health, then ingest)"
run_wrk health "$DURATION" /health "$work/health.txt"
run_wrk ingest "$DURATION" /api/ratings "$work/ingest.txt"

kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""

health_rps=$(field "$work/health.txt" rps); health_p99=$(field "$work/health.txt" p99_ms)
ingest_rps=$(field "$work/ingest.txt" rps); ingest_p99=$(field "$work/ingest.txt" p99_ms)
health_bad=$(field "$work/health.txt" unexpected)
ingest_bad=$(( $(field "$work/warm-ingest.txt" unexpected) + $(field "$work/ingest.txt" unexpected) ))
ingest_statuses=$(field "$work/ingest.txt" statuses)
ratio=$(awk -v i="$ingest_rps" -v h="$health_rps" 'BEGIN { printf "%.2f", i / h }')
verdict=$(awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t ? "meets" : "MISSES") }')

echo
printf '%-22s %12s %10s %18s\n' "" "requests/s" "p99 ms" "server CPU us/req"
printf '%-22s %12.0f %10.2f %18s\n' "GET /health" "$health_rps" "$health_p99" "$(cpu_per_request "$work/health.txt")"
printf '%-22s %12.0f %10.2f %18s\n' "POST /api/ratings" "$ingest_rps" "$ingest_p99" "$(cpu_per_request "$work/ingest.txt")"
echo "ratio ingest ÷ health: $ratio ($verdict the target ≥ $TARGET_RATIO)"
[[ "$health_bad" == 0 ]] || echo "note: /health answered $health_bad non-200 responses ($(field "$work/health.txt" statuses))"
for f in health ingest; do
  errors=$(field "$work/$f.txt" socket_errors)
  [[ "$errors" == 0 ]] || echo "note: wrk saw $errors socket errors (connect/read/write/timeout) in the $f run"
done

# Durability: every id answered 201 (warm-up included) must be in the database after the kill. Rows beyond the 201s
# are ratings committed while wrk was closing its connections, whose answers it never read: at most one per
# connection per ingest run.
check=$(sqlite3 "$work/data/parsurvey.db" <<SQL
CREATE TEMP TABLE acked (id TEXT NOT NULL);
.import --schema temp '$acked' acked
SELECT (SELECT COUNT(*) FROM main.ratings) || ' ' || (SELECT COUNT(*) FROM acked) || ' ' ||
       (SELECT COUNT(DISTINCT id) FROM acked) || ' ' ||
       (SELECT COUNT(*) FROM acked WHERE id NOT IN (SELECT id FROM main.ratings));
SQL
)
read -r rows acks distinct missing <<<"$check"
unacked=$((rows - acks))
max_unacked=$((2 * CONNECTIONS))
echo "durability: $acks ratings answered 201, $rows rows in the database after kill -9," \
     "$missing acknowledged ids missing, $unacked rows never acknowledged (in flight at wrk's end, at most $max_unacked)"
ok=1
[[ "$missing" == 0 ]] || { echo "FAIL: $missing ratings answered 201 are not in the database" >&2; ok=0; }
[[ "$distinct" == "$acks" ]] || { echo "FAIL: $((acks - distinct)) ids were answered 201 twice" >&2; ok=0; }
(( unacked >= 0 && unacked <= max_unacked )) || { echo "FAIL: $unacked rows were never acknowledged" >&2; ok=0; }
[[ "$ingest_bad" == 0 ]] || { echo "FAIL: $ingest_bad ingest requests were not answered 201 (statuses $ingest_statuses)" >&2; ok=0; }
if (( ok )); then echo "durability check: PASS (every rating answered 201 is stored)"; else echo "durability check: FAIL"; exit 1; fi
