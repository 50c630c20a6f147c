#!/usr/bin/env bash
# Usage: ./run.sh NAME CMD...   (copied from ../shared/bench/run.sh; bench/load.sh drives it)
# Starts server CMD (it must listen on $PORT, POST /) pinned with taskset, waits for the first 2xx to a
# signed request (= startup time), loads it with wrk pinned to another CPU, prints one RESULT line.
# Env: PORT (8787) SERVER_CPUS (0) WRK_CPUS (1) CONNS (50) DURATION (10s) WRK (wrk) LOG_DIR (results/logs)
#      PAYLOAD (payloads/step_reached.json, relative to this folder)
set -euo pipefail
cd "$(dirname "$0")"
name=$1; shift
export PORT=${PORT:-8787}
SERVER_CPUS=${SERVER_CPUS:-0} WRK_CPUS=${WRK_CPUS:-1} CONNS=${CONNS:-50} DURATION=${DURATION:-10s}
LOG_DIR=${LOG_DIR:-results/logs}; mkdir -p "$LOG_DIR"
export PAYLOAD=${PAYLOAD:-payloads/step_reached.json}
stamp=$(date +%H%M%S); srv_log=$LOG_DIR/$name-$stamp.server.log; wrk_log=$LOG_DIR/$name-$stamp.wrk.log

taskset -cp "$WRK_CPUS" $$ >/dev/null  # keep this script (the startup probe) off the server's CPU

# Startup probe without forking: one raw HTTP/1.1 signed POST over bash's /dev/tcp, true on a 2xx.
request=$(printf 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: %d\r\n' \
  "$(wc -c <"$PAYLOAD")"; ./sign.sh "$PAYLOAD" | sed 's/$/\r/'; printf '\r\n'; cat "$PAYLOAD")
probe() { local line=""
  { printf '%s' "$request" >&3 && IFS= read -r -t 2 line <&3; } 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$PORT"
  [[ $line == "HTTP/1.1 2"* ]]; }
port_open() { { :; } 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$PORT"; }
if port_open; then echo "port $PORT already in use" >&2; exit 1; fi

# All processes of the server (the server and its children, e.g. gunicorn workers).
tree() { echo "$1"; local c; for c in $(ps -o pid= --ppid "$1"); do tree "$c"; done; }
cpu_ticks() { local p t=0; for p in $(tree "$pid"); do  # utime+stime of all server processes
  t=$(( t + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0) )); done; echo "$t"; }
stop() { kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done; kill -KILL "$pid"; }

t0=${EPOCHREALTIME/./}  # microseconds; bash 5 clock, no fork
taskset -c "$SERVER_CPUS" "$@" >"$srv_log" 2>&1 &
pid=$!
trap stop EXIT
until probe; do
  kill -0 "$pid" 2>/dev/null || { echo "server $name exited, see $srv_log" >&2; exit 1; }
  (( ${EPOCHREALTIME/./} - t0 < 30000000 )) || { echo "server $name not ready after 30s" >&2; exit 1; }
done
startup_ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))

ticks0=$(cpu_ticks); TIMEFORMAT='%R %U %S'
{ time taskset -c "$WRK_CPUS" "${WRK:-wrk}" -t1 -c"$CONNS" -d"$DURATION" --latency -s post.lua \
  "http://127.0.0.1:$PORT/" >"$wrk_log" 2>&1; } 2>"$wrk_log.time"
ticks=$(( $(cpu_ticks) - ticks0 ))

# Peak RSS: sum of VmHWM (kB) over the server's processes, read before stopping it.
rss_kb=0; for p in $(tree "$pid"); do
  k=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null || true); rss_kb=$(( rss_kb + ${k:-0} )); done
stop; trap - EXIT

w=$(grep '^WRK ' "$wrk_log") || { echo "no wrk summary, see $wrk_log" >&2; exit 1; }
read -r wall user sys <"$wrk_log.time"
awk -v name="$name" -v rss_kb="$rss_kb" -v startup_ms="$startup_ms" -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" \
    -v wall="$wall" -v wrk_cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" '{
  for (i = 2; i <= NF; i++) { split($i, kv, "="); w[kv[1]] = kv[2] }
  secs = w["duration_us"] / 1e6
  printf "RESULT name=%s rps=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d sock_errors=%d rss_mb=%.1f startup_ms=%d",
    name, w["rps"], w["p50_us"] / 1000, w["p99_us"] / 1000, w["non2xx"],
    w["err_connect"] + w["err_read"] + w["err_write"] + w["err_timeout"], rss_kb / 1024, startup_ms
  printf " srv_cpu_pct=%.0f srv_cpu_us_per_req=%.1f wrk_cpu_pct=%.0f\n",
    100 * ticks / hz / secs, 1e6 * ticks / hz / w["requests"], 100 * wrk_cpu / wall }' <<<"$w"
