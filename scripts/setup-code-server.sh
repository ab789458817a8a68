#!/usr/bin/env bash
# Installs code-server (a real VS Code 1.100 in the browser) and chromium for
# the end-to-end tests, idempotently, into .cache/code-server (git-ignored).
# The plain `npm install -g code-server` fails offline (its postinstall
# downloads ripgrep), so the install scripts are skipped and their steps done
# here with the system ripgrep. About a minute on a 2-core machine.
#   --chromium-only   install only chromium (the report page's browser test under `test.sh --unit`)
set -euo pipefail
cd "$(dirname "$0")/.."

install_apt() {
  echo "setup-code-server: installing $* with apt-get"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [ "${1:-}" = "--chromium-only" ]; then
  [ -x /usr/bin/chromium ] || install_apt chromium
  exit 0
fi

CODE_SERVER_VERSION=4.100.3
ROOT="$PWD/.cache/code-server"
PKG="$ROOT/node_modules/code-server"
DONE="$ROOT/.installed-$CODE_SERVER_VERSION"

need_apt=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then install_apt "${need_apt[@]}"; fi

install_code_server() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" != 20 ]; then
    echo "setup-code-server: code-server $CODE_SERVER_VERSION needs Node 20, this is $(node --version)" >&2
    exit 1
  fi

  echo "setup-code-server: installing code-server $CODE_SERVER_VERSION into $ROOT"
  rm -rf "$ROOT"
  mkdir -p "$ROOT"
  echo '{"name":"go-doctor-e2e-code-server","private":true}' >"$ROOT/package.json"
  quiet=(--no-audit --no-fund --loglevel=error)

  (cd "$ROOT" && npm install "${quiet[@]}" --ignore-scripts "code-server@$CODE_SERVER_VERSION")

  # The steps of code-server's postinstall.sh, with ripgrep taken from the system.
  (
    cd "$PKG/lib/vscode"
    npm install "${quiet[@]}" --omit=dev --ignore-scripts
    mkdir -p node_modules/@vscode/ripgrep/bin
    ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    npm_config_yes=true npm_config_nodedir=/usr npm rebuild "${quiet[@]}"
    rm -rf node_modules.asar && ln -s node_modules node_modules.asar
    (cd bin/remote-cli && rm -rf code-server && ln -s code-linux.sh code-server)
    (cd bin/helpers && rm -rf browser.sh && ln -s browser-linux.sh browser.sh)
    cd extensions
    npm install "${quiet[@]}" --omit=dev >/dev/null
  )
  # argon2 is hoisted to the top node_modules; its prebuilt download fails offline and it builds from source.
  (cd "$ROOT" && npm_config_nodedir=/usr npm rebuild "${quiet[@]}" argon2)
  [ -f "$ROOT/node_modules/argon2/lib/binding/napi-v3/argon2.node" ]

  touch "$DONE"
}

if [ ! -f "$DONE" ] || [ ! -f "$PKG/out/node/entry.js" ]; then install_code_server; fi
echo "setup-code-server: code-server $CODE_SERVER_VERSION ready in $ROOT"

# The extension under test, packaged as a release is. Done here, before the test
# run, because packaging rewrites dist/ while other test files use dist/cli.js.
if [ -f src/extension/extension.ts ]; then
  echo "setup-code-server: npm run package"
  if npm run package --silent </dev/null >/dev/null; then
    echo "setup-code-server: packaged dist/go-doctor.vsix"
  else
    echo "setup-code-server: npm run package failed; the e2e tests will try again and report why" >&2
  fi
fi
