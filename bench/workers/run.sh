#!/usr/bin/env bash
# Workers over HTTP: the hello JS, C SDK and WAGI workers served by the node runtime's WorkerHost behind Kestrel,
# each beside the same handler written directly against Kestrel, printed as one table with ratios.
# Loopback only; BENCH_DURATION seconds (default 5) per target after a 1 s warm-up, BENCH_CONNECTIONS (default 8).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
make -C runtimes/quickjs/worker --no-print-directory -s
make -C examples/c-sdk-hello --no-print-directory -s
make -C examples/wagi-hello --no-print-directory -s
artifacts="$root/bench/workers/artifacts"
dotnet build bench/workers/Wharf.Bench.Workers.csproj -c Release --artifacts-path "$artifacts" -nologo -v q >/dev/null
exec dotnet "$artifacts/bin/Wharf.Bench.Workers/release/Wharf.Bench.Workers.dll" \
  --duration "${BENCH_DURATION:-5}" --connections "${BENCH_CONNECTIONS:-8}" "$@"
