#!/usr/bin/env bash
# The whole test suite, on a machine with only Node and npm:
#   installs Deno, Bun and the dependencies from npm (package-lock.json),
#   type-checks and lints, then runs every test under Deno and under Bun.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1

step() { printf '\n== %s\n' "$*"; }

step "install (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
DENO=node_modules/.bin/deno
BUN=node_modules/.bin/bun
"$DENO" --version | head -1
echo "bun $("$BUN" --version)"

step "type check"
"$DENO" check mod.ts src/ examples/ tests/ bench/

step "lint"
"$DENO" lint

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

step "tests under Deno"
set +e
"$DENO" test --allow-read --allow-net --allow-env --allow-run --allow-write tests/ 2>&1 | tee "$log/deno.txt"
deno_status=${PIPESTATUS[0]}

step "tests under Bun"
"$BUN" test 2>&1 | tee "$log/bun.txt"
bun_status=${PIPESTATUS[0]}
set -e

# One closing line for both runtimes: "N passed, N failed".
deno_line=$(grep -E '^(ok|FAILED) \|' "$log/deno.txt" | tail -1 || true)
deno_pass=$(sed -nE 's/.* ([0-9]+) passed( \(([0-9]+) steps?\))?.*/\1 \3/p' <<<"$deno_line" | awk '{print $1 + $2}')
deno_fail=$(sed -nE 's/.*\| ([0-9]+) failed( \(([0-9]+) steps?\))?.*/\1 \3/p' <<<"$deno_line" | awk '{print $1 + $2}')
bun_pass=$(sed -nE 's/^ *([0-9]+) pass$/\1/p' "$log/bun.txt" | tail -1)
bun_fail=$(sed -nE 's/^ *([0-9]+) fail$/\1/p' "$log/bun.txt" | tail -1)
passed=$(( ${deno_pass:-0} + ${bun_pass:-0} ))
failed=$(( ${deno_fail:-0} + ${bun_fail:-0} ))
if [ "$deno_status" -ne 0 ] || [ "$bun_status" -ne 0 ]; then
  [ "$failed" -gt 0 ] || failed=1
fi
printf '\nDeno: %s passed, %s failed; Bun: %s passed, %s failed\n' \
  "${deno_pass:-0}" "${deno_fail:-0}" "${bun_pass:-0}" "${bun_fail:-0}"
echo "tests: $passed passed, $failed failed"
[ "$deno_status" -eq 0 ] && [ "$bun_status" -eq 0 ]
