#!/usr/bin/env bash
# Starts (or finds) a Docker engine for `make images` and the container-mode e2e, offline-friendly:
#   scripts/docker-engine.sh start DIR   → starts dockerd under DIR (vfs storage, no networking of its own),
#                                          prints `export DOCKER_HOST=…; export DOCKER_API_VERSION=…` for eval
#   scripts/docker-engine.sh stop DIR    → stops the dockerd started under DIR (by PID)
# An engine already reachable through DOCKER_HOST (or /var/run/docker.sock) is used as it is and never stopped.
# See ../shared/ENVIRONMENT.md: Debian's docker.io 20.10 (API 1.41); containers run with --network host.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?state directory}
sock="$dir/docker.sock"; pidfile="$dir/dockerd.pid"

reachable() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

case "$cmd" in
start)
  if [ -z "${WHARF_OWN_DOCKERD:-}" ] && reachable; then
    echo "# using the Docker engine at ${DOCKER_HOST:-/var/run/docker.sock}"; exit 0
  fi
  if ! command -v dockerd >/dev/null; then
    echo "docker-engine: dockerd not installed (apt-get install docker.io)" >&2; exit 3
  fi
  mkdir -p "$dir/data" "$dir/exec"
  if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
    dockerd --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false --bridge=none \
      --storage-driver=vfs --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$pidfile" \
      -H "unix://$sock" >"$dir/dockerd.log" 2>&1 &
  fi
  export DOCKER_HOST="unix://$sock" DOCKER_API_VERSION=1.41
  for _ in $(seq 1 120); do reachable && break; sleep 0.5; done
  if ! reachable; then echo "docker-engine: dockerd did not start; see $dir/dockerd.log" >&2; tail -5 "$dir/dockerd.log" >&2; exit 3; fi
  echo "export DOCKER_HOST=unix://$sock DOCKER_API_VERSION=1.41"
  ;;
stop)
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  fi
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
