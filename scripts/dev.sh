#!/usr/bin/env bash
# The main local job on embedded defaults: `wharf dev` serving every example worker in examples/
# (JavaScript on QuickJS-in-wasm, a C SDK worker, a WAGI worker) with in-memory KV and hot reload.
# Try:  curl localhost:8080/hello   curl localhost:8080/counter   curl localhost:8080/api/items
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-Release}
PORT=${PORT:-8080}
echo "== a C program on the wasm engine: wharf wasm run examples/wasm/build/mixed.wasm"
dotnet "src/Cli/bin/$CONFIG/net10.0/wharf.dll" wasm run examples/wasm/build/mixed.wasm || echo "(exit code $?, as the program intends)"
echo "== wharf dev examples --port $PORT  (Ctrl+C to stop)"
exec dotnet "src/Cli/bin/$CONFIG/net10.0/wharf.dll" dev examples --port "$PORT"
