#!/usr/bin/env bash
# Runs the same .wasm programs with `wharf wasm run` and with Node.js (node:wasi, V8) side by side
# and prints: program, wharf time, node time, ratio (wharf/node), and whether the outputs match.
# Times are end-to-end wall clock of one process (startup + compile + run), best of $RUNS (default 1).
# The QuickJS row runs qjs.wasm on bench/wasm/js/workload.js; its output is also checked against
# `node workload.js` (the same script on V8 directly). Exits 1 when any output differs.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
build="$root/bench/wasm/build"
runs="${RUNS:-1}"
mkdir -p "$build"

command -v node >/dev/null || { echo "bench: node (Node.js 20) is required" >&2; exit 1; }
make -C examples/wasm --no-print-directory -s
scripts/build-quickjs.sh >/dev/null
dotnet build src/Cli/Wharf.Cli.csproj -c Release --artifacts-path "$build/artifacts" -nologo -v q >/dev/null
wharf_dll="$build/artifacts/bin/Wharf.Cli/release/wharf.dll"

# name | module | stdin file (or -) | guest args
cases=(
  "hello (startup only)|examples/wasm/build/hello.wasm|-|"
  "hash (FNV-1a + SHA-256)|examples/wasm/build/bench-hash.wasm|-|"
  "matmul 256x256 f64|examples/wasm/build/bench-matmul.wasm|-|"
  "qsort 400k ints+strings|examples/wasm/build/bench-sort.wasm|-|"
  "sieve 20M|examples/wasm/build/bench-sieve.wasm|-|"
  "fib(34) + ackermann|examples/wasm/build/bench-fib.wasm|-|"
  "quickjs workload.js|runtimes/quickjs/build/qjs.wasm|bench/wasm/js/workload.js|"
)

# run_timed OUTFILE STDIN CMD... : prints the best wall time in seconds over $runs runs.
run_timed() {
  local out="$1" input="$2" best="" start end t
  shift 2
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s.%N)
    if [ "$input" = "-" ]; then "$@" >"$out" 2>&1 </dev/null || true; else "$@" >"$out" 2>&1 <"$input" || true; fi
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best="$t"; fi
  done
  echo "$best"
}

status=0
printf '%-26s %10s %10s %8s  %s\n' "program" "wharf (s)" "node (s)" "ratio" "output"
printf '%-26s %10s %10s %8s  %s\n' "--------------------------" "---------" "--------" "-----" "------"
for spec in "${cases[@]}"; do
  IFS='|' read -r name module input args <<<"$spec"
  # shellcheck disable=SC2086 # args is a word list on purpose
  tw=$(run_timed "$build/wharf.out" "$input" dotnet "$wharf_dll" wasm run "$module" -- $args)
  # shellcheck disable=SC2086
  tn=$(run_timed "$build/node.out" "$input" node --no-warnings bench/wasm/node-wasi.mjs "$module" $args)
  ratio=$(awk -v a="$tw" -v b="$tn" 'BEGIN { printf "%.2f", a / b }')
  if cmp -s "$build/wharf.out" "$build/node.out"; then match="same"; else match="DIFFERENT"; status=1; fi
  if [ "$input" != "-" ]; then
    if node "$input" >"$build/native.out" 2>&1 && cmp -s "$build/wharf.out" "$build/native.out"; then
      match="$match (= node $(basename "$input"))"
    else
      match="$match (differs from node $(basename "$input"))"
    fi
  fi
  printf '%-26s %10s %10s %8s  %s\n' "$name" "$tw" "$tn" "${ratio}x" "$match"
  if [ "$match" != "same" ] && [ "${match#same (=}" = "$match" ]; then
    diff "$build/wharf.out" "$build/node.out" | head -5 >&2 || true
  fi
done
exit $status
