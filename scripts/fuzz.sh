#!/usr/bin/env bash
# The fuzz properties of tests/fuzz_test.ts with many more cases, under Deno
# then Bun (not part of scripts/test.sh, which runs 1,000 per property):
#   bash scripts/fuzz.sh                      # 20,000 runs per property, the default seed
#   FUZZ_RUNS=100000 FUZZ_SEED=$RANDOM bash scripts/fuzz.sh
# A failure prints the seed and the failing request; rerun with that
# FUZZ_SEED to reproduce it.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
export FUZZ_RUNS="${FUZZ_RUNS:-20000}"
echo "fuzz: FUZZ_RUNS=$FUZZ_RUNS FUZZ_SEED=${FUZZ_SEED:-default}"
node_modules/.bin/deno test --allow-read --allow-env tests/fuzz_test.ts
node_modules/.bin/bun test --timeout 3600000 tests/fuzz_test.ts
