#!/usr/bin/env bash
# Report benchmark (docs/BENCHMARKS.md, "Reports"): a synthetic city-year of ratings, then the city-wide monthly and
# yearly reports in every format, timed, with peak memory and a check that the roll-ups agree with the raw rows.
#   tests/Benchmarks/reports.sh [--ratings N] [--db PATH] [--reps N] [--warmup N] [--cold]
#   PROVIDER=postgres tests/Benchmarks/reports.sh [--ratings N] [--reps N] [--warmup N]
# SQLite (default): the database is seeded once (10 million ratings by default, in /tmp/parsurvey-reportbench/) and
# reused by later runs. PostgreSQL: a cluster of Debian's PostgreSQL kept in /tmp/parsurvey-reportbench/pg (initdb once,
# as user nobody, fsync and synchronous_commit on), started on a free loopback port for the run and stopped after it;
# the year goes into its own database there (parsurvey_reportbench_N) and is reused by later runs too.
set -euo pipefail
cd "$(dirname "$0")/../.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PROVIDER=${PROVIDER:-sqlite}
project=tests/Benchmarks/ReportBench/ReportBench.csproj
dotnet build "$project" -c Release -nologo -clp:ErrorsOnly -v quiet
bench=(dotnet tests/Benchmarks/ReportBench/bin/Release/net10.0/ReportBench.dll)

if [[ "$PROVIDER" == postgres ]]; then
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
  pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  pg=/tmp/parsurvey-reportbench/pg
  pg_as=()
  mkdir -p "$pg/socket"
  if [[ $(id -u) -eq 0 ]]; then chown -R nobody: "$pg"; chmod 0755 /tmp/parsurvey-reportbench; pg_as=(runuser -u nobody --); fi
  if [[ ! -f "$pg/data/PG_VERSION" ]]; then
    "${pg_as[@]}" "$pg_bin/initdb" -D "$pg/data" -U postgres -A trust -E UTF8 --no-locale >"$pg/initdb.log" 2>&1 || { cat "$pg/initdb.log"; exit 1; }
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 120 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $pg/socket -c shared_buffers=1GB -c max_wal_size=4GB" start >/dev/null \
    || { tail -20 "$pg/server.log"; exit 1; }
  trap '"${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1 || true' EXIT
  export PARSURVEY_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Command Timeout=0"
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$port, data in $pg/data (shared_buffers 1GB; fsync, synchronous_commit on)"
fi

# Two processes, so the measuring one's peak memory is the reports' own and not the seeding's.
"${bench[@]}" seed "$@"
"${bench[@]}" measure "$@"
