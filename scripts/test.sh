#!/usr/bin/env bash
# Runs every test suite (each tests/*/*.Tests.csproj, then the wasm spec suite), prints one
# result line per suite and a total, and exits non-zero if any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-Release}
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT

total_pass=0 total_fail=0 total_skip=0 failed_suites=()

record() { # suite passed failed skipped exit
  local suite=$1 p=$2 f=$3 s=$4 rc=$5
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
  if [ "$rc" != 0 ] || [ "$f" != 0 ]; then
    failed_suites+=("$suite"); echo "FAIL  $suite: $p passed, $f failed, $s skipped"
  else
    echo "ok    $suite: $p passed, $f failed, $s skipped"
  fi
}

for proj in tests/*/*.Tests.csproj; do
  suite=$(basename "$proj" .csproj)
  log="$logdir/$suite.log"
  dotnet test "$proj" -c "$CONFIG" --no-build --nologo --blame-hang-timeout 5m --logger "console;verbosity=minimal" >"$log" 2>&1
  rc=$?
  line=$(grep -E "^(Passed|Failed)!" "$log" | tail -1)
  p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$line")
  s=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$line")
  if [ -z "$line" ]; then tail -40 "$log"; p=0; f=1; s=0; elif [ "$rc" != 0 ]; then grep -E "^\s+(Failed|Error Message|  )" "$log" | head -60; fi
  record "$suite" "${p:-0}" "${f:-0}" "${s:-0}" "$rc"
done

# The WebAssembly spec suite: a console harness printing "spec: N passed, M failed, K skipped".
if [ -d tests/Wasm.SpecTests ]; then
  log="$logdir/spec.log"
  dotnet run --project tests/Wasm.SpecTests -c "$CONFIG" --no-build >"$log" 2>&1
  rc=$?
  grep -vE "^[A-Za-z0-9_.-]+\.wast: [0-9]+ passed, 0 failed" "$log" | tail -40
  line=$(grep -E "^spec: [0-9]+ passed" "$log" | tail -1)
  p=$(sed -nE 's/^spec: ([0-9]+) passed.*/\1/p' <<<"$line"); f=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
  s=$(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$line")
  [ -n "$line" ] || f=1
  record "Wasm.SpecTests" "${p:-0}" "${f:-0}" "${s:-0}" "$rc"
fi

# The JavaScript Workers API (wharf-js.wasm) under its Node.js reference host.
log="$logdir/js.log"
make -C runtimes/quickjs/worker test --no-print-directory >"$log" 2>&1
rc=$?
p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -1); f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -1)
s=$(sed -nE 's/^# skipped ([0-9]+)$/\1/p' "$log" | tail -1)
if [ "$rc" != 0 ] || [ -z "$p" ]; then tail -40 "$log"; [ -n "$p" ] || f=1; fi
record "quickjs-worker (node --test)" "${p:-0}" "${f:-0}" "${s:-0}" "$rc"

echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
if ((${#failed_suites[@]})); then
  echo "failed suites: ${failed_suites[*]}"
  exit 1
fi
