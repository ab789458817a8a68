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

# Module-pinned tools (go.mod `tool` directives, GD026): the tests pin Delve and
# gopls in temporary modules, offline, through a file:// proxy made of this
# module cache, and build them with `go tool -n`. Fetch once the module graphs
# that `go get -tool` and a go.work over two Delve pins need, and warm the builds.
# `go mod download` fetches the .info files `go get` skips, so that the proxy also
# serves a plain `go mod download` into an empty module cache.
PINNED_DLV_OLD=v1.27.1
pin_tools() {
  local ready="$TOOLS_GOPATH/pinned-tools-2-$DLV_VERSION-$PINNED_DLV_OLD-$GOPLS_VERSION"
  [ -f "$ready" ] && return 0
  echo "setup: fetching the module graphs of pinned dlv $DLV_VERSION, $PINNED_DLV_OLD and gopls $GOPLS_VERSION"
  local tmp
  tmp=$(mktemp -d)
  (
    cd "$tmp"
    export GOMODCACHE="$TOOLS_GOPATH/pkg/mod" GOFLAGS=-modcacherw GOTOOLCHAIN=local
    pin() { # dir package@version name
      mkdir "$1" && cd "$1" && GOWORK=off go mod init "example.com/pin/$1" >/dev/null 2>&1 &&
        GOWORK=off go get -tool "$2" >/dev/null 2>&1 && GOWORK=off go mod download &&
        GOWORK=off go tool -n "$3" >/dev/null && cd ..
    }
    pin new "github.com/go-delve/delve/cmd/dlv@$DLV_VERSION" dlv
    pin old "github.com/go-delve/delve/cmd/dlv@$PINNED_DLV_OLD" dlv
    pin gopls "golang.org/x/tools/gopls@$GOPLS_VERSION" gopls
    go work init ./new ./old && (cd old && go tool -n dlv >/dev/null)
  )
  chmod -R u+w "$tmp" && rm -rf "$tmp"
  touch "$ready"
}
pin_tools
echo "setup: dlv and gopls ready in $TOOLS_GOPATH/bin"
