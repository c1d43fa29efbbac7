#!/usr/bin/env bash
# End-to-end on a real cluster: creates a kind cluster, builds and loads the operator image, installs the CRDs and
# the operator from config/default, applies a Worker pinned by digest and waits until the operator reports on it.
#
#   tests/e2e/kind.sh              # create cluster "wharf-e2e", run, delete the cluster
#   KEEP_CLUSTER=1 tests/e2e/kind.sh
#   RUNTIME_IMAGE=ghcr.io/wharf/runtime:dev tests/e2e/kind.sh   # also wait for Ready (needs a node-runtime image)
#
# Without a node-runtime image (built in a later issue) the runtime pods cannot start, so the script then waits for
# QuotaAccepted/ModuleResolved/SignatureVerified=True and Ready=False with reason RuntimeNotReady and says so.
# Skips (exit 0) with a clear message where Docker or kind is absent.
set -euo pipefail
cd "$(dirname "$0")/../.."

CLUSTER=${CLUSTER:-wharf-e2e}
OPERATOR_IMAGE=${OPERATOR_IMAGE:-ghcr.io/wharf/operator:e2e}
RUNTIME_IMAGE=${RUNTIME_IMAGE:-}
TIMEOUT=${TIMEOUT:-180s}

skip() { echo "kind e2e: SKIPPED: $*"; exit 0; }
command -v docker >/dev/null 2>&1 || skip "docker is not installed"
docker info >/dev/null 2>&1 || skip "docker is installed but its daemon is not reachable"
command -v kind >/dev/null 2>&1 || skip "kind is not installed (https://kind.sigs.k8s.io)"
command -v kubectl >/dev/null 2>&1 || skip "kubectl is not installed"

cleanup() {
  if [ -z "${KEEP_CLUSTER:-}" ]; then kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

echo "kind e2e: creating cluster $CLUSTER"
kind get clusters 2>/dev/null | grep -qx "$CLUSTER" || kind create cluster --name "$CLUSTER" --wait 120s
kubectl config use-context "kind-$CLUSTER" >/dev/null

echo "kind e2e: building $OPERATOR_IMAGE"
docker build -q -f src/Operator/Dockerfile -t "$OPERATOR_IMAGE" . >/dev/null
kind load docker-image --name "$CLUSTER" "$OPERATOR_IMAGE"
if [ -n "$RUNTIME_IMAGE" ]; then kind load docker-image --name "$CLUSTER" "$RUNTIME_IMAGE"; fi

echo "kind e2e: installing config/default"
manifests=$(kubectl kustomize config/default | sed \
  -e "s|image: ghcr.io/wharf/operator:[^ ]*|image: $OPERATOR_IMAGE|" \
  -e "s|--node-runtime-image=[^ ]*|--node-runtime-image=${RUNTIME_IMAGE:-ghcr.io/wharf/runtime:0.1.0}|" \
  -e "s|imagePullPolicy: IfNotPresent|imagePullPolicy: Never|")
echo "$manifests" | kubectl apply --server-side -f - >/dev/null
kubectl wait --for=condition=Established crd/workers.wharf.dev crd/kvnamespaces.wharf.dev crd/workerquotas.wharf.dev --timeout=60s
kubectl -n wharf-system rollout status deployment/wharf-operator --timeout="$TIMEOUT"

echo "kind e2e: applying a Worker"
kubectl create namespace e2e --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl apply -f - <<'YAML'
apiVersion: wharf.dev/v1alpha1
kind: Worker
metadata:
  name: hello
  namespace: e2e
spec:
  module:
    image: registry.example.com/e2e/hello@sha256:0000000000000000000000000000000000000000000000000000000000000001
    runtime: wasm
  routes:
    - host: hello.e2e.example.com
YAML

for c in QuotaAccepted ModuleResolved SignatureVerified; do
  kubectl -n e2e wait worker/hello --for=condition=$c=True --timeout="$TIMEOUT"
done
kubectl -n e2e get daemonset/wharf-runtime service/wharf-runtime configmap/wharf-runtime >/dev/null

if [ -n "$RUNTIME_IMAGE" ]; then
  kubectl -n e2e wait worker/hello --for=condition=Ready=True --timeout="$TIMEOUT"
  echo "kind e2e: PASSED: worker e2e/hello is Ready"
else
  kubectl -n e2e wait worker/hello --for=jsonpath='{.status.conditions[?(@.type=="Ready")].reason}'=RuntimeNotReady --timeout="$TIMEOUT"
  echo "kind e2e: PASSED (partial): the operator admitted and published worker e2e/hello; Ready needs a node-runtime"
  echo "           image (RUNTIME_IMAGE=...), which a later issue builds. Ready is False/RuntimeNotReady as expected."
fi
kubectl -n e2e get workers -o wide
