#!/usr/bin/env bash
# The cluster benchmark (not a test; results in docs/BENCHMARKS.md, "Several nodes behind nginx"): scripts/cluster.sh
# starts PostgreSQL, Redis, NODES (3) SurveyApi nodes (Release) and nginx on loopback, then
#   1. boards:  BOARDS (1,000) SignalR boards spread over the nodes (connected to each node in turn) watch the whole
#               city while a kiosk posts RATE (200) ratings/s through nginx: latency from a rating's 201 to the Update
#               that includes it, on boards of every node (tests/Benchmarks/board/board-load.mjs);
#   2. ingest:  wrk through nginx, single durable ratings (ratings.lua, a new id each) from KIOSKS (64) paired kiosks
#               spread over the demo catalog's counters, one connection each: every kiosk sends its next rating once
#               the last is answered, as a tablet does (the nodes JIT-compile first: WARMUP (30 s) of the same load,
#               not counted); then, for comparison, the same load from a single kiosk (every request one device);
#   3. kill:    the same wrk run again, node 2 killed with SIGKILL half-way; then every id answered 201 (both runs) is
#               looked for in PostgreSQL.
# Targets (reported, not enforced): >= 3,000 acknowledged ratings/s, board p99 <= 500 ms, 0 lost. Exit status: 0 after
# "durability check: PASS"; 1 when an acknowledged rating is missing; 2 when the run could not be made (the cluster did
# not start, sign-in or pairing failed, wrk or psql failed). Everything is stopped and removed at the end.
#   tests/Benchmarks/cluster.sh
#   DURATION=10s BOARDS=300 BOARD_SECONDS=10 tests/Benchmarks/cluster.sh
#   PARTS="ingest kill" tests/Benchmarks/cluster.sh      # some of the three parts only
set -euo pipefail

