#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine, idempotently:
# shells from Debian (bash, zsh, dash, fish, tcsh), and real Delve and gopls
# built with `go install` into a test-owned GOPATH under .cache/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

DLV_VERSION=v1.27.2
GOPLS_VERSION=v0.23.0
CACHE="$PWD/.cache"
TOOLS_GOPATH="$CACHE/tools-gopath"

need_apt=()
for pkg_cmd in zsh:zsh fish:fish tcsh:tcsh dash:dash binutils:strip; do
  pkg=${pkg_cmd%%:*}; cmd=${pkg_cmd##*:}
  command -v "$cmd" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} with apt-get"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

install_tool() { # module@version binary
  local spec=$1 bin=$2 want=${1##*@}
  if [ -x "$TOOLS_GOPATH/bin/$bin" ] && go version -m "$TOOLS_GOPATH/bin/$bin" 2>/dev/null | grep -q "mod.*$want"; then
    return 0
  fi
  echo "setup: go install $spec"
  GOPATH="$TOOLS_GOPATH" GOBIN= GOFLAGS=-modcacherw GOTOOLCHAIN=local go install "$spec"
}
mkdir -p "$CACHE"
install_tool "github.com/go-delve/delve/cmd/dlv@$DLV_VERSION" dlv
install_tool "golang.org/x/tools/gopls@$GOPLS_VERSION" gopls
echo "setup: dlv and gopls ready in $TOOLS_GOPATH/bin"
