#!/usr/bin/env bash
# `npm run bench`: builds, then runs every benchmark under bench/ (each prints its
# own figures and the ratio against a baseline measured in the same run).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/setup-test-env.sh >/dev/null
# The editor benchmark runs real code-server in Chromium, with the packaged extension.
bash scripts/setup-code-server.sh >/dev/null
node esbuild.config.mjs --production
rm -rf out && npx tsc -p tsconfig.test.json
for b in out/bench/*.bench.js; do
  echo "== ${b#out/bench/}"
  node "$b"
  echo
done
