# Wharf's three images from one file:
#   docker build --target operator -t REGISTRY/wharf-operator:TAG .
#   docker build --target runtime  -t REGISTRY/wharf-runtime:TAG .   (needs runtimes/quickjs/build/wharf-js.wasm: make setup)
#   docker build --target ingress  -t REGISTRY/wharf-ingress:TAG .
# `make images` builds all three (offline here, with locally made base images; see scripts/images.sh).
# Self-contained linux-x64 publishes: no .NET runtime in the base image, Wasmtime's native library for linux-x64 only.
# Run as non-root (65532), no shell needed, nothing written outside /tmp and mounted volumes (read-only root friendly).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_BASE_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled

# Project files only: restoring from these keeps the restore layer cached while only sources change
# (COPY --from compares file contents, so this stage's output is stable across source edits).
FROM ${SDK_IMAGE} AS projects
WORKDIR /src
COPY src/ src/
RUN find src -type f ! -name '*.csproj' -delete

FROM ${SDK_IMAGE} AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY --from=projects /src/ ./
RUN for p in src/Operator/Wharf.Operator.csproj src/NodeRuntime/Wharf.NodeRuntime.csproj src/Ingress/Wharf.Ingress.csproj; do \
      [ ! -f "$p" ] || dotnet restore "$p" -r linux-x64 || exit 1; done
COPY src/ src/

# One publish stage for the three apps: each target copies its folder, and the stage is built once for all three
# (also with the classic builder, which builds every stage before a target).
FROM build AS publish
RUN for app in Operator NodeRuntime Ingress; do \
      p="src/$app/Wharf.$app.csproj"; [ ! -f "$p" ] || \
      dotnet publish "$p" -c Release -r linux-x64 --self-contained --no-restore -o "/out/$app" || exit 1; done

FROM ${RUNTIME_BASE_IMAGE} AS base
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.source="https://github.com/wharf-dev/wharf" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.vendor="Wharf" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
WORKDIR /app
USER 65532:65532
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true TMPDIR=/tmp

FROM base AS operator
LABEL org.opencontainers.image.title="wharf-operator" \
      org.opencontainers.image.description="Reconciles Worker, KvNamespace and WorkerQuota into per-tenant node runtimes"
COPY --from=publish /out/Operator/ /app/
EXPOSE 8081
ENTRYPOINT ["/app/Wharf.Operator"]

FROM base AS runtime
LABEL org.opencontainers.image.title="wharf-runtime" \
      org.opencontainers.image.description="Wharf node runtime: pulls, verifies, pre-compiles and serves workers on Wasmtime"
COPY --from=publish /out/NodeRuntime/ /app/
COPY runtimes/quickjs/build/wharf-js.wasm /app/runtimes/wharf-js.wasm
ENV WHARF_JS_RUNTIME=/app/runtimes/wharf-js.wasm
EXPOSE 8080
ENTRYPOINT ["/app/Wharf.NodeRuntime"]

FROM base AS ingress
LABEL org.opencontainers.image.title="wharf-ingress" \
      org.opencontainers.image.description="Wharf ingress: YARP reverse proxy from hosts and paths to the runtime pods"
COPY --from=publish /out/Ingress/ /app/
EXPOSE 8080 8443
ENTRYPOINT ["/app/Wharf.Ingress"]
