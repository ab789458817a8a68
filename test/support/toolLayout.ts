// Places real dlv and gopls binaries (and, for faults, stand-ins) into the
// directories the tool locator searches: symlinks, copies with their own
// real path, and copies whose recorded build Go version is rewritten.

import * as fs from "node:fs";
import * as path from "node:path";
import { fakeTool } from "./fixtures";

export function linkTool(target: string, dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.symlinkSync(target, file);
  return file;
}

/**
 * A file with its own real path, so the locator sees a second candidate: a hard link
 * when the file system allows (never chmod it: that would change the original), else a copy.
 */
export function copyTool(source: string, dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  try {
    fs.linkSync(source, file);
  } catch {
    fs.copyFileSync(source, file, fs.constants.COPYFILE_FICLONE);
    fs.chmodSync(file, 0o755);
  }
  return file;
}

/**
 * A copy of a real Go binary whose build info says it was built with `goVersion`
 * (same length as the original), as if built by an older toolchain: `go version -m`
 * reads the version from the .go.buildinfo blob, which this rewrites in place.
 */
export function copyWithBuildGo(source: string, dir: string, name: string, goVersion: string): string {
  const data = fs.readFileSync(source);
  const magic = data.indexOf(Buffer.from("\xff Go buildinf:", "latin1"));
  if (magic < 0) throw new Error(`${source} has no Go build info`);
  const lenAt = magic + 32;
  const len = data[lenAt];
  const old = data.subarray(lenAt + 1, lenAt + 1 + len).toString("latin1");
  const wanted = `go${goVersion}`;
  if (!old.startsWith("go1.") || wanted.length !== old.length) throw new Error(`cannot rewrite ${old} to ${wanted}`);
  data.write(wanted, lenAt + 1, "latin1");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, data, { mode: 0o755 });
  return file;
}

/** A stand-in dlv that answers `dlv version` as an older Delve release would. */
export function standInDlv(dir: string, version: string, name = "dlv"): string {
  fs.mkdirSync(dir, { recursive: true });
  return fakeTool(
    dir,
    name,
    `printf 'Delve Debugger\\nVersion: ${version}\\nBuild: $Id: 0123456789abcdef0123456789abcdef01234567 $\\n'`,
  );
}

/** A stand-in gopls that answers `gopls version -json` as an older release would. */
export function standInGopls(dir: string, version: string, goVersion: string, name = "gopls"): string {
  fs.mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({
    GoVersion: `go${goVersion}`,
    Path: "golang.org/x/tools/gopls",
    Main: { Path: "golang.org/x/tools/gopls", Version: `v${version}` },
  });
  return fakeTool(dir, name, `printf '%s\\n' '${json}'`);
}

/**
 * A HOME in which the go command keeps telemetry off: otherwise `go` writes
 * ~/.config/go/telemetry (and may leave a child doing so) while the test removes the tree.
 */
export function quietHome(home: string): string {
  fs.mkdirSync(path.join(home, ".config", "go", "telemetry"), { recursive: true });
  fs.writeFileSync(path.join(home, ".config", "go", "telemetry", "mode"), "off");
  return home;
}
