// Builds real Go binaries for the binary tests (binaryInfo, binaryChecks) with the
// real go command. The build cache is the machine's own (a cache is safe to share
// and keeps cross-compiling the standard library out of every run); everything
// else (HOME, module, outputs) lives in the test's temporary directory.

import { execFileSync, execFile } from "node:child_process";
import * as path from "node:path";
import { goBinary, hermeticEnv, writeModule } from "./fixtures";

const sharedCache = execFileSync(goBinary, ["env", "GOCACHE"], { encoding: "utf8" }).trim();

export function buildEnv(root: string, extra: Record<string, string> = {}): Record<string, string> {
  return hermeticEnv(path.join(root, "home"), {
    GOCACHE: sharedCache,
    GOPATH: path.join(root, "gopath"),
    GOFLAGS: "-modcacherw",
    CGO_ENABLED: "0",
    ...extra,
  });
}

/**
 * main.go of the test programs: only the builtin println, so that a cold build cache
 * compiles the runtime for each target but not fmt, reflect, os and the rest.
 */
export const MINIMAL_MAIN = 'package main\n\nfunc main() {\n\tgreeting := "hello"\n\tprintln(greeting)\n}\n';

/** A main module "example.com/hello" in `root/ws`. */
export function helloModule(root: string): string {
  return writeModule(path.join(root, "ws"), { main: MINIMAL_MAIN });
}

/** `go build <flags> -o <out> .` in `dir`; resolves with the output path. */
export function goBuild(
  root: string,
  dir: string,
  out: string,
  flags: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      goBinary,
      ["build", ...flags, "-o", out, "."],
      { cwd: dir, env: buildEnv(root, extraEnv), timeout: 300_000 },
      (err, _stdout, stderr) =>
        err ? reject(new Error(`go build ${flags.join(" ")} failed: ${stderr}`)) : resolve(out),
    );
  });
}
