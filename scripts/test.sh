#!/usr/bin/env bash
# The whole test suite, on a machine with only Node and npm:
#   installs Deno, Bun and the dependencies from npm (package-lock.json),
#   type-checks and lints, then runs every test under Deno and under Bun,
#   the Node.js adapter tests under Node, the JSDoc examples, the README's
#   code blocks, the JSR doc lint and a JSR publish dry run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
# shellcheck source=scripts/_debian.sh
. scripts/_debian.sh

step() { printf '\n== %s\n' "$*"; }

step "install (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
DENO=node_modules/.bin/deno
BUN=node_modules/.bin/bun
"$DENO" --version | head -1
echo "bun $("$BUN" --version)"

step "type check"
"$DENO" check mod.ts src/ examples/ tests/ bench/

step "lint and format"
"$DENO" lint
"$DENO" fmt --check

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

step "Debian packages for the tests"
# The Redis replay store's tests run a real redis-server; the sanitiser's
# differential test compares it with the platform's bleach; the browser tests
# drive the playground in Debian's chromium.
need_debian redis-server redis-server || true
need_debian_python bleach python3-bleach || true
browser=0
need_debian chromium chromium && browser=1

step "tests under Deno"
set +e
"$DENO" test --allow-read --allow-net --allow-env --allow-run --allow-write tests/ 2>&1 | tee "$log/deno.txt"
deno_status=${PIPESTATUS[0]}

step "tests under Bun"
# Bun gives a test 5 s unless told otherwise; tests that start servers and runtimes set their own
# deadlines, and this one covers the rest on a cold, busy machine (Deno's runner has no default).
"$BUN" test --timeout 60000 2>&1 | tee "$log/bun.txt"
bun_status=${PIPESTATUS[0]}

step "tests under Node.js (toNodeHandler, examples/node.ts bundled with bun build)"
node --test --test-reporter=tap tests/node/adapter.node.mjs 2>&1 | tee "$log/node.txt"
node_status=${PIPESTATUS[0]}

step "browser tests (the playground in Debian's chromium, driven by playwright-core under Node.js)"
browser_status=0
if [ "$browser" -eq 1 ]; then
  node --test --test-reporter=tap tests/browser/*.node.mjs 2>&1 | tee "$log/browser.txt"
  browser_status=${PIPESTATUS[0]}
else
  echo "SKIP: the browser tests need chromium: run 'apt-get install chromium' as root, then 'bash scripts/test.sh'" | tee "$log/browser.txt"
fi

step "doc examples (deno test --doc)"
"$DENO" test --doc --allow-all mod.ts src/ 2>&1 | tee "$log/doc.txt"
doc_status=${PIPESTATUS[0]}

step "README code blocks (scripts/readme/check.ts: type-checked; '// Deno and Bun' ones run under both, JavaScript under Node)"
"$DENO" run --check --allow-read --allow-write --allow-run --allow-env scripts/readme/check.ts README.md 2>&1 | tee "$log/readme.txt"
readme_status=${PIPESTATUS[0]}

step "doc lint (deno doc --lint; private-type-ref into valibot's own types is accepted)"
# Every entry point of deno.json's exports, as JSR documents them.
read -r -a entry_points <<<"$(node -p "Object.values(require('./deno.json').exports).join(' ')")"
"$DENO" doc --lint "${entry_points[@]}" >"$log/doclint.txt" 2>&1
valibot_types=$(sed -nE 's/^(declare )?(type|interface) ([A-Za-z0-9_]+).*/\3/p' \
  node_modules/valibot/dist/index.d.mts | sort -u | paste -sd'|' -)
grep -E '^error\[' "$log/doclint.txt" \
  | grep -vE "^error\[private-type-ref\]: .* references private type '(${valibot_types})'" \
  | tee "$log/doclint_other.txt"
doclint_status=0
[ ! -s "$log/doclint_other.txt" ] || doclint_status=1
echo "doc lint: $(grep -cE '^error\[' "$log/doclint.txt" || true) reports, $(wc -l <"$log/doclint_other.txt") not about valibot's types"

