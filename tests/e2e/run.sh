#!/usr/bin/env bash
# `make e2e`: the platform on one machine (tests/e2e/Wharf.E2e), in process mode always and in container mode where a
# Docker engine starts (the images from `make images`). Prints each scenario, then exactly `e2e: N passed, M failed`.
#   WHARF_E2E_CONTAINERS=off skips container mode; =required fails when no engine starts.
set -uo pipefail
cd "$(dirname "$0")/../.."
CONFIG=${CONFIG:-Release}
e2e=(dotnet "tests/e2e/bin/$CONFIG/net10.0/Wharf.E2e.dll" --configuration "$CONFIG")
passed=0 failed=0 dockerd_state=$PWD/artifacts/docker started_engine=0
cleanup() { if [ "$started_engine" = 1 ]; then scripts/docker-engine.sh stop "$dockerd_state"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

tally() { # reads the program's output, echoes it, adds its summary line to the totals
  local line
  while IFS= read -r line; do
    echo "$line"
    if [[ $line =~ ^e2e\ \(.*\):\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
      passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
    fi
  done
}

run_mode() {
  local mode=$1 out rc
  out=$(mktemp)
  "${e2e[@]}" --mode "$mode" >"$out" 2>&1; rc=$?
  tally <"$out"; rm -f "$out"
  if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; echo "FAIL  $mode: the e2e program exited with $rc"; fi
}

run_mode process

mode=${WHARF_E2E_CONTAINERS:-auto}
if [ "$mode" != off ]; then
  if env=$(WHARF_OWN_DOCKERD=${WHARF_OWN_DOCKERD:-} scripts/docker-engine.sh start "$dockerd_state" 2>/tmp/wharf-e2e-dockerd.err); then
    eval "$env"; [[ $env == export* ]] && started_engine=1
    export TESTCONTAINERS_RYUK_DISABLED=true DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41}
    if WHARF_KEEP_DOCKERD=1 scripts/images.sh; then
      run_mode container
    else
      echo "FAIL  container: make images failed"; failed=$((failed + 1))
    fi
  elif [ "$mode" = required ]; then
    echo "FAIL  container: no Docker engine: $(cat /tmp/wharf-e2e-dockerd.err)"; failed=$((failed + 1))
  else
    echo "skip  container mode: no Docker engine could be started ($(tr '\n' ' ' </tmp/wharf-e2e-dockerd.err))"
  fi
fi

echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
