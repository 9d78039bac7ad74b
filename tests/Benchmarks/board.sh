#!/usr/bin/env bash
# Live board benchmark (not a test; results go in docs/BENCHMARKS.md, "Live board"):
# BOARDS SignalR boards watch the whole city while one paired kiosk posts RATE ratings/s for WARMUP + DURATION seconds;
# prints latency from a rating's 201 to its Update at the boards, and the server's CPU and memory. About a minute.
#   tests/Benchmarks/board.sh                        # 1,000 boards, 200 ratings/s, 30 s warm-up, 20 s measured
#   BOARDS=100 DURATION=10 tests/Benchmarks/board.sh
# SERVER_DLL runs another build (with SKIP_BUILD=1), SERVER_ARGS adds server options, SERVER_LOG=file keeps the server's log, NODE_ARGS adds node options (e.g. --cpu-prof).
# Everything runs on 127.0.0.1 with a fresh temporary data folder; the server is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

# The warm-up is long because the server's tiered JIT makes ~7,000 recompilations (with PGO) in the first ~25 s under
# this load, a quarter of a core meanwhile; a 3 s warm-up measured that, not the steady state.
export BOARDS=${BOARDS:-1000} RATE=${RATE:-200} DURATION=${DURATION:-20} WARMUP=${WARMUP:-30}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bench="$repo/tests/Benchmarks/board"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "board.sh: building SurveyApi (Release)" >&2
  dotnet build -c Release src/SurveyApi -nologo -clp:ErrorsOnly -v:q >&2
fi
[ -d "$bench/node_modules/@microsoft/signalr" ] || (cd "$bench" && npm ci --no-audit --no-fund >&2)

# A thousand sockets each side, plus files: make sure the descriptor limit is not what we measure.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  [ -z "${SERVER_LOG:-}" ] || cp "$work/server.log" "$SERVER_LOG" 2>/dev/null || true
  rm -rf "$work" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

email=admin@bench.vn
password="Bench-$(date +%s)-pass"
# Port 0: Kestrel picks a free port and the lifetime log line tells which. The one kiosk presses 200 times a second: no
# rate limit and no press filter (CooldownSeconds=0), or all but one rating in five seconds would stay out of the board's
# totals, which is how the latency is matched.
dotnet "${SERVER_DLL:-src/SurveyApi/bin/Release/net10.0/SurveyApi.dll}" --urls http://127.0.0.1:0 \
  --ParSurvey:DataDirectory="$work/data" \
  --ParSurvey:Admin:Email="$email" --ParSurvey:Admin:Password="$password" \
  --ParSurvey:Security:DeviceRatingsPerMinute=100000000 --ParSurvey:Security:LoginPerMinute=100000 --ParSurvey:Kiosk:CooldownSeconds=0 \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information \
  ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
server_pid=$!

base=""
for _ in $(seq 300); do
  base=$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$work/server.log" | head -1 | sed 's/Now listening on: //') || true
  [ -n "$base" ] && curl -fsS "$base/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "board.sh: the server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
  base=""
  sleep 0.1
done
[ -n "$base" ] || { echo "board.sh: no /health after 30 s" >&2; cat "$work/server.log" >&2; exit 1; }
echo "board.sh: server pid $server_pid at $base" >&2

# Sign in as a person would: the form's antiforgery token (HTML-encoded in the page) and its cookie, then the form.
jar="$work/cookies.txt"
token=$(curl -fsS -c "$jar" "$base/login" |
  sed -n 's/.*<input type="hidden" name="__RequestVerificationToken" value="\([^"]*\)">.*/\1/p' | head -1 |
  perl -pe 's/&#x([0-9A-Fa-f]+);/chr(hex($1))/ge; s/&#(\d+);/chr($1)/ge; s/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/&/g')
[ -n "$token" ] || { echo "board.sh: no antiforgery token on /login" >&2; exit 1; }
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
  --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "email=$email" --data-urlencode "password=$password" \
  "$base/login")
[ "$status" = 302 ] || { echo "board.sh: sign-in answered $status, not 302" >&2; exit 1; }
# Every cookie of the jar as one Cookie header (curl marks HttpOnly ones with a "#HttpOnly_" prefix).
cookie=$(awk -F'\t' 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
grep -q 'ParSurvey.Auth' <<<"$cookie" || { echo "board.sh: no ParSurvey.Auth cookie after sign-in" >&2; exit 1; }

# A kiosk at counter p-sai-gon-q1: the admin creates the device, the kiosk pairs with the code.
# A script's state changes carry the antiforgery header (README, "Cross-site request forgery").
csrf=$(curl -fsS -b "$jar" -c "$jar" "$base/api/antiforgery" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
code=$(curl -fsS -b "$jar" -H "X-CSRF-TOKEN: $csrf" -H 'content-type: application/json' -d '{"counterId":"p-sai-gon-q1","name":"Bench"}' \
  "$base/api/admin/devices" | sed -n 's/.*"pairingCode":"\([^"]*\)".*/\1/p')
[ -n "$code" ] || { echo "board.sh: creating the device failed" >&2; exit 1; }
key=$(curl -fsS -H 'content-type: application/json' -d "{\"pairingCode\":\"$code\"}" "$base/api/devices/pair" |
  sed -n 's/.*"deviceKey":"\([^"]*\)".*/\1/p')
[ -n "$key" ] || { echo "board.sh: pairing failed" >&2; exit 1; }

echo "board.sh: $BOARDS boards, $RATE ratings/s, ${WARMUP} s warm-up + ${DURATION} s measured; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
# Bounded: connecting the boards, the drain and the report fit well inside the 90 s beyond warm-up and measurement.
BASE_URL="$base" COOKIE="$cookie" DEVICE_KEY="$key" SERVER_PID="$server_pid" CLK_TCK="$(getconf CLK_TCK)" \
  timeout $((WARMUP + DURATION + 90)) node ${NODE_ARGS:-} "$bench/board-load.mjs"

if grep -qE '\b(fail|crit|error)\b' "$work/server.log"; then
  echo "board.sh: the server logged errors:" >&2
  grep -E '\b(fail|crit|error)\b' -A3 "$work/server.log" | head -40 >&2
fi
