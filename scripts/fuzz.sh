#!/usr/bin/env bash
# `npm run fuzz`: the property-based parser tests with a large case count
# (GD_FUZZ_RUNS, default 100000 per property). The default test run uses a small count.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
rm -rf out && npx tsc -p tsconfig.test.json
export GD_FUZZ_RUNS="${GD_FUZZ_RUNS:-100000}"
mapfile -t files < <(grep -l "GD_FUZZ_RUNS" -r out/test --include='*.test.js' | sort)
node --test --test-concurrency=2 "${files[@]}"
