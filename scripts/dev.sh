#!/usr/bin/env bash
# The main local job on embedded defaults: runs real programs on Wharf's WebAssembly engine
# through the `wharf` CLI — a C program (malloc/qsort/printf/libm) and QuickJS evaluating JavaScript.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-Release}
wharf() { dotnet "src/Cli/bin/$CONFIG/net10.0/wharf.dll" "$@"; }

echo "== wharf wasm run examples/wasm/build/mixed.wasm"
wharf wasm run examples/wasm/build/mixed.wasm || echo "(exit code $?)"
echo "== wharf wasm run runtimes/quickjs/build/qjs.wasm < bench/wasm/js/workload.js"
wharf wasm run --timeout 60s runtimes/quickjs/build/qjs.wasm < bench/wasm/js/workload.js
