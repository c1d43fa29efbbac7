#!/usr/bin/env bash
# One-shot, idempotent set-up for a fresh Debian (bookworm) machine: installs only the
# Debian packages that are missing, then restores NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# Packages the build, the tests and the examples need (see DEVELOPERS.md / README.md).
PACKAGES=(
  redis-server          # KV backing store (tests start their own redis-server on 127.0.0.1)
  docker-registry       # a real OCI distribution registry for pull/push tests
  apache2-utils         # htpasswd: the basic-auth registry in the OCI tests
  esbuild               # `wharf build` bundles JavaScript/TypeScript workers
  wabt                  # wast2json / wat2wasm for the spec tests and small test modules
  clang lld wasi-libc libclang-rt-14-dev-wasm32   # C and QuickJS -> wasm32-wasi
  dpkg-dev xz-utils     # apt-get source + unpack (QuickJS from Debian's source package)
  gcc libc6-dev         # native prelude compiler for wharf-js.wasm (QuickJS bytecode)
  lua5.4                # runs the Argo CD health.lua in the operator tests
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  # The Debian registry and redis packages start system services; the tests start their own.
  for svc in docker-registry redis-server; do
    $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true
  done
else
  echo "setup: Debian packages present"
fi

dotnet restore Operator.sln --verbosity quiet

# Guest programs the tests, `make dev` and the benchmarks run (each step skips when up to date).
scripts/build-quickjs.sh
make -C runtimes/quickjs/worker --no-print-directory -s
for d in examples/wasm examples/c-sdk-hello examples/wagi-hello; do
  make -C "$d" --no-print-directory -s
done
