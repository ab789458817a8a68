#!/usr/bin/env bash
# The whole test suite: installs what it needs (idempotent), builds, compiles
# the tests and runs them with Node's test runner.
#   --unit   skip the end-to-end editor tests (test/e2e); chromium is still installed
set -euo pipefail
cd "$(dirname "$0")/.."

unit_only=false
[ "${1:-}" = "--unit" ] && unit_only=true

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/setup-test-env.sh
if [ -f scripts/setup-code-server.sh ]; then
  # The report page's browser test needs chromium even without the editor tests.
  if $unit_only; then bash scripts/setup-code-server.sh --chromium-only; else bash scripts/setup-code-server.sh; fi
fi

npx tsc -p tsconfig.json --noEmit
npx eslint src test bench
npx prettier --check .
node esbuild.config.mjs
rm -rf out && npx tsc -p tsconfig.test.json

mapfile -t files < <(find out/test -name '*.test.js' | sort)
if $unit_only; then mapfile -t files < <(printf '%s\n' "${files[@]}" | grep -v '^out/test/e2e/'); fi
node --test --test-concurrency=2 "${files[@]}"
