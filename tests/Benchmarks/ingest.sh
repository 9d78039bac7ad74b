#!/usr/bin/env bash
# Single-rating ingest over HTTP on loopback, measured with wrk against the cheapest endpoint (/health) in the same run,
# once per storage provider: SQLite (the data folder's file) and PostgreSQL (a throwaway cluster this script starts).
#
#   tests/Benchmarks/ingest.sh
#   THREADS=2 CONNECTIONS=64 DURATION=10s WARMUP=3s PROVIDERS="sqlite postgres" tests/Benchmarks/ingest.sh
#
# Builds SurveyApi (Release) into a temp folder, starts it on 127.0.0.1 with a fresh data folder, warms both endpoints
# up, then runs wrk with the same threads/connections/duration against GET /health and POST /api/ratings (a new UUID v4
# per request). Prints requests/s and p99 of both and the ratio ingest ÷ health (reported for comparing runs on a noisy machine).
# Then it kills the server with SIGKILL (a crash: nothing left in memory gets a chance to be written) and checks with
# sqlite3 (or psql) that every rating answered 201 is in the database. Exits non-zero only if that check fails.
# PostgreSQL: Debian's initdb/pg_ctl (/usr/lib/postgresql/*/bin) in the temp folder as user nobody, a free loopback
# port, fsync and synchronous_commit on (the defaults); the server gets a fresh database and commits with
# synchronous_commit on. Target there: >= PG_TARGET_RPS (5000) acknowledged ratings/s, reported, not enforced.
# Any other environment (e.g. DOTNET_gcServer=0) is passed on to the server.
set -euo pipefail

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
PROVIDERS=${PROVIDERS:-sqlite postgres}
PG_TARGET_RPS=${PG_TARGET_RPS:-5000}

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
if [[ " $PROVIDERS " == *" postgres "* ]]; then
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need /usr/lib/postgresql/none postgresql
  command -v psql >/dev/null 2>&1 || need psql postgresql-client
fi

work=$(mktemp -d /tmp/parsurvey-bench.XXXXXX)
server_pid=""
pg_bin=""; pg_port=""; pg_as=()
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "$pg_port" ]]; then "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building SurveyApi (Release)"
dotnet publish -c Release --nologo -v quiet -p:UseAppHost=false -o "$work/app" "$root/src/SurveyApi/SurveyApi.csproj" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }

