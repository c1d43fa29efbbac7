#!/usr/bin/env bash
# Builds local stand-ins for the Dockerfile's upstream base images, offline (no registry is reachable here):
#   wharf.local/dotnet-sdk:10.0    ← a Debian bookworm minbase root filesystem (debootstrap) + this machine's .NET SDK
#   wharf.local/runtime-deps:10.0  ← FROM-scratch style: only the shared libraries a self-contained .NET app loads,
#                                    CA certificates and a non-root user; no shell (like the upstream chiseled image)
# Needs DOCKER_HOST pointing at an engine (scripts/docker-engine.sh). Idempotent: existing images are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${WHARF_BASE_CACHE:-artifacts/base}
mkdir -p "$cache"

have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have wharf.local/runtime-deps:10.0; then
  root=$(mktemp -d); trap 'rm -rf "$root"' EXIT
  chmod 755 "$root"   # mktemp makes it 0700: the image root must be traversable by the non-root user
  libs=(ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libgcc_s.so.1
        libstdc++.so.6 libz.so.1 libssl.so.3 libcrypto.so.3)
  mkdir -p "$root/lib/x86_64-linux-gnu" "$root/lib64" "$root/etc/ssl/certs" "$root/tmp" "$root/app"
  for l in "${libs[@]}"; do cp -L "/lib/x86_64-linux-gnu/$l" "$root/lib/x86_64-linux-gnu/$l"; done
  ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
  cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
  chmod 1777 "$root/tmp"
  tar -C "$root" --numeric-owner -c . | docker import \
    --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true' \
    --change 'ENV APP_UID=65532' \
    --change 'USER 65532:65532' \
    --change 'WORKDIR /app' - wharf.local/runtime-deps:10.0 >/dev/null
  rm -rf "$root"; trap - EXIT
  echo "base-images: wharf.local/runtime-deps:10.0 (from this machine's libraries)"
fi

if ! have wharf.local/dotnet-sdk:10.0; then
  rootfs="$cache/bookworm"
  if [ ! -x "$rootfs/bin/sh" ]; then
    command -v debootstrap >/dev/null || { echo "base-images: debootstrap missing (apt-get install debootstrap)" >&2; exit 3; }
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log" >&2; exit 3; }
  fi
  # This machine's trust store: NuGet is reached through the same network path as on the host.
  cp -L /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/var/cache/apt/"*.bin
  sdk=$(dirname "$(readlink -f "$(command -v dotnet)")")
  { tar -C "$rootfs" --numeric-owner -c . ; } >"$cache/sdk.tar"
  # The SDK goes where the upstream image keeps it (/usr/share/dotnet).
  tar -C "$(dirname "$sdk")" --transform "s,^$(basename "$sdk"),usr/share/dotnet," -rf "$cache/sdk.tar" "$(basename "$sdk")"
  docker import \
    --change 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true' \
    "$cache/sdk.tar" wharf.local/dotnet-sdk:10.0 >/dev/null
  rm -f "$cache/sdk.tar"
  echo "base-images: wharf.local/dotnet-sdk:10.0 (debootstrap bookworm minbase + .NET SDK $(dotnet --version))"
fi
