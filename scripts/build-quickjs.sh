#!/usr/bin/env bash
# Fetches QuickJS 2025.04.26 (Debian trixie source package), verifies the upstream tarball's
# sha256 against runtimes/quickjs/quickjs.sha256 and builds runtimes/quickjs/build/qjs.wasm.
# Idempotent: each step is skipped when its output is already there and up to date.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/runtimes/quickjs"
build="$dir/build"
version="2025.04.26"
tarball="quickjs_${version}.orig.tar.xz"

for tool in clang-14 wasm-ld-14; do
  command -v "$tool" >/dev/null || { echo "build-quickjs: $tool missing (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32)" >&2; exit 1; }
done
[ -f /usr/lib/wasm32-wasi/libc.a ] || { echo "build-quickjs: wasi-libc missing (apt-get install wasi-libc)" >&2; exit 1; }

mkdir -p "$build"
if [ ! -f "$build/$tarball" ]; then
  # The package lives in trixie; this bookworm machine needs a deb-src entry for it.
  if ! apt-cache showsrc quickjs 2>/dev/null | grep -q "^Version: ${version}-"; then
    list=/etc/apt/sources.list.d/trixie-src.sources
    if [ ! -f "$list" ]; then
      [ "$(id -u)" = 0 ] || { echo "build-quickjs: need root to add $list" >&2; exit 1; }
      printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$list"
    fi
    apt-get update -qq
  fi
  (cd "$build" && apt-get source --download-only "quickjs=${version}-1" >/dev/null 2>&1) \
    || (cd "$build" && apt-get source --download-only quickjs)
fi

(cd "$build" && sha256sum --check --quiet "$dir/quickjs.sha256") \
  || { echo "build-quickjs: checksum mismatch for $build/$tarball" >&2; exit 1; }

if [ ! -f "$build/quickjs-$version/quickjs.c" ]; then
  tar -xf "$build/$tarball" -C "$build"
fi

make -C "$dir" --no-print-directory -j2
echo "build-quickjs: $build/qjs.wasm ($(stat -c %s "$build/qjs.wasm") bytes)"
