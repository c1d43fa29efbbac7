#!/usr/bin/env bash
# Every benchmark, each printing its figures beside a reference run.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for b in bench/*/run.sh; do
  echo "== $b"
  bash "$b" || status=1
done
exit $status
