// Modules that pin the real Delve (or gopls) with go.mod's `tool` directive,
// made offline: `go get -tool` through a file:// proxy made of the set-up's
// module cache (scripts/setup-test-env.sh fetched the module graphs into it).

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { goBinary, toolsGopath } from "./fixtures";

export const sharedModCache = path.join(toolsGopath, "pkg", "mod");
/** The build cache the set-up warmed by building each pin once with `go tool -n`. */
export const sharedGoCache = execFileSync(goBinary, ["env", "GOCACHE"], { encoding: "utf8" }).trim();
export const cacheProxy = `file://${path.join(sharedModCache, "cache", "download")}`;

export const DLV_PKG = "github.com/go-delve/delve/cmd/dlv";
export const GOPLS_PKG = "golang.org/x/tools/gopls";
/** The second Delve release the set-up fetched, for two modules that pin different versions. */
export const OLDER_PINNED_DLV = "1.27.1";

/** Variables under which `go get -tool` and `go tool` work offline against the set-up's caches. */
export function pinVars(): Record<string, string> {
  return {
    GOMODCACHE: sharedModCache,
    GOCACHE: sharedGoCache,
    GOPROXY: cacheProxy,
    GOSUMDB: "off",
    GOFLAGS: "-modcacherw",
    GOTOOLCHAIN: "local",
  };
}

/** `go mod init module` and `go get -tool pkg@version` in dir; returns the go.mod text. */
export function pinnedModule(dir: string, module: string, pkgAtVersion: string, env: Record<string, string>): string {
  fs.mkdirSync(dir, { recursive: true });
  const opts = { cwd: dir, env: { ...env, GOWORK: "off" }, stdio: "pipe" as const };
  if (!fs.existsSync(path.join(dir, "go.mod"))) execFileSync(goBinary, ["mod", "init", module], opts);
  execFileSync(goBinary, ["get", "-tool", pkgAtVersion], opts);
  return fs.readFileSync(path.join(dir, "go.mod"), "utf8");
}

/** The 1-based line of the `tool` directive for pkg in go.mod text. */
export function toolLine(gomod: string, pkg: string): number {
  return gomod.split("\n").findIndex((l) => l.trim() === `tool ${pkg}`) + 1;
}
