#!/usr/bin/env bash
# The whole test run on a fresh Debian machine with the .NET SDK: installs what the tests need that the machine
# lacks, restores, builds and runs every test. Nothing is skipped. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use; installed only when missing (needs root, as on CI and the dev machines).
packages=()
[ -e /usr/share/zoneinfo/Asia/Ho_Chi_Minh ] || packages+=(tzdata)
[ -x /usr/bin/chromium ] || packages+=(chromium)              # browser tests (Playwright drives Debian's Chromium)
command -v zbarimg >/dev/null || packages+=(zbar-tools)     # decodes the QR codes the server draws
command -v pdftotext >/dev/null || packages+=(poppler-utils) # reads back the text of the official-document PDF
fc-list 2>/dev/null | grep -qi dejavu || packages+=(fonts-dejavu-core)  # Vietnamese glyphs in screenshots
command -v npm >/dev/null || packages+=(npm)                # the build installs axe-core from package-lock.json
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)  # the tests start a throwaway cluster of their own
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || packages+=(python3-aiosmtpd)  # a real SMTP server for the e-mail notifications
[ -x /usr/sbin/nginx ] || packages+=(nginx)                 # the balancer in front of the cluster tests' three nodes
[ -x /usr/bin/redis-server ] || packages+=(redis-server)    # the cluster tests' shared rate limits
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing Debian packages: ${packages[*]} (run as root, or: sudo apt-get install ${packages[*]})" >&2
    exit 1
  fi
  echo "test.sh: installing ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore ParSurvey.sln
dotnet build ParSurvey.sln --no-restore -c Debug -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
# The test servers' data folders: one folder per test process (Infrastructure/TempFolder), named by its process id.
tests_tmp="${TMPDIR:-/tmp}/parsurvey-tests"
before=" $(ls "$tests_tmp" 2>/dev/null | tr '\n' ' ') "
dotnet test ParSurvey.sln --no-build -c Debug --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# The test host is stopped without running its exit handler, so its folder stays: removed here once the process has
# ended (this run's own test hosts get up to 30 s to finish leaving), with any other ended process's; a suite that is
# still running (another checkout's) keeps its own.
for folder in "$tests_tmp"/*/; do
  pid=$(basename "$folder")
  [[ $pid =~ ^[0-9]+$ ]] || continue
  if [[ "$before" != *" $pid "* ]]; then
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if ! kill -0 "$pid" 2>/dev/null; then rm -rf "$folder"; fi
done

# One closing line for every test project together.
awk '/^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 } /^ +Skipped: [0-9]+$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
