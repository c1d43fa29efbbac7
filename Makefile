# Wharf — the two commands that matter on a fresh Debian machine: `make dev` and `make test`.
SHELL := /bin/bash
CONFIG ?= Release
DOTNET := dotnet

.PHONY: setup build test e2e dev bench images quickjs examples clean

setup: ## install Debian packages (only missing ones) and restore NuGet packages
	@scripts/setup.sh

build: setup
	$(DOTNET) build Operator.sln -c $(CONFIG) -warnaserror --nologo -v q

test: build ## set-up + build + every test suite
	@scripts/test.sh

e2e: build ## the platform on one machine: fake API server, redis, registry, operator, runtime, ingress
	@tests/e2e/run.sh

dev: build ## set-up + build + run the main local job
	@scripts/dev.sh

bench: build ## benchmarks, printed side by side with their reference
	@scripts/bench.sh

images: setup ## the operator, runtime and ingress container images (offline stand-in base images by default)
	@scripts/images.sh

clean:
	$(DOTNET) clean Operator.sln -c $(CONFIG) -v q
	rm -rf artifacts runtimes/quickjs/build examples/wasm/build
