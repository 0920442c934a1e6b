#!/usr/bin/env bash
# Coverage-guided fuzzing of one target with afl++ and SharpFuzz.
#   tests/Kiosk.Fuzz/fuzz.sh TARGET SECONDS
# TARGET: event, import, press, ballot, tally or form (see docs/quality.md). Builds the fuzz program, copies it to
# tests/Kiosk.Fuzz/work/TARGET, instruments the Kiosk assemblies there (the normal build output stays uninstrumented),
# runs afl-fuzz for SECONDS seconds from corpus/TARGET, then:
#   - copies every crash and hang afl++ saved into corpus/TARGET as crash-*/hang-* (the replay test runs them forever after);
#   - minimises what afl++ found together with the corpus (afl-cmin) back into corpus/TARGET;
#   - prints the figures: execs/s, paths (corpus entries), crashes, hangs.
# Run it under nice on a shared machine: nice -n 19 tests/Kiosk.Fuzz/fuzz.sh tally 600
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${1:-}"
seconds="${2:-}"
targets="event import press ballot tally form"
if [[ -z "$target" || ! " $targets " == *" $target "* || ! "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz.sh TARGET SECONDS   (targets: $targets)" >&2
  exit 2
fi
command -v afl-fuzz >/dev/null || { echo "fuzz.sh: afl-fuzz is missing (apt-get install afl++)" >&2; exit 1; }

work="$here/work/$target"
bin="$work/bin"
findings="$work/findings"
corpus="$here/corpus/$target"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cd "$root"
dotnet tool restore >/dev/null
# A build of its own (artifacts under work/): the normal bin and obj folders, which tests, Stryker and other builds use at
# the same time, are neither read nor written. Two targets fuzzed at once take turns to build and copy (flock).
artifacts="$here/work/artifacts"
mkdir -p "$artifacts"
rm -rf "$work"
mkdir -p "$work"
{
  flock 9
  # KIOSK_FUZZ_NO_BUILD=1 fuzzes what the last run built (several targets in a row, nothing changed in between).
  if [ "${KIOSK_FUZZ_NO_BUILD:-0}" != 1 ] || [ ! -d "$artifacts/bin/Kiosk.Fuzz/release" ]; then
    dotnet build tests/Kiosk.Fuzz/Kiosk.Fuzz.csproj -c Release --artifacts-path "$artifacts" -nologo -v quiet -clp:ErrorsOnly </dev/null >/dev/null
  fi
  cp -r "$artifacts/bin/Kiosk.Fuzz/release" "$bin"
} 9>"$artifacts/.lock"
# Only the code under test is instrumented: afl++ then steers by the branches of Kiosk, not of the runtime's JSON reader.
for dll in Kiosk.Ledger.dll Kiosk.Voting.dll Kiosk.Devices.dll kiosk.dll; do
  dotnet sharpfuzz "$bin/$dll" </dev/null
done

# The program is dotnet, not an afl-instrumented binary (SharpFuzz speaks afl's protocol from managed code); the runtime
# reserves far more virtual memory than afl's default limit; a shared machine has no core to pin the fuzzer to.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
run=("$(command -v dotnet)" "$bin/kiosk-fuzz.dll" "$target")
afl-fuzz -i "$corpus" -o "$findings" -t 5000 -m none -V "$seconds" -- "${run[@]}" </dev/null > "$work/afl.log" 2>&1 || {
  echo "fuzz.sh: afl-fuzz failed; the end of its log:" >&2; tail -30 "$work/afl.log" >&2; exit 1; }

stats="$findings/default/fuzzer_stats"
stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }

kept=0
for kind in crashes hangs; do
  for f in "$findings/default/$kind"/id:*; do
    [ -e "$f" ] || continue
    sum="$(sha256sum "$f" | cut -c1-16)"
    if [ "$kind" = crashes ]; then cp "$f" "$corpus/crash-$sum"; else cp "$f" "$corpus/hang-$sum"; fi
    kept=$((kept + 1))
  done
done

# Minimise: the seeds and afl++'s queue together, down to the inputs that each add coverage. Crash and hang inputs are
# kept as they are (a crash input stops the program, so afl-cmin cannot measure it).
mkdir -p "$work/all" "$work/min"
cp "$corpus"/* "$work/all/"
cp "$findings/default/queue"/id:* "$work/all/" 2>/dev/null || true
rm -f "$work/all"/crash-* "$work/all"/hang-*
if afl-cmin -i "$work/all" -o "$work/min" -t 5000 -m none -- "${run[@]}" > "$work/cmin.log" 2>&1; then
  find "$corpus" -maxdepth 1 -type f ! -name 'crash-*' ! -name 'hang-*' -delete
  for f in "$work/min"/*; do
    name="$(basename "$f")"
    case "$name" in seed-*) cp "$f" "$corpus/$name" ;; *) cp "$f" "$corpus/found-$(sha256sum "$f" | cut -c1-16)" ;; esac
  done
else
  echo "fuzz.sh: afl-cmin failed (corpus left as it was); see $work/cmin.log" >&2
fi

echo "target=$target seconds=$(stat run_time) execs=$(stat execs_done) execs_per_sec=$(stat execs_per_sec) paths=$(stat corpus_count) crashes=$(stat saved_crashes) hangs=$(stat saved_hangs) stability=$(stat stability) corpus_after_cmin=$(find "$corpus" -maxdepth 1 -type f | wc -l) new_crash_or_hang_files=$kept"
