#!/usr/bin/env bash
# Report benchmark (docs/BENCHMARKS.md, "Reports"): a synthetic city-year of ratings, then the city-wide monthly and
# yearly reports in every format, timed, with peak memory and a check that the roll-ups agree with the raw rows.
#   tests/Benchmarks/reports.sh [--ratings N] [--db PATH] [--reps N] [--warmup N]
# The database is seeded once (10 million ratings by default, in /tmp/parsurvey-reportbench/) and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
project=tests/Benchmarks/ReportBench/ReportBench.csproj
dotnet build "$project" -c Release -nologo -clp:ErrorsOnly -v quiet
bench=(dotnet tests/Benchmarks/ReportBench/bin/Release/net10.0/ReportBench.dll)

# Two processes, so the measuring one's peak memory is the reports' own and not the seeding's.
"${bench[@]}" seed "$@"
"${bench[@]}" measure "$@"