step "JSR publish dry run"
"$DENO" publish --dry-run --allow-dirty 2>&1 | tail -3
publish_status=${PIPESTATUS[0]}
set -e

# One closing line for both runtimes: "N passed, N failed".
deno_line=$(grep -E '^(ok|FAILED) \|' "$log/deno.txt" | tail -1 || true)
deno_pass=$(sed -nE 's/.* ([0-9]+) passed( \(([0-9]+) steps?\))?.*/\1 \3/p' <<<"$deno_line" | awk '{print $1 + $2}')
deno_fail=$(sed -nE 's/.*\| ([0-9]+) failed( \(([0-9]+) steps?\))?.*/\1 \3/p' <<<"$deno_line" | awk '{print $1 + $2}')
bun_pass=$(sed -nE 's/^ *([0-9]+) pass$/\1/p' "$log/bun.txt" | tail -1)
bun_fail=$(sed -nE 's/^ *([0-9]+) fail$/\1/p' "$log/bun.txt" | tail -1)
node_pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log/node.txt" | tail -1)
node_fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log/node.txt" | tail -1)
browser_pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log/browser.txt" | tail -1)
browser_fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log/browser.txt" | tail -1)
doc_line=$(grep -E '^(ok|FAILED) \|' "$log/doc.txt" | tail -1 || true)
doc_pass=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$doc_line")
doc_fail=$(sed -nE 's/.*\| ([0-9]+) failed.*/\1/p' <<<"$doc_line")
passed=$(( ${deno_pass:-0} + ${bun_pass:-0} + ${node_pass:-0} + ${browser_pass:-0} + ${doc_pass:-0} ))
failed=$(( ${deno_fail:-0} + ${bun_fail:-0} + ${node_fail:-0} + ${browser_fail:-0} + ${doc_fail:-0} ))
if [ "$deno_status" -ne 0 ] || [ "$bun_status" -ne 0 ] || [ "$node_status" -ne 0 ] || [ "$browser_status" -ne 0 ] || [ "$doc_status" -ne 0 ]; then
  [ "$failed" -gt 0 ] || failed=1
fi
printf '\nDeno: %s passed, %s failed; Bun: %s passed, %s failed\n' \
  "${deno_pass:-0}" "${deno_fail:-0}" "${bun_pass:-0}" "${bun_fail:-0}"
printf 'Node: %s passed, %s failed; browser: %s; doc examples: %s passed, %s failed\n' \
  "${node_pass:-0}" "${node_fail:-0}" \
  "$([ "$browser" -eq 1 ] && echo "${browser_pass:-0} passed, ${browser_fail:-0} failed" || echo skipped)" \
  "${doc_pass:-0}" "${doc_fail:-0}"
printf 'README blocks: %s\n' "$([ "$readme_status" -eq 0 ] && echo clean || echo FAILED)"
printf 'doc lint: %s; JSR dry run: %s\n' \
  "$([ "$doclint_status" -eq 0 ] && echo clean || echo FAILED)" "$([ "$publish_status" -eq 0 ] && echo clean || echo FAILED)"
echo "tests: $passed passed, $failed failed"
# Name what failed, so the end of a long log says where to look.
if [ "$failed" -gt 0 ]; then
  echo "failing tests:"
  { grep -E '^\(fail\) ' "$log/bun.txt" | sort -u | sed 's/^/  bun: /'
    grep -E ' \.\.\. FAILED' "$log/deno.txt" "$log/doc.txt" | sort -u | sed 's/^/  deno: /'
    grep -E '^not ok ' "$log/node.txt" "$log/browser.txt" | sed 's/^/  node: /'
  } 2>/dev/null | head -40 || true
fi
[ "$deno_status" -eq 0 ] && [ "$bun_status" -eq 0 ] && [ "$node_status" -eq 0 ] && [ "$browser_status" -eq 0 ] \
  && [ "$doc_status" -eq 0 ] && [ "$readme_status" -eq 0 ] \
  && [ "$doclint_status" -eq 0 ] && [ "$publish_status" -eq 0 ]
