#!/usr/bin/env bash
# Operator convergence: 1,000 Workers across 50 namespaces against the in-process fake API server.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project bench/operator -- --workers=1000 --namespaces=50 --timeout=300
