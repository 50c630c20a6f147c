#!/usr/bin/env bash
# Load test of the example webhook against its anchors, on Deno and Bun (issue 7).
#
#   bench/load.sh [ROUNDS]          or   deno task bench:load
#
# For each runtime it starts, one at a time and interleaved over ROUNDS rounds
# (A B C ... A B C ...; the machine is noisy, so only ratios measured side by
# side mean something):
#   bare-R        bench/load/servers/bare.ts: Deno.serve / Bun.serve, read the body, fixed reply
#   limit-R       bench/load/servers/limit.ts: bare + Basic compare + sync HMAC + JSON.parse + topic
#   parse-R       bench/load/servers/parse.ts: bare + JSON.parse + the session sent back (reference)
#   hono-R        bench/load/servers/hono-valibot.ts: hand-written Hono + valibot + Web Crypto
#   webhook-R     examples/server.ts with the anchors' security: key, Basic auth, no Date window
#   nosec-R       examples/server.ts without key or auth (and no Date window)
#   yg-deno       webhook-deno with DENO_V8_FLAGS=--cppgc-young-generation, which frees
#                 node:crypto's native hashers in minor collections (Deno only; see README)
#   otel-R        webhook-R with an OpenTelemetry SDK registered before it starts (preloaded
#                 bench/load/otel_preload.ts: spans batched, metrics read every 5 s, both
#                 dropped by their exporters): the cost of the webhook's telemetry when on
#   base-R        with BASE_ROOT set: the webhook example of another checkout (BASE_ROOT, e.g.
#                 a `git worktree` of the commit before a change), configured as webhook-R,
#   basenosec-R   and as nosec-R: "before" and "after" of a change, measured side by side
# Every server is pinned to CPU 0 and loaded by `wrk -t1 -c50` pinned to CPU 1 with the
# signed 2.7 KB notification of bench/load/payloads (see bench/load/run.sh), on 127.0.0.1.
# The anchors are copies of ../shared/bench/servers. It then prints the median (min-max)
# table, the goals' ratios (median over rounds of the ratio within a round) and the cold
# import time of mod.ts.
#
# Env: ROUNDS (3) DURATION (10s, as ../shared/bench) RUNTIMES ("deno bun") BASE_ROOT (unset)
#      TARGETS ("bare parse limit hono webhook nosec yg otel", plus "base basenosec" with BASE_ROOT)
#      IMPORT_RUNS (10) DENO BUN (node_modules/.bin/...) PORT (8787) CONNS (50)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rounds=${1:-${ROUNDS:-3}}
DENO=${DENO:-$root/node_modules/.bin/deno}
BUN=${BUN:-$root/node_modules/.bin/bun}
RUNTIMES=${RUNTIMES:-deno bun}
TARGETS=${TARGETS:-bare parse limit hono webhook nosec yg otel${BASE_ROOT:+ base basenosec}}
export DURATION=${DURATION:-10s} PORT=${PORT:-8787} NO_COLOR=1

# wrk, taskset and openssl come from Debian packages; install what is missing.
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v taskset >/dev/null || need+=(util-linux)
command -v openssl >/dev/null || need+=(openssl)
if ((${#need[@]})); then
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "installing ${need[*]} (apt-get)" >&2
  for attempt in 1 2 3 4 5 6; do  # another engineer may hold the dpkg lock
    if "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null; then break; fi
    ((attempt < 6)) || { echo "could not install ${need[*]}" >&2; exit 1; }
    sleep 10
  done
fi

cd "$here/load"
chmod +x run.sh sign.sh
security=(CLUSTAAR_PRIVATE_KEY=bench-secret CLUSTAAR_AUTH_USERNAME=bench CLUSTAAR_AUTH_PASSWORD=pass)
set_cmd() {  # $1 = target, $2 = runtime
  local run
  if [[ $2 == deno ]]; then run=("$DENO" run --allow-net --allow-env --allow-read); else run=("$BUN"); fi
  case $1 in
    bare) cmd=("${run[@]}" servers/bare.ts) ;;
    limit) cmd=("${run[@]}" servers/limit.ts) ;;
    parse) cmd=("${run[@]}" servers/parse.ts) ;;
    hono) cmd=("${run[@]}" servers/hono-valibot.ts) ;;
    webhook) cmd=(env "${security[@]}" CLUSTAAR_REQUEST_MAX_AGE=none HOST=127.0.0.1
      "${run[@]}" "$root/examples/server.ts") ;;
    otel) cmd=(env "${security[@]}" CLUSTAAR_REQUEST_MAX_AGE=none HOST=127.0.0.1
      "${run[@]}" --preload "$here/load/otel_preload.ts" "$root/examples/server.ts") ;;
    yg) cmd=(env "${security[@]}" CLUSTAAR_REQUEST_MAX_AGE=none HOST=127.0.0.1
      DENO_V8_FLAGS=--cppgc-young-generation "${run[@]}" "$root/examples/server.ts") ;;
    nosec) cmd=(env -u CLUSTAAR_PRIVATE_KEY -u CLUSTAAR_AUTH_USERNAME -u CLUSTAAR_AUTH_PASSWORD
      CLUSTAAR_REQUEST_MAX_AGE=none HOST=127.0.0.1 "${run[@]}" "$root/examples/server.ts") ;;
    base) cmd=(env "${security[@]}" CLUSTAAR_REQUEST_MAX_AGE=none HOST=127.0.0.1
      "${run[@]}" "${BASE_ROOT:?base needs BASE_ROOT}/examples/server.ts") ;;
    basenosec) cmd=(env -u CLUSTAAR_PRIVATE_KEY -u CLUSTAAR_AUTH_USERNAME -u CLUSTAAR_AUTH_PASSWORD
      CLUSTAAR_REQUEST_MAX_AGE=none HOST=127.0.0.1 "${run[@]}" "${BASE_ROOT:?basenosec needs BASE_ROOT}/examples/server.ts") ;;
    *) echo "unknown target $1" >&2; exit 1 ;;
  esac
}

mkdir -p results; out=results/$(date +%Y%m%d-%H%M%S).txt
export LOG_DIR=results/logs
for r in $(seq "$rounds"); do
  for t in $TARGETS; do
    for rt in $RUNTIMES; do
      [[ $t == yg && $rt != deno ]] && continue  # a V8 flag: Deno only
      set_cmd "$t" "$rt"
      echo "# round $r/$rounds: $t-$rt" >&2
      ./run.sh "$t-$rt" "${cmd[@]}" | sed "s/^RESULT /RESULT round=$r /" | tee -a "$out"
    done
  done
done

# Cold import of mod.ts: a fresh process each time, pinned like the servers.
for rt in $RUNTIMES; do
  if [[ $rt == deno ]]; then run=("$DENO" run --allow-read); else run=("$BUN"); fi
  for _ in $(seq "${IMPORT_RUNS:-10}"); do
    taskset -c 0 "${run[@]}" "$root/bench/import_time.ts" | sed "s/^IMPORT /IMPORT runtime=$rt /" >>"$out"
  done
done

echo "results: bench/load/$out" >&2
echo
awk -f summary.awk "$out"
echo
awk -v runtimes="$RUNTIMES" -f ratios.awk "$out"
