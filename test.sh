#!/usr/bin/env bash
# Installs what the tests need (Debian packages, when missing), builds in Release and runs every test project.
# Prints a closing line "N passed, N failed" and exits 0 exactly when N failed is 0: both come from the same count, so
# they cannot disagree. A test that hangs is stopped and counted as failed; nothing is ever run twice.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root" || { echo "test.sh: cannot enter $root"; echo "0 passed, 1 failed"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# How long one test may run before the blame collector calls it hung and stops its project. The slowest test (the
# ledger's SIGKILL crash test) gives itself 150 s, browser steps fail by themselves after 15 s (WebFixture), so a test
# still running after 3 minutes is stuck, not slow, even on a busy 2-core machine.
hang_timeout="${KIOSK_TEST_HANG_TIMEOUT:-3m}"

passed=0
failed=0

# The only way out: the closing line and the exit code from the same count.
finish() {
  echo "$passed passed, $failed failed"
  if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
}

# Debian packages the tests use (each test names the real part it drives). iproute2 and nftables: the mesh's packet-loss
# test puts gateways in network namespaces and drops packets with nftables (as root). postgresql: the hub's store.
# nats-server: the hub's 3-node broker cluster test. systemd: systemd-analyze verify on the service unit.
# python3: the device broker's flood test runs its hostile connections from a Python process.
# clang: the .deb's Native AOT publish links the compiled gateway with it. (Microsoft's prerequisites also name
# zlib1g-dev, needed only with UseSystemZlib: by default the runtime pack's own static zlib-ng is linked in.)
# debootstrap, lintian, shellcheck, curl: the .deb's install test in a fresh Debian root, its lint, the packaging scripts'
# check, and the installed gateway's /health.
debs=(mosquitto mosquitto-clients chromium iproute2 nftables postgresql nats-server systemd python3 clang debootstrap lintian shellcheck curl espeak-ng sox)
# afl++ is not installed here: the fuzz corpora are replayed in process (Kiosk.Fuzz.Tests); tests/Kiosk.Fuzz/fuzz.sh
# says to install it (apt-get install afl++) when a fuzzing run needs it.
# espeak-ng and sox: the kiosk's audio ballot speaks with espeak-ng; the tests measure its clips with sox.
missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  if ! { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"; }; then
    echo "test.sh: could not install ${missing[*]}"
    failed=1; finish
  fi
fi

echo "test.sh: building (Release)…"
if ! dotnet build Kiosk.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "test.sh: build failed"
  failed=1; finish
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# The amd64 .deb (a Native AOT publish, packed with gzip for speed) and the cached Debian root it installs into, made
# once here so the package tests (tests/Kiosk.Gateway.Tests: DebianPackageTests, PackageInstallTests) share them. A
# failure here fails those tests too, quickly: KIOSK_TEST_DEB then names a package that does not exist.
echo "test.sh: building the amd64 .deb…"
export KIOSK_TEST_DEB="$results/deb/missing.deb"
if deb="$(packaging/build-deb.sh --arch amd64 --fast --out "$results/deb" < /dev/null)"; then
  KIOSK_TEST_DEB="$deb"
else
  echo "test.sh: packaging/build-deb.sh failed"
fi
if [ "$(id -u)" -eq 0 ]; then
  packaging/test/debian-root.sh < /dev/null > /dev/null || echo "test.sh: packaging/test/debian-root.sh could not make the Debian root"
else
  echo "test.sh: not root: the package install test needs root (debootstrap, chroot) and will fail"
fi
export KIOSK_TEST_ROOT_CACHED_ONLY=1

# The value of attribute $1 in the TRX <Counters …> element $2 (0 when absent).
counter() {
  local v
  v="$(echo "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+')"
  echo "${v:-0}"
}

for proj in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$proj" .csproj)"
  trx="$results/$name.trx"
  log="$results/$name.log"
  echo "test.sh: running $name"
  # The console shows failures with their messages; the TRX file gives the counts; the log keeps what the blame
  # collector says about a hang.
  dotnet test "$proj" -c Release --no-build -nologo --results-directory "$results" --logger "trx;LogFileName=$name.trx" \
    --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type none 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  counters="$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -1)"
  p=$(counter passed "$counters")
  f=$(( $(counter failed "$counters") + $(counter error "$counters") + $(counter timeout "$counters") + $(counter aborted "$counters") ))
  # A hung test has no result in the TRX file: the blame collector stopped the test host and named the tests that were
  # running then. Each is a failure; the tests after it in that project did not run.
  hung="$(awk '/running when the crash occurred/ { on = 1; next } on && NF == 0 { on = 0 } on { sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, ""); print }' "$log" | sort -u)"
  if [ -n "$hung" ]; then
    f=$((f + $(echo "$hung" | wc -l)))
    while read -r t; do echo "test.sh: $name: FAILED (hung or crashed; stopped after $hang_timeout): $t"; done <<< "$hung"
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    echo "test.sh: $name: FAILED: dotnet test exited $rc without a failing test (the test host crashed or did not start)"
  fi
  echo "test.sh: $name: $p passed, $f failed"
  passed=$((passed+p)); failed=$((failed+f))
done
finish