bench() { # provider; sets result_<provider>
local provider=$1 store_args=() run="$work/$1"
mkdir -p "$run"
if [[ "$provider" == postgres ]]; then
  local db="bench_$RANDOM$RANDOM"
  psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE $db;" >/dev/null
  pg_conn="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$db"
  store_args=(--ParSurvey:Storage:Provider=postgres "--ParSurvey:Storage:ConnectionString=$pg_conn")
fi
echo
echo "######## $provider"
echo "== starting server"
mkdir -p "$run/data"
# Port 0: Kestrel picks a free port and the lifetime logger (kept at Information) says which.
# A kiosk device is allowed a few ratings a minute in production; this one stands for many counters at once.
admin_password="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
dotnet "$work/app/SurveyApi.dll" --urls http://127.0.0.1:0 --ParSurvey:DataDirectory="$run/data" \
  --ParSurvey:Admin:Email=bench@parsurvey.local --ParSurvey:Admin:Password="$admin_password" \
  --ParSurvey:Security:DeviceRatingsPerMinute=100000000 "${store_args[@]}" \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information \
  >"$run/server.log" 2>&1 &
server_pid=$!

url=""
for _ in $(seq 1 300); do # at most 30 s
  kill -0 "$server_pid" 2>/dev/null || { cat "$run/server.log"; echo "server exited during start-up" >&2; exit 1; }
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$run/server.log" | head -n1 || true)
  if [[ -n "$url" ]] && curl -fsS -o /dev/null --max-time 1 "$url/health"; then break; fi
  url=""
  sleep 0.1
done
[[ -n "$url" ]] || { cat "$run/server.log"; echo "server did not answer /health within 30 s" >&2; exit 1; }
echo "   $url (pid $server_pid)"

# Ratings need a paired kiosk: sign in as the admin (the form and its antiforgery token), create a device, pair it.
jar="$run/cookies.txt"
token=$(curl -fsS -c "$jar" "$url/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | sed 's/&#x2B;/+/g; s/&#x2F;/\//g; s/&#x3D;/=/g')
curl -fsS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "email=bench@parsurvey.local" --data-urlencode "password=$admin_password" "$url/login"
csrf=$(curl -fsS -b "$jar" -c "$jar" "$url/api/antiforgery" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
code=$(curl -fsS -b "$jar" -H "X-CSRF-TOKEN: $csrf" -H 'content-type: application/json' -d "{\"counterId\":\"${BENCH_COUNTER:-p-sai-gon-q1}\",\"name\":\"wrk\"}" \
  "$url/api/admin/devices" | sed -n 's/.*"pairingCode":"\([^"]*\)".*/\1/p')
BENCH_DEVICE_KEY=$(curl -fsS -H 'content-type: application/json' -d "{\"pairingCode\":\"$code\"}" "$url/api/devices/pair" \
  | sed -n 's/.*"deviceKey":"\([^"]*\)".*/\1/p')
export BENCH_DEVICE_KEY
[[ -n "$BENCH_DEVICE_KEY" ]] || { echo "could not pair a device (code '$code')" >&2; exit 1; }

acked="$run/acked-ids.txt"
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
run_wrk health "$WARMUP" /health "$run/warm-health.txt"
run_wrk ingest "$WARMUP" /api/ratings "$run/warm-ingest.txt"

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s $(basename "$lua") (BENCH_MODE=health, then ingest)"
run_wrk health "$DURATION" /health "$run/health.txt"
run_wrk ingest "$DURATION" /api/ratings "$run/ingest.txt"

kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""

health_rps=$(field "$run/health.txt" rps); health_p99=$(field "$run/health.txt" p99_ms)
ingest_rps=$(field "$run/ingest.txt" rps); ingest_p99=$(field "$run/ingest.txt" p99_ms)
health_bad=$(field "$run/health.txt" unexpected)
ingest_bad=$(( $(field "$run/warm-ingest.txt" unexpected) + $(field "$run/ingest.txt" unexpected) ))
ingest_statuses=$(field "$run/ingest.txt" statuses)
ratio=$(awk -v i="$ingest_rps" -v h="$health_rps" 'BEGIN { printf "%.2f", i / h }')

echo
printf '%-22s %12s %10s %18s\n' "" "requests/s" "p99 ms" "server CPU us/req"
printf '%-22s %12.0f %10.2f %18s\n' "GET /health" "$health_rps" "$health_p99" "$(cpu_per_request "$run/health.txt")"
printf '%-22s %12.0f %10.2f %18s\n' "POST /api/ratings" "$ingest_rps" "$ingest_p99" "$(cpu_per_request "$run/ingest.txt")"
echo "ratio ingest ÷ health: $ratio (reported for comparison between runs; the 0.5 target was retired: every rating is fsynced)"
[[ "$health_bad" == 0 ]] || echo "note: /health answered $health_bad non-200 responses ($(field "$run/health.txt" statuses))"
for f in health ingest; do
  errors=$(field "$run/$f.txt" socket_errors)
  [[ "$errors" == 0 ]] || echo "note: wrk saw $errors socket errors (connect/read/write/timeout) in the $f run"
done

# Durability: every id answered 201 (warm-up included) must be in the database after the kill. Rows beyond the 201s
# are ratings committed while wrk was closing its connections, whose answers it never read: at most one per
# connection per ingest run.
if [[ "$provider" == postgres ]]; then
check=$(psql -q -At -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" <<SQL
CREATE TEMP TABLE acked (id text NOT NULL);
\\copy acked FROM '$acked'
SELECT (SELECT COUNT(*) FROM ratings) || ' ' || (SELECT COUNT(*) FROM acked) || ' ' ||
       (SELECT COUNT(DISTINCT id) FROM acked) || ' ' ||
       (SELECT COUNT(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.id::text = a.id));
SQL
)
else
check=$(sqlite3 "$run/data/parsurvey.db" <<SQL
CREATE TEMP TABLE acked (id TEXT NOT NULL);
.import --schema temp '$acked' acked
SELECT (SELECT COUNT(*) FROM main.ratings) || ' ' || (SELECT COUNT(*) FROM acked) || ' ' ||
       (SELECT COUNT(DISTINCT id) FROM acked) || ' ' ||
       (SELECT COUNT(*) FROM acked WHERE id NOT IN (SELECT id FROM main.ratings));
SQL
)
fi
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
if (( ok )); then echo "durability check: PASS (every rating answered 201 is stored)"; else echo "durability check: FAIL"; failed=1; fi
local acked_rps
acked_rps=$(awk -v n="$(field "$run/ingest.txt" expected)" -v s="$(field "$run/ingest.txt" seconds)" 'BEGIN { printf "%.0f", n / s }')
summary+=("$(printf '%-9s %12.0f %12s %10.2f %8s %10s  %s' "$provider" "$ingest_rps" "$acked_rps" "$ingest_p99" "$ratio" "$missing" "$( ((ok)) && echo PASS || echo FAIL)")")
if [[ "$provider" == postgres ]]; then
  echo "PostgreSQL: $acked_rps acknowledged ratings/s ($( ((acked_rps >= PG_TARGET_RPS)) && echo meets || echo MISSES) the target >= $PG_TARGET_RPS)"
fi
}

start_pg_cluster() {
  pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  mkdir -p "$work/pg/socket"
  if [[ $(id -u) -eq 0 ]]; then chown -R nobody: "$work/pg"; chmod 0755 "$work"; pg_as=(runuser -u nobody --); fi
  "${pg_as[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --no-locale >"$work/pg-initdb.log" 2>&1 \
    || { cat "$work/pg-initdb.log"; exit 1; }
  pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # Defaults that matter for durability are left as they are: fsync = on, synchronous_commit = on, full_page_writes = on.
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/pg/socket -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null \
    || { cat "$work/pg/server.log"; exit 1; }
  echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$pg_port (fsync $(psql -At -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'SHOW fsync'), synchronous_commit $(psql -At -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'SHOW synchronous_commit'))"
}

failed=0
summary=()
for provider in $PROVIDERS; do
  case "$provider" in
    sqlite) ;;
    postgres) [[ -n "$pg_port" ]] || start_pg_cluster ;;
    *) echo "PROVIDERS: unknown provider '$provider' (sqlite, postgres)" >&2; exit 2 ;;
  esac
  bench "$provider"
done
echo
echo "== summary (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, durable single-rating ingest, kill -9 check)"
printf '%-9s %12s %12s %10s %8s %10s  %s\n' provider "requests/s" "201/s" "p99 ms" "÷health" "lost" durability
printf '%s\n' "${summary[@]}"
exit "$failed"
