# awk -v runtimes="deno bun" -f ratios.awk RESULTS...
# The goals of issue 7 from RESULT (and IMPORT) lines: each ratio is taken within a round
# (servers measured one after the other), then the median over rounds is shown with its range.
function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
function median(a, n) { sort(a, n); return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
# Fills v with one value a round of `num` on runtime rt: its rps over den's (den given), or
# its figure `key` (den ""). Returns how many rounds had it.
function collect(rt, num, den, key, v,   r, n) {
  n = 0
  for (r = 1; r <= rounds; r++) {
    if (!((num "-" rt, r) in rps)) continue
    if (den == "") v[++n] = val[num "-" rt, r, key]
    else if ((den "-" rt, r) in rps && rps[den "-" rt, r] > 0) v[++n] = rps[num "-" rt, r] / rps[den "-" rt, r]
  }
  return n
}
function ratio(rt, num, den, goal, label,   n, v, m) {
  if ((n = collect(rt, num, den, "", v)) == 0) return
  m = median(v, n)
  printf "| %s | %s | %.2f (%.2f-%.2f) | %s %.2f | %s |\n", rt, label, m, v[1], v[n], ">=", goal, (m >= goal) ? "met" : "NOT MET"
}
# A reference row: what the same measure gives for a server that does less than the webhook.
function reference(rt, num, den, key, label,   n, v, m) {
  if ((n = collect(rt, num, den, key, v)) == 0) return
  m = median(v, n)
  printf "| %s | %s | %.2f (%.2f-%.2f) | reference | |\n", rt, label, m, v[1], v[n]
}
function upper(rt, name, key, goal, label, unit,   n, v, m) {
  if ((n = collect(rt, name, "", key, v)) == 0) return
  m = median(v, n)
  printf "| %s | %s | %.2f (%.2f-%.2f) %s | < %s %s | %s |\n", rt, label, m, v[1], v[n], unit, goal, unit, (m < goal) ? "met" : "NOT MET"
}
/^RESULT / {
  for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  r = f["round"] + 0; if (r > rounds) rounds = r
  rps[f["name"], r] = f["rps"] + 0
  for (k in f) val[f["name"], r, k] = f[k] + 0
  if (f["non2xx"] + 0 > 0 || f["sock_errors"] + 0 > 0) bad[f["name"]] = 1
}
/^IMPORT / {
  for (i = 2; i <= NF; i++) { split($i, kv, "="); g[kv[1]] = kv[2] }
  imp[g["runtime"], ++nimp[g["runtime"]]] = g["ms"] + 0
}
END {
  print "| runtime | goal | measured: median (min-max) | target | |"
  print "|---|---|---|---|---|"
  n = split(runtimes, rts, " ")
  for (i = 1; i <= n; i++) {
    rt = rts[i]
    ratio(rt, "webhook", "limit", 0.85, "webhook / limit server, rps")
    ratio(rt, "webhook", "hono", 3, "webhook / Hono + valibot, rps")
    ratio(rt, "nosec", "bare", 0.60, "webhook without security / bare server, rps")
    reference(rt, "parse", "bare", "", "(bare + JSON.parse + session reply) / bare server, rps")
    upper(rt, "webhook", "p99_ms", 5, "webhook p99 latency at 50 connections", "ms")
    reference(rt, "limit", "", "p99_ms", "limit server p99 latency, ms")
    upper(rt, "webhook", "rss_mb", 80, "webhook peak RSS", "MB")
    reference(rt, "limit", "", "rss_mb", "limit server peak RSS, MB")
    if (rt == "deno") {
      reference(rt, "yg", "limit", "", "webhook with --cppgc-young-generation / limit server, rps")
      reference(rt, "yg", "", "p99_ms", "webhook with --cppgc-young-generation, p99 ms")
      reference(rt, "yg", "", "rss_mb", "webhook with --cppgc-young-generation, peak RSS MB")
    }
    reference(rt, "otel", "webhook", "", "webhook with an OpenTelemetry SDK (exporters that drop) / webhook, rps")
    reference(rt, "otel", "", "p99_ms", "webhook with an OpenTelemetry SDK, p99 ms")
    reference(rt, "otel", "", "srv_cpu_us_per_req", "webhook with an OpenTelemetry SDK, server CPU us per request")
    reference(rt, "webhook", "", "srv_cpu_us_per_req", "webhook, server CPU us per request")
    reference(rt, "webhook", "base", "", "webhook / the same webhook before the change (BASE_ROOT), rps")
    reference(rt, "nosec", "basenosec", "", "webhook without security / before the change, rps")
    if (nimp[rt] > 0) {
      for (j = 1; j <= nimp[rt]; j++) w[j] = imp[rt, j]
      m = median(w, nimp[rt])
      printf "| %s | import of mod.ts, cold (%d runs) | %.1f (%.1f-%.1f) ms | < 30 ms | %s |\n", rt, nimp[rt], m, w[1], w[nimp[rt]], (m < 30) ? "met" : "NOT MET"
      delete w
    }
  }
  for (name in bad) printf "WARNING: %s had non-2xx responses or socket errors: its figures are not comparable\n", name
}
