#!/usr/bin/env bash
# Installs what the tests need (Debian packages, when missing), builds in Release and runs every test project.
# Prints a closing line "N passed, N failed"; exits non-zero when anything failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the tests use (each test names the real part it drives).
debs=()
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
log="$(mktemp)"
for proj in tests/*.Tests/*.Tests.csproj; do
  echo "test.sh: running $(basename "$proj" .csproj)"
  dotnet test "$proj" -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" \
    | grep -E '^\s*(Failed|Passed|Skipped) |Error Message|^\s+at |Total tests|Passed!|Failed!' | grep -vE '^\s*Passed ' || true
  rc=${PIPESTATUS[0]}
  line="$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -1)"
  if [ -z "$line" ]; then
    echo "test.sh: $proj produced no test summary (exit $rc)"
    failed=$((failed+1)); status=1; continue
  fi
  f=$(echo "$line" | sed -E 's/.*Failed: +([0-9]+).*/\1/')
  p=$(echo "$line" | sed -E 's/.*Passed: +([0-9]+).*/\1/')
  passed=$((passed+p)); failed=$((failed+f))
  [ "$rc" -ne 0 ] && status=1
done
rm -f "$log"
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
