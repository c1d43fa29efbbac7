#!/usr/bin/env bash
# `make images`: builds the operator, runtime and ingress images from the root Dockerfile and prints their sizes.
#   WHARF_REGISTRY (default ghcr.io/wharf) and WHARF_TAG (default 0.1.0) name them: $WHARF_REGISTRY/{operator,runtime,ingress}:$WHARF_TAG
#   WHARF_BASE_IMAGES=upstream uses the Dockerfile's upstream base images; the default, local, builds offline stand-ins
#   (scripts/base-images.sh) because no registry is reachable on these machines.
# Uses the engine at DOCKER_HOST when one answers, else starts its own dockerd under artifacts/docker and stops it after
# (set WHARF_KEEP_DOCKERD=1 to keep it for the container-mode e2e).
set -euo pipefail
cd "$(dirname "$0")/.."
registry=${WHARF_REGISTRY:-ghcr.io/wharf}; tag=${WHARF_TAG:-0.1.0}
state=$PWD/artifacts/docker
started=0
if ! timeout 10 docker version >/dev/null 2>&1; then
  eval "$(WHARF_OWN_DOCKERD=1 scripts/docker-engine.sh start "$state")"; started=1
fi
cleanup() { if [ "$started" = 1 ] && [ -z "${WHARF_KEEP_DOCKERD:-}" ]; then scripts/docker-engine.sh stop "$state"; fi; }
trap cleanup EXIT

[ -f runtimes/quickjs/build/wharf-js.wasm ] || { echo "images: runtimes/quickjs/build/wharf-js.wasm missing (make setup)" >&2; exit 2; }

args=()
if [ "${WHARF_BASE_IMAGES:-local}" = local ]; then
  scripts/base-images.sh
  args+=(--build-arg SDK_IMAGE=wharf.local/dotnet-sdk:10.0 --build-arg RUNTIME_BASE_IMAGE=wharf.local/runtime-deps:10.0)
fi
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
# The classic builder: BuildKit on Debian's dockerd with vfs storage fails to prepare snapshots ("invalid argument"),
# and newer docker clients need the buildx plugin for it. The Dockerfile builds its publish stage once for all targets.
export DOCKER_BUILDKIT=0
for target in operator runtime ingress; do
  image="$registry/$target:$tag"
  echo "images: building $image"
  docker build --network host --target "$target" "${args[@]}" --build-arg VERSION="$tag" --build-arg REVISION="$revision" \
    -t "$image" . >"artifacts/images-$target.log" 2>&1 || { tail -30 "artifacts/images-$target.log" >&2; exit 1; }
done
for target in operator runtime ingress; do
  docker image inspect "$registry/$target:$tag" --format "{{index .RepoTags 0}} {{.Size}}" \
    | awk '{ printf "image %-40s %6.1f MB\n", $1, $2 / 1000000 }'
done
