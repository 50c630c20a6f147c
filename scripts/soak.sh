#!/usr/bin/env bash
# Load and soak test of the example webhook (examples/server.ts) under Deno
# and under Bun, on the loopback only. Not part of scripts/test.sh.
#
#   bash scripts/soak.sh                  # 60 s per runtime, 64 connections
#   DURATION=20s bash scripts/soak.sh     # shorter
#   deno task soak
#
# For each runtime: start the example with every check on (private key, Basic
# credentials), warm it up for WARMUP, then send signed requests from wrk (a
# separate process) at full speed for DURATION over CONNS connections while
# sampling the server's resident memory. Prints requests served, failures
# (non-200 answers and socket errors: must be 0), p50/p99 latency and RSS at
# the start and end of the soak, then checks the server still answers and
# stops cleanly on SIGTERM.
#
# Signing: wrk's Lua cannot compute an HMAC per request, so every request
# carries the same body signed once, with one fixed Date. The example runs
# with CLUSTAAR_REQUEST_MAX_AGE=none, which turns off the Date window and with
# it the replay store (a replayed signature would otherwise get a 409 from the
# second request on). Each request still goes through Basic authentication,
# the HMAC-SHA1 check over the raw body, JSON parsing, notification parsing,
# routing, the handler and response validation.
#
# Env: DURATION (60s) WARMUP (10s) CONNS (64) THREADS (1) PORT (8799)
#      RUNTIMES ("deno bun") SAMPLE (5, seconds between RSS samples)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
DURATION=${DURATION:-60s} WARMUP=${WARMUP:-10s} CONNS=${CONNS:-64} THREADS=${THREADS:-1}
PORT=${PORT:-8799} RUNTIMES=${RUNTIMES:-deno bun} SAMPLE=${SAMPLE:-5}
export NO_COLOR=1

# wrk and openssl come from Debian packages; install what is missing.
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v openssl >/dev/null || need+=(openssl)
if ((${#need[@]})); then
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "installing ${need[*]} (apt-get)" >&2
  "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Pin the server and wrk to different cores when there are two or more.
pin_server=(); pin_wrk=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  pin_server=(taskset -c 0); pin_wrk=(taskset -c 1)
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

key=soak-secret user=soak password='soak:pass'
body="$root/../shared/fixtures/notifications/full.json"
export SOAK_BODY="$body"
export SOAK_DATE; SOAK_DATE=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
export SOAK_SIGNATURE; SOAK_SIGNATURE="sha1=$( { printf 'date=%s\n' "$SOAK_DATE"; cat "$body"; } \
  | openssl dgst -sha1 -hmac "$key" | sed 's/^.*= *//')"
export SOAK_AUTH; SOAK_AUTH="Basic $(printf '%s:%s' "$user" "$password" | base64 -w0)"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

curl_check() {  # one request by curl: prints the status
  curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/" \
    -H "Date: $SOAK_DATE" -H "X-Hub-Signature: $SOAK_SIGNATURE" -H "Authorization: $SOAK_AUTH" \
    --data-binary "@$body" || true
}

echo "soak: ${DURATION} per runtime after ${WARMUP} of warm-up, ${CONNS} connections, wrk -t${THREADS}," \
  "$(nproc) cores, $(LC_ALL=C date -u '+%Y-%m-%d')"
summary=()
status=0
for runtime in $RUNTIMES; do
  case $runtime in
    deno) cmd=(node_modules/.bin/deno run --allow-net --allow-env --allow-read examples/server.ts) ;;
    bun) cmd=(node_modules/.bin/bun run examples/server.ts) ;;
    *) echo "unknown runtime $runtime" >&2; exit 2 ;;
  esac
  log="$work/$runtime.log"
  PORT=$PORT HOST=127.0.0.1 CLUSTAAR_PRIVATE_KEY=$key CLUSTAAR_AUTH_USERNAME=$user \
    CLUSTAAR_AUTH_PASSWORD=$password CLUSTAAR_REQUEST_MAX_AGE=none \
    "${pin_server[@]}" "${cmd[@]}" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 200); do grep -q 'listening on' "$log" && break; sleep 0.05; done
  grep -q 'listening on' "$log" || { cat "$log"; echo "$runtime: the server did not start" >&2; exit 1; }
  first=$(curl_check)
  [ "$first" = 200 ] || { cat "$log"; echo "$runtime: a signed request got $first, not 200" >&2; exit 1; }

  "${pin_wrk[@]}" wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s scripts/soak.lua "http://127.0.0.1:$PORT/" >/dev/null
  sleep 1
  rss_start=$(rss_kb "$server_pid")
  rss_peak=$rss_start
  ( while kill -0 "$server_pid" 2>/dev/null; do rss_kb "$server_pid"; sleep "$SAMPLE"; done ) >"$work/$runtime.rss" &
  sampler=$!
  "${pin_wrk[@]}" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 10s -s scripts/soak.lua \
    "http://127.0.0.1:$PORT/" | tee "$work/$runtime.wrk" | grep -E '^SOAK|Non-2xx|Socket errors' || true
  kill "$sampler" 2>/dev/null || true
  sleep 1
  rss_end=$(rss_kb "$server_pid")
  rss_peak=$(sort -n "$work/$runtime.rss" <(echo "$rss_start") <(echo "$rss_end") | tail -1)
  after=$(curl_check)

  kill -TERM "$server_pid"
  set +e; wait "$server_pid"; exit_code=$?; set -e
  server_pid=""

  line=$(grep '^SOAK' "$work/$runtime.wrk")
  get() { sed -nE "s/.* $1=([0-9.]+).*/\1/p" <<<" $line"; }
  requests=$(get requests) failures=$(( $(get status_errors) + $(get socket_errors) ))
  [ "$after" = 200 ] || failures=$((failures + 1))
  # Flat memory: the end of the soak within 20% (and 16 MB) of its start.
  growth=$(awk -v a="$rss_start" -v b="$rss_end" 'BEGIN { printf "%+.1f%%", (b - a) * 100 / a }')
  flat=$(awk -v a="$rss_start" -v b="$rss_end" 'BEGIN { print (b <= a * 1.2 || b - a <= 16384) ? "flat" : "GROWING" }')
  row=$(printf '%-5s %10s requests %8s req/s  failures %s  p50 %.2f ms  p99 %.2f ms  RSS %s MB -> %s MB (peak %s, %s, %s)  exit %s' \
    "$runtime" "$requests" "$(get rps)" "$failures" "$(awk -v u="$(get p50_us)" 'BEGIN{print u/1000}')" \
    "$(awk -v u="$(get p99_us)" 'BEGIN{print u/1000}')" "$(mb "$rss_start")" "$(mb "$rss_end")" "$(mb "$rss_peak")" \
    "$growth" "$flat" "$exit_code")
  echo "$runtime RSS every ${SAMPLE}s (MB): $(while read -r kb; do printf '%s ' "$(mb "$kb")"; done <"$work/$runtime.rss")"
  echo "$row"
  summary+=("$row")
  if [ "$failures" -ne 0 ] || [ "$flat" != flat ] || [ "$exit_code" -ne 0 ]; then status=1; fi
done
printf '\n== summary (%s, %s connections, %s cores)\n' "$DURATION" "$CONNS" "$(nproc)"
printf '%s\n' "${summary[@]}"
exit "$status"
