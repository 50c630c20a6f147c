-- wrk script of scripts/soak.sh: POST one signed, authenticated notification.
-- Env: SOAK_BODY (a file), SOAK_DATE, SOAK_SIGNATURE, SOAK_AUTH.
local f = assert(io.open(os.getenv("SOAK_BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Date"] = os.getenv("SOAK_DATE")
wrk.headers["X-Hub-Signature"] = os.getenv("SOAK_SIGNATURE")
wrk.headers["Authorization"] = os.getenv("SOAK_AUTH")

-- One machine-readable line; latencies in microseconds. status_errors counts
-- answers with a status over 399 (the webhook sends 200 or 4xx/5xx only).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "SOAK requests=%d seconds=%.1f rps=%.0f p50_us=%d p99_us=%d max_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max, e.status,
    e.connect + e.read + e.write + e.timeout))
end