KIOSKS=${KIOSKS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
BOARDS=${BOARDS:-1000}
RATE=${RATE:-200}
BOARD_SECONDS=${BOARD_SECONDS:-15}
BOARD_WARMUP=${BOARD_WARMUP:-15}
TARGET_RPS=${TARGET_RPS:-3000}
PARTS=${PARTS:-boards ingest kill}
part() { [[ " $PARTS " == *" $1 "* ]]; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v wrk >/dev/null || { echo "== installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d /tmp/parsurvey-cluster-bench.XXXXXX)
chmod 0755 "$work"   # PostgreSQL runs as nobody under root: it must reach its folder inside
export PARSURVEY_CLUSTER_DIR="$work/cluster"
cleanup() {
  # A node's errors (a 503 is a failed store write) say more than the status counts: shown before the folder goes.
  # (No such line is the usual case: grep's status 1 must not become the script's through set -e in the EXIT trap.)
  local status=$?
  { grep -h -m3 -A2 -E '^(fail|crit):' "$PARSURVEY_CLUSTER_DIR"/logs/node*.log 2>/dev/null || true; } | head -n 30 | sed 's/^/node log: /' || true
  "$root/scripts/cluster.sh" down >/dev/null 2>&1 || true
  rm -rf "$work" || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The kiosks here press far faster than citizens: no rate limit, and no press filter (a 5 s cooldown would keep all but
# one rating in five seconds per kiosk out of the board's totals, and the board part matches ratings to totals).
SERVER_ARGS="--ParSurvey:Security:DeviceRatingsPerMinute=100000000 --ParSurvey:Security:LoginPerMinute=100000 --ParSurvey:Security:PairingPerMinute=100000 --ParSurvey:Kiosk:CooldownSeconds=0" \
  "$root/scripts/cluster.sh" up >"$work/up.txt" || { cat "$work/up.txt"; echo "the cluster did not start" >&2; exit 2; }
# shellcheck disable=SC1091
source "$PARSURVEY_CLUSTER_DIR/cluster.env"
node_url() { local v="NODE${1}_PORT"; echo "http://127.0.0.1:${!v}"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== $NODES nodes behind nginx at $BALANCER; $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"

# Sign in as the admin through the balancer, pair a kiosk (counter p-sai-gon-q1 of the demo catalog).
jar="$work/cookies.txt"
token=$(curl -fsS -c "$jar" "$BALANCER/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' |
  perl -pe 's/&#x([0-9A-Fa-f]+);/chr(hex($1))/ge; s/&amp;/&/g')
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "email=$ADMIN_EMAIL" --data-urlencode "password=$ADMIN_PASSWORD" "$BALANCER/login")
[[ "$status" == 302 ]] || { echo "sign-in answered $status" >&2; exit 2; }
csrf=$(curl -fsS -b "$jar" -c "$jar" "$BALANCER/api/antiforgery" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
pair() { # counter → "key@counter"
  local code key
  code=$(curl -fsS -b "$jar" -H "X-CSRF-TOKEN: $csrf" -H 'content-type: application/json' -d "{\"counterId\":\"$1\",\"name\":\"bench $1\"}" \
    "$BALANCER/api/admin/devices" | sed -n 's/.*"pairingCode":"\([^"]*\)".*/\1/p')
  key=$(curl -fsS -H 'content-type: application/json' -d "{\"pairingCode\":\"$code\"}" "$BALANCER/api/devices/pair" | sed -n 's/.*"deviceKey":"\([^"]*\)".*/\1/p')
  [[ -n "$key" ]] || { echo "could not pair a kiosk at $1" >&2; exit 2; }
  echo "$key@$1"
}
# The board's kiosk (counter p-sai-gon-q1), and KIOSKS kiosks round the demo catalog's counters that serve one field (a
# rating there needs no field code); score 3 is on both the 3- and the 4-level scales.
key=$(pair p-sai-gon-q1); key=${key%@*}
kiosks=""
for counter in $(python3 -c "
import json, sys
c = [x['id'] for x in json.load(open('$root/src/SurveyApi/Catalog/demo-catalog.json'))['counters'] if len(x['fieldCodes']) == 1]
print(' '.join(c[i % len(c)] for i in range($KIOSKS)))"); do
  kiosks+="$(pair "$counter"),"
done
kiosks=${kiosks%,}
cookie=$(awk -F'\t' 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")

if part boards; then
echo
echo "######## 1. boards: $BOARDS boards over $NODES nodes, $RATE ratings/s through nginx (load $(load))"
[ -d "$here/board/node_modules/@microsoft/signalr" ] || (cd "$here/board" && npm ci --no-audit --no-fund >&2)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
boards=$(for i in $(seq 1 "$NODES"); do node_url "$i"; done | paste -sd, -)
BASE_URL="$BALANCER" BOARD_URLS="$boards" COOKIE="$cookie" DEVICE_KEY="$key" BOARDS="$BOARDS" RATE="$RATE" \
  DURATION="$BOARD_SECONDS" WARMUP="$BOARD_WARMUP" SERVER_PID="$(cat "$PARSURVEY_CLUSTER_DIR/node1.pid")" CLK_TCK="$(getconf CLK_TCK)" \
  timeout $((BOARD_WARMUP + BOARD_SECONDS + 120)) node "$here/board/board-load.mjs" || echo "board run failed (exit $?)"
fi

acked="$work/acked-ids.txt"
: >"$acked"
field() { grep '^BENCH ' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
run_wrk() { # name threads connections duration [env…]: the id of every 201 is kept in $acked
  local name=$1 threads=$2 connections=$3 duration=$4; shift 4
  env BENCH_MODE=ingest BENCH_ACKED_FILE="$acked" BENCH_SCORE=3 "$@" timeout 300 \
    wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency -s "$here/ratings.lua" "$BALANCER/api/ratings" >"$work/$name.txt" 2>&1 \
    || { cat "$work/$name.txt"; echo "wrk failed" >&2; exit 2; }
  local ok seconds
  ok=$(field "$work/$name.txt" expected); seconds=$(field "$work/$name.txt" seconds)
  printf '%-8s %8.0f requests/s  %8.0f acknowledged/s  p99 %7.2f ms  answers %s  socket errors %s  (load %s)\n' "$name" \
    "$(field "$work/$name.txt" rps)" "$(awk -v n="$ok" -v s="$seconds" 'BEGIN { print n / s }')" "$(field "$work/$name.txt" p99_ms)" \
    "$(field "$work/$name.txt" statuses)" "$(field "$work/$name.txt" socket_errors)" "$(load)"
}
kiosks_wrk() { run_wrk "$1" "$KIOSKS" "$KIOSKS" "$2" BENCH_KIOSKS="$kiosks"; }

if part ingest; then
echo
echo "######## 2. durable ingest through nginx: $KIOSKS kiosks, one connection each (wrk -t$KIOSKS -c$KIOSKS -d$DURATION -s ratings.lua)"
echo "   warm-up: $WARMUP of the same, not counted (load $(load))"
BENCH_MODE=ingest BENCH_ACKED_FILE=/dev/null BENCH_SCORE=3 BENCH_KIOSKS="$kiosks" \
  wrk -t"$KIOSKS" -c"$KIOSKS" -d"$WARMUP" -s "$here/ratings.lua" "$BALANCER/api/ratings" >/dev/null 2>&1 || true
kiosks_wrk ingest "$DURATION"
rps=$(awk -v n="$(field "$work/ingest.txt" expected)" -v s="$(field "$work/ingest.txt" seconds)" 'BEGIN { printf "%.0f", n / s }')
echo "acknowledged ratings/s through the balancer: $rps ($( ((rps >= TARGET_RPS)) && echo meets || echo MISSES) the target >= $TARGET_RPS)"
echo "   for comparison, every request from one kiosk (wrk -t2 -c$KIOSKS: its ratings lock one device's press-filter mark on every node):"
run_wrk onekiosk 2 "$KIOSKS" "$DURATION" BENCH_DEVICE_KEY="$key" BENCH_COUNTER=p-sai-gon-q1
fi

if part kill; then
echo
echo "######## 3. the same, node 2 killed with SIGKILL half-way"
seconds=${DURATION%s}
( sleep "$(awk -v d="$seconds" 'BEGIN { print d / 2 }')"; kill -KILL "$(cat "$PARSURVEY_CLUSTER_DIR/node2.pid")"; echo "   node 2 killed at $(date +%T)" ) &
killer=$!
kiosks_wrk kill "$DURATION"
wait "$killer"
fi

# Ratings answered 201, after a warm-up run whose ids were not kept: every kept id must be in the database.
counts=$("$PG_BIN/psql" -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d parsurvey <<SQL
CREATE TEMP TABLE acked (id text NOT NULL);
\\copy acked FROM '$acked'
SELECT (SELECT COUNT(*) FROM acked) || ' ' || (SELECT COUNT(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.id::text = a.id));
SQL
) || { echo "could not count the acknowledged ratings in PostgreSQL" >&2; exit 2; }
read -r acks missing <<<"$counts"
[[ "$acks" =~ ^[0-9]+$ && "$missing" =~ ^[0-9]+$ ]] || { echo "unexpected answer from PostgreSQL: '$counts'" >&2; exit 2; }
echo
echo "durability: $acks ratings answered 201 in the wrk runs, $missing of them missing from PostgreSQL after the kill"
((missing == 0)) || { echo "FAIL: $missing acknowledged ratings lost" >&2; exit 1; }
echo "durability check: PASS"
