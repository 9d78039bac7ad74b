#!/usr/bin/env bash
# The whole test run on a fresh Debian machine with the .NET SDK: installs what the tests need that the machine
# lacks, restores, builds and runs every test. Nothing is skipped. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use; installed only when missing (needs root, as on CI and the dev machines). Each check
# reads a file or asks the shell, never a pipeline that can fail on a machine that has the package.
packages=()
[ -e /usr/share/zoneinfo/Asia/Ho_Chi_Minh ] || packages+=(tzdata)
[ -x /usr/bin/chromium ] || packages+=(chromium)              # browser tests (Playwright drives Debian's Chromium)
command -v zbarimg >/dev/null || packages+=(zbar-tools)     # decodes the QR codes the server draws
command -v pdftoppm >/dev/null || packages+=(poppler-utils)  # renders the PDFs to images (and pdftotext, pdffonts)
command -v gs >/dev/null || packages+=(ghostscript)          # a second PDF renderer, whose warnings the tests read
command -v tesseract >/dev/null || packages+=(tesseract-ocr) # reads rendered pages back as a person would
compgen -G '/usr/share/tesseract-ocr/*/tessdata/vie.traineddata' >/dev/null || packages+=(tesseract-ocr-vie)
[ -e /usr/lib/libreoffice/program/libswlo.so ] || packages+=(libreoffice-writer-nogui)  # opens the DOCX reports
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || packages+=(fonts-liberation2)  # the documents' font
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)  # Vietnamese glyphs in screenshots
command -v npm >/dev/null || packages+=(npm)                # the build installs axe-core from package-lock.json
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || packages+=(postgresql)  # the tests start a throwaway cluster of their own
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || packages+=(python3-aiosmtpd)  # a real SMTP server for the e-mail notifications
[ -x /usr/sbin/nginx ] || packages+=(nginx)                 # the balancer in front of the cluster tests' three nodes
[ -x /usr/bin/redis-server ] || packages+=(redis-server)    # the cluster tests' shared rate limits
command -v shellcheck >/dev/null || packages+=(shellcheck)  # the repository's shell scripts are checked below
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing Debian packages: ${packages[*]} (run as root, or: sudo apt-get install ${packages[*]})" >&2
    exit 1
  fi
  echo "test.sh: installing ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# Every shell script in the repository, warnings included: a pipefail or set -e trap is found here, not on a new machine.
scripts=()
while IFS= read -r -d '' f; do
  case "$f" in
    *.sh | .ci/run) scripts+=("$f") ;;
    *) first=""; IFS= read -r first <"$f" 2>/dev/null || true
       if [[ "$first" =~ ^\#!.*(ba)?sh ]]; then scripts+=("$f"); fi ;;
  esac
done < <(git ls-files -z 2>/dev/null || find . -path ./node_modules -prune -o -path '*/node_modules' -prune -o -type f -print0)
if [ ${#scripts[@]} -gt 0 ]; then
  shellcheck -S warning "${scripts[@]}" || { echo "test.sh: shellcheck found warnings in the scripts above" >&2; exit 1; }
  echo "test.sh: shellcheck passed on ${#scripts[@]} scripts"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore ParSurvey.sln
dotnet build ParSurvey.sln --no-restore -c Debug -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
# The test servers' data folders: one folder per test process (Infrastructure/TempFolder), named by its process id.
tests_tmp="${TMPDIR:-/tmp}/parsurvey-tests"
# On a machine that never ran the suite the folder does not exist yet: no folders then (a failing "ls" in a command
# substitution would end the script under set -e before a single test ran).
before=" "
for folder in "$tests_tmp"/*/; do
  if [[ -d "$folder" ]]; then before+="$(basename "$folder") "; fi
done
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
