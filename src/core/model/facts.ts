// Domain types that pass between the stages of a diagnosis:
// shell capture → go → tools / modules / variables → report.

import type { Finding } from "./findings";
import type { Env } from "../base/envPath";
import type { Evidence } from "../base/process";

/** Settings that matter to diagnosis, read from VS Code or given to the CLI. */
export interface EditorSettings {
  /** `go.goroot`: a directory. */
  goroot?: string;
  /** `go.alternateTools`: tool name → absolute path (or a name looked up on PATH). */
  alternateTools?: Record<string, string>;
  /** `go.toolsEnvVars`: variables added to every tool the Go extension runs. */
  toolsEnvVars?: Record<string, string>;
  /** `go.toolsGopath`. */
  toolsGopath?: string;
}

export type EnvSource = "login-shell" | "process";

export interface LoginEnv {
  source: EnvSource;
  /** The environment every probe runs with. */
  env: Env;
  /** Shell used (or tried), e.g. "/bin/zsh"; undefined when capture was disabled. */
  shell?: string;
  /** argv used for the capture. */
  argv?: string[];
  durationMs: number;
  /** GD001 / GD002 when the capture failed, GD003 when process and login env drift. */
  findings: Finding[];
  evidence: Evidence[];
  /** Go-relevant variables that differ: name → [process value, login value]. */
  drift: Record<string, [string | undefined, string | undefined]>;
}

export interface ToolCandidate {
  path: string;
  /** Why it is a candidate: "go.alternateTools", "GOBIN", "GOPATH[1]/bin", "PATH", "GOROOT/bin", … */
  source: string;
  /** Tool's own version, e.g. "1.27.2" for dlv, "v0.23.0" normalised to "0.23.0" for gopls, "1.26.8" for go. */
  version?: string;
  /** Go version the binary was built with, from `go version -m`, e.g. "1.26.8". */
  builtWith?: string;
  /** Module version from `go version -m`, e.g. "v1.27.2". */
  moduleVersion?: string;
  /** Build settings from `go version -m` (e.g. "-trimpath": "true"). */
  buildSettings?: Record<string, string>;
  /** Set when probing failed: the reason, as shown to the user. */
  probeError?: string;
  /** Whether this file's directory is on the login PATH. */
  onPath: boolean;
}

export interface ToolInfo {
  name: "go" | "dlv" | "gopls";
  /** The one a correctly started editor would use; null when none. */
  path: string | null;
  version: string | null;
  builtWith: string | null;
  /** Why the chosen one won. */
  reason: string;
  candidates: ToolCandidate[];
}

/** The subset of `go env -json` that Go Doctor reads; every value is a string. */
export type GoEnvVars = Record<string, string>;

export interface GoInfo {
  tool: ToolInfo;
  /** `go env -json` in the workspace folder with the captured env; null when it failed. */
  goEnv: GoEnvVars | null;
  /** The Go version builds in this folder will use (after any toolchain switch), e.g. "1.26.8". */
  activeVersion: string | null;
  /** The local toolchain's version (`GOTOOLCHAIN=local go version`). */
  localVersion: string | null;
}
