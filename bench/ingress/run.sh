#!/usr/bin/env bash
# Ingress overhead: wrk through the ingress (YARP, routing by Host, worker hash, rate-limit check, metrics) to a plain
# Kestrel backend vs wrk directly to the same backend, in interleaved rounds of the same run. Loopback only.
# BENCH_ROUNDS (default 3) rounds of BENCH_DURATION seconds (default 5) per target after a warm-up, BENCH_CONNECTIONS
# (default 32) connections on BENCH_THREADS (default 2) wrk threads. Last line:
#   ingress: ratio R (through X req/s, direct Y req/s, p50 …, p99 …)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null || { echo "bench/ingress: wrk is not installed (apt-get install -y wrk)"; exit 1; }; }
rounds=${BENCH_ROUNDS:-3} duration=${BENCH_DURATION:-5} connections=${BENCH_CONNECTIONS:-32} threads=${BENCH_THREADS:-2}
artifacts="$root/bench/ingress/artifacts"
dotnet build bench/ingress/Wharf.Bench.IngressBackend.csproj -c Release --artifacts-path "$artifacts" -nologo -v q >/dev/null
dotnet build src/Ingress/Wharf.Ingress.csproj -c Release --artifacts-path "$artifacts" -nologo -v q >/dev/null

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
backend_port=$(free_port) ingress_port=$(free_port) management_port=$(free_port)

dotnet "$artifacts/bin/Wharf.Bench.IngressBackend/release/Wharf.Bench.IngressBackend.dll" "$backend_port" >"$work/backend.log" 2>&1 &
pids+=($!)
backend_pid=$!
cat >"$work/routes.json" <<JSON
{ "workers": [ { "namespace": "bench", "name": "hello", "routes": [ { "host": "bench.example.com", "pathPrefix": "/" } ] } ],
  "endpoints": { "bench": [ "127.0.0.1:$backend_port" ] } }
JSON
dotnet "$artifacts/bin/Wharf.Ingress/release/Wharf.Ingress.dll" --bind-address=127.0.0.1 --http-port="$ingress_port" --https-port=off \
  --management-port="$management_port" --routes-file="$work/routes.json" --Logging:LogLevel:Default=Warning >"$work/ingress.log" 2>&1 &
pids+=($!)
ingress_pid=$!

wait_ready() { # url
  for _ in $(seq 1 300); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench/ingress: $1 did not become ready"; cat "$work"/*.log; exit 1
}
wait_ready "http://127.0.0.1:$backend_port/readyz"
wait_ready "http://127.0.0.1:$management_port/readyz"

through_url="http://127.0.0.1:$ingress_port/hello" direct_url="http://127.0.0.1:$backend_port/hello"
host_header="Host: bench.example.com"
[ "$(curl -fs -H "$host_header" "$through_url")" = hello ] || { echo "bench/ingress: the ingress does not route to the backend"; cat "$work/ingress.log"; exit 1; }

run_wrk() { # name url seconds
  wrk -t"$threads" -c"$connections" -d"$3s" --latency -H "$host_header" "$2" >"$work/$1.out" 2>&1 || { cat "$work/$1.out"; exit 1; }
}
# wrk's summary: "Requests/sec: N", latency distribution "50% 1.23ms", non-2xx and socket errors.
# CPU seconds a process used so far (utime + stime), and the requests wrk completed: CPU per request does not
# depend on how loaded the machine is, unlike req/s.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }
requests() { awk '/requests in/ {print $1}' "$1"; }
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$1"; }
errors() { awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$1"; }

run_wrk warm-direct "$direct_url" 3
run_wrk warm-through "$through_url" 5
through_sum=0 direct_sum=0 failed=0 ingress_cpu=0 backend_cpu=0 direct_cpu=0 through_requests=0 direct_requests=0
for r in $(seq 1 "$rounds"); do
  b0=$(cpu "$backend_pid")
  run_wrk "direct-$r" "$direct_url" "$duration"
  b1=$(cpu "$backend_pid") i1=$(cpu "$ingress_pid")
  run_wrk "through-$r" "$through_url" "$duration"
  b2=$(cpu "$backend_pid") i2=$(cpu "$ingress_pid")
  read -r ingress_cpu backend_cpu direct_cpu < <(awk -v a="$ingress_cpu" -v b="$backend_cpu" -v c="$direct_cpu" \
    -v i="$(awk -v x="$i1" -v y="$i2" 'BEGIN {print y - x}')" -v bt="$(awk -v x="$b1" -v y="$b2" 'BEGIN {print y - x}')" \
    -v bd="$(awk -v x="$b0" -v y="$b1" 'BEGIN {print y - x}')" 'BEGIN {print a + i, b + bt, c + bd}')
  through_requests=$((through_requests + $(requests "$work/through-$r.out")))
  direct_requests=$((direct_requests + $(requests "$work/direct-$r.out")))
  d=$(rps "$work/direct-$r.out") t=$(rps "$work/through-$r.out")
  failed=$((failed + $(errors "$work/direct-$r.out") + $(errors "$work/through-$r.out")))
  printf 'round %d: direct %8.0f req/s (p50 %s, p99 %s)   through %8.0f req/s (p50 %s, p99 %s)\n' "$r" "$d" \
    "$(pct "$work/direct-$r.out" 50)" "$(pct "$work/direct-$r.out" 99)" "$t" "$(pct "$work/through-$r.out" 50)" "$(pct "$work/through-$r.out" 99)"
  direct_sum=$(awk -v a="$direct_sum" -v b="$d" 'BEGIN {print a + b}')
  through_sum=$(awk -v a="$through_sum" -v b="$t" 'BEGIN {print a + b}')
done
last="$work/through-$rounds.out"
awk -v i="$ingress_cpu" -v b="$backend_cpu" -v d="$direct_cpu" -v tn="$through_requests" -v dn="$direct_requests" \
  'BEGIN { printf "CPU per request: ingress %.1f us + backend %.1f us through; backend %.1f us direct\n", i / tn * 1e6, b / tn * 1e6, d / dn * 1e6 }'
printf 'last round direct: p50 %s, p99 %s; %d connections, %d threads, %d rounds of %d s; %d failed requests\n' \
  "$(pct "$work/direct-$rounds.out" 50)" "$(pct "$work/direct-$rounds.out" 99)" "$connections" "$threads" "$rounds" "$duration" "$failed"
awk -v t="$through_sum" -v d="$direct_sum" -v n="$rounds" -v p50="$(pct "$last" 50)" -v p99="$(pct "$last" 99)" \
  'BEGIN { printf "ingress: ratio %.2f (through %.0f req/s, direct %.0f req/s, p50 %s, p99 %s)\n", t / d, t / n, d / n, p50, p99 }'
[ "$failed" = 0 ]
