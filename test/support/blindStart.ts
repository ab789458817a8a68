// A whole machine in a temp dir: a HOME whose login profile puts Go and the real
// tools on PATH, an editor-like process env that lacks them (a blind start), and
// a module to diagnose.

import * as fs from "node:fs";
import * as path from "node:path";
import type { DiagnoseOptions } from "../../src/core/diagnosis/diagnose";
import {
  goBinary,
  goTelemetryOff,
  minimalPathDir,
  projectRoot,
  realDlv,
  realGopls,
  removeDir,
  tempDir,
  writeFile,
  writeModule,
} from "./fixtures";

export interface BlindStart {
  root: string;
  home: string;
  gobin: string;
  gopath: string;
  module: string;
  /** The environment of an editor started from a GUI launcher: no Go on PATH. */
  processEnv: Record<string, string>;
  cleanup(): void;
}

/**
 * `blind: true` (default) gives the process env of an editor started from a GUI
 * launcher: no Go on PATH. `blind: false` gives a terminal-started one, whose PATH
 * already has what the profile adds.
 */
export function blindStart(
  opts: { withDlv?: boolean; withGopls?: boolean; profileExtra?: string; blind?: boolean } = {},
): BlindStart {
  const root = tempDir("gd-scenario-");
  const home = path.join(root, "home");
  const gopath = path.join(home, "go");
  const gobin = path.join(gopath, "bin");
  fs.mkdirSync(gobin, { recursive: true });
  goTelemetryOff(home);
  if (opts.withDlv ?? true) fs.symlinkSync(realDlv, path.join(gobin, "dlv"));
  if (opts.withGopls ?? true) fs.symlinkSync(realGopls, path.join(gobin, "gopls"));
  const goBin = path.dirname(goBinary);
  writeFile(
    path.join(home, ".bash_profile"),
    [
      `export PATH="${goBin}:${gobin}:$PATH"`,
      `export GOPATH="${gopath}"`,
      `export GOMODCACHE="${path.join(root, "modcache")}"`,
      // A build cache shared by the tests, so that builds inside dlv are warm after the first.
      `export GOCACHE="${path.join(projectRoot, ".cache", "test-gocache")}"`,
      "export GOTOOLCHAIN=local",
      "export GOFLAGS=-modcacherw",
      "export GOPROXY=off",
      opts.profileExtra ?? "",
    ].join("\n") + "\n",
  );
  const module = writeModule(path.join(root, "work", "hello"));
  const minimal = minimalPathDir(root);
  const processEnv = {
    HOME: home,
    PATH: opts.blind === false ? `${goBin}:${gobin}:${minimal}` : minimal,
    SHELL: "/bin/bash",
    LANG: "C.UTF-8",
    USER: "gd",
  };
  return { root, home, gobin, gopath, module, processEnv, cleanup: () => removeDir(root) };
}

/** A diagnosis of this machine's folder through its login shell, as the editor would start it. */
export function loginDiagnosis(s: BlindStart, extra: Partial<DiagnoseOptions> = {}): DiagnoseOptions {
  return {
    folder: s.module,
    processEnv: s.processEnv,
    settings: {},
    shell: { enabled: true, timeoutMs: 10_000 },
    ...extra,
  };
}
