// The public fault catalogue. Codes are a contract: never renumber, retire instead.
// docs/faults.md has one section per code, anchored by the lower-case code.

import type { Severity } from "./findings";

export interface FaultInfo {
  code: string;
  slug: string;
  /** The usual severity; a check may raise or lower it with a reason. */
  severity: Severity;
  title: string;
}

const catalogue = [
  ["GD001", "shell-env-timeout", "warning", "The login shell did not finish in time"],
  ["GD002", "shell-env-failed", "warning", "The login shell could not be used"],
  ["GD003", "env-drift", "warning", "The editor's environment differs from the login shell's"],
  ["GD004", "shell-startup-slow", "warning", "The login shell is slow to start"],
  ["GD010", "go-not-found", "error", "No go command found"],
  ["GD011", "go-ambiguous", "warning", "Several go commands disagree"],
  ["GD012", "go-env-failed", "error", "go env failed"],
  ["GD013", "toolchain-switch", "warning", "go.mod or go.work asks for another Go toolchain"],
  ["GD020", "dlv-not-found", "error", "Delve (dlv) not found"],
  ["GD021", "dlv-off-path", "warning", "dlv is installed but not on PATH"],
  ["GD022", "dlv-shadowed", "warning", "Another dlv shadows the newest one"],
  ["GD023", "dlv-go-incompatible", "error", "This Delve cannot debug this Go version"],
  ["GD024", "tool-built-with-old-go", "warning", "A tool was built with an older Go"],
  ["GD025", "dlv-probe-failed", "error", "dlv version hung, crashed or printed nonsense"],
  ["GD030", "gopls-not-found", "error", "gopls not found"],
  ["GD031", "gopls-probe-failed", "error", "gopls version hung, crashed or printed nonsense"],
  ["GD032", "gopls-outdated", "warning", "gopls is too old for this Go"],
  ["GD033", "gopls-shadowed", "warning", "Another gopls shadows the newest one"],
  ["GD040", "no-module", "warning", "Go files without go.mod or go.work"],
  ["GD041", "gopath-mode-conflict", "warning", "GOPATH mode conflicts with the module"],
  ["GD042", "modules-missing", "error", "Required modules are not in the module cache"],
  ["GD043", "go-sum-missing", "error", "go.sum lacks entries the build needs"],
  ["GD044", "vendor-inconsistent", "error", "vendor/ is missing or out of date"],
  ["GD050", "gobin-unusable", "warning", "GOBIN is set but unusable"],
  ["GD051", "bin-not-on-path", "warning", "GOBIN or GOPATH/bin is not on PATH"],
  ["GD052", "goroot-suspicious", "warning", "GOROOT looks wrong"],
  ["GD053", "gopath-invalid", "warning", "GOPATH is invalid"],
  ["GD054", "path-entries-invalid", "info", "PATH has invalid entries"],
  ["GD060", "goproxy-misconfigured", "warning", "GOPROXY is misconfigured"],
  ["GD061", "goproxy-unreachable", "warning", "The module proxy cannot be reached"],
  ["GD070", "setting-invalid", "warning", "An editor setting is invalid"],
  ["GD080", "launch-config-invalid", "warning", "A launch configuration is invalid"],
  ["GD081", "binary-no-debug-info", "error", "The binary has no debug information"],
  ["GD082", "binary-stale", "warning", "The binary is older than its sources"],
  ["GD083", "trimpath-without-mapping", "warning", "Built with -trimpath and no substitutePath"],
  ["GD090", "dap-no-listen-line", "error", "dlv dap did not say where it listens"],
  ["GD091", "dap-connect-failed", "error", "Could not connect to the debug adapter"],
  ["GD092", "dap-not-dap", "error", "The endpoint does not speak DAP"],
  ["GD093", "dap-port-in-use", "error", "The debug port is already in use"],
  ["GD099", "check-crashed", "error", "A Go Doctor check crashed"],
] as const;

export type FaultCode = (typeof catalogue)[number][0];

export const FAULTS: ReadonlyMap<string, FaultInfo> = new Map(
  catalogue.map(([code, slug, severity, title]) => [code, { code, slug, severity, title }]),
);

export function fault(code: FaultCode): FaultInfo {
  const info = FAULTS.get(code);
  if (!info) throw new Error(`unknown fault code ${code}`);
  return info;
}

/** The section of the user-facing fault page (relative to the project root) for a code. */
export function faultDocAnchor(code: string): string {
  return `docs/faults.md#${code.toLowerCase()}`;
}
