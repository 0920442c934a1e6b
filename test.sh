#!/usr/bin/env bash
# Installs what the tests need (Debian packages, when missing), builds in Release and runs every test project.
# Prints a closing line "N passed, N failed"; exits non-zero when anything failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the tests use (each test names the real part it drives).
debs=(mosquitto mosquitto-clients chromium)
missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" \
    || { echo "test.sh: could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

echo "test.sh: building (Release)…"
if ! dotnet build Kiosk.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "test.sh: build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0; failed=0; status=0
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
for proj in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$proj" .csproj)"
  echo "test.sh: running $name"
  # The console shows failures with their messages; the TRX file gives the counts. A test that hangs is stopped
  # after 8 minutes and named by the blame collector, so a run never waits forever.
  run_project() {
    rm -f "$results/$name.trx"
    dotnet test "$proj" -c Release --no-build -nologo --results-directory "$results" --logger "trx;LogFileName=$name.trx" \
      --blame-hang-timeout 8m --blame-hang-dump-type none
  }
  run_project
  rc=$?
  trx="$results/$name.trx"
  counters="$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -1)"
  if [ "$rc" -ne 0 ] && { [ -z "$counters" ] || ! echo "$counters" | grep -q ' aborted="0"'; }; then
    # A hung (aborted) run is run once more and said loudly; ordinary failures are never retried.
    echo "test.sh: WARNING: $name was aborted (a hang); running it once more"
    run_project
    rc=$?
    counters="$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -1)"
  fi
  if [ -z "$counters" ]; then
    echo "test.sh: $name produced no results (exit $rc)"
    failed=$((failed+1)); status=1; continue
  fi
  p=$(echo "$counters" | sed -E 's/.* passed="([0-9]+)".*/\1/')
  f=$(echo "$counters" | sed -E 's/.* failed="([0-9]+)".*/\1/')
  e=$(echo "$counters" | sed -E 's/.* error="([0-9]+)".*/\1/')
  t=$(echo "$counters" | sed -E 's/.* timeout="([0-9]+)".*/\1/')
  a=$(echo "$counters" | sed -E 's/.* aborted="([0-9]+)".*/\1/')
  f=$((f+e+t+a))
  echo "test.sh: $name: $p passed, $f failed"
  passed=$((passed+p)); failed=$((failed+f))
  [ "$rc" -ne 0 ] && status=1
done
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
