// The public fault catalogue. Codes are a contract: never renumber, retire instead.
// docs/faults.md has one section per code, anchored by the lower-case code.

import type { Severity } from "./findings";

export interface FaultInfo {
  code: FaultCode;
  slug: string;
  /** The usual severity; a check may raise or lower it with a reason. */
  severity: Severity;
  title: string;
  /** Which readiness gate a finding with this code keeps shut: the only place this is decided. */
  closes: GateRule;
}

/**
 * "both-if-error": only an error-level finding closes the gates (GD013 is an
 * error when the switch cannot happen, a warning when it will); "debug-if-error"
 * likewise for the debug gate (GD055 from GOFLAGS closes it; from one launch
 * configuration it is a warning there and that session alone is refused).
 */
export type GateRule = "none" | "language" | "debug" | "both" | "both-if-error" | "debug-if-error";

const catalogue = [
  ["GD001", "shell-env-timeout", "warning", "The login shell did not finish in time", "none"],
  ["GD002", "shell-env-failed", "warning", "The login shell could not be used", "none"],
  ["GD003", "env-drift", "warning", "The editor's environment differs from the login shell's", "none"],
  ["GD004", "shell-startup-slow", "warning", "The login shell is slow to start", "none"],
  ["GD010", "go-not-found", "error", "No go command found", "both"],
  ["GD011", "go-ambiguous", "warning", "Several go commands disagree", "none"],
  ["GD012", "go-env-failed", "error", "go env failed", "both"],
  ["GD013", "toolchain-switch", "warning", "go.mod or go.work asks for another Go toolchain", "both-if-error"],
  ["GD014", "go-not-on-path", "warning", "go is on no PATH", "none"],
  ["GD020", "dlv-not-found", "error", "Delve (dlv) not found", "debug"],
  ["GD021", "dlv-off-path", "warning", "dlv is installed but not on PATH", "none"],
  ["GD022", "dlv-shadowed", "warning", "Another dlv shadows the newest one", "none"],
  ["GD023", "dlv-go-incompatible", "error", "This Delve cannot debug this Go version", "debug"],
  ["GD024", "tool-built-with-old-go", "warning", "A tool was built with an older Go", "none"],
  ["GD025", "dlv-probe-failed", "error", "dlv version hung, crashed or printed nonsense", "debug"],
  ["GD026", "tool-pinned-by-module", "info", "go.mod pins dlv or gopls with a tool directive", "none"],
  ["GD030", "gopls-not-found", "error", "gopls not found", "language"],
  ["GD031", "gopls-probe-failed", "error", "gopls version hung, crashed or printed nonsense", "language"],
  ["GD032", "gopls-outdated", "warning", "gopls is too old for this Go", "none"],
  ["GD033", "gopls-shadowed", "warning", "Another gopls shadows the newest one", "none"],
  ["GD040", "no-module", "warning", "Go files without go.mod or go.work", "none"],
  ["GD041", "gopath-mode-conflict", "warning", "GOPATH mode conflicts with the module", "none"],
  ["GD042", "modules-missing", "error", "Required modules are not in the module cache", "debug"],
  ["GD043", "go-sum-missing", "error", "go.sum lacks entries the build needs", "debug"],
  ["GD044", "vendor-inconsistent", "error", "vendor/ is missing or out of date", "debug"],
  ["GD050", "gobin-unusable", "warning", "GOBIN is set but unusable", "none"],
  ["GD051", "bin-not-on-path", "warning", "GOBIN or GOPATH/bin is not on PATH", "none"],
  ["GD052", "goroot-suspicious", "warning", "GOROOT looks wrong", "none"],
  ["GD053", "gopath-invalid", "warning", "GOPATH is invalid", "none"],
  ["GD054", "path-entries-invalid", "info", "PATH has invalid entries", "none"],
  ["GD055", "build-flags-break-debugging", "error", "Build flags make debug builds undebuggable", "debug-if-error"],
  ["GD060", "goproxy-misconfigured", "warning", "GOPROXY is misconfigured", "none"],
  ["GD061", "goproxy-unreachable", "warning", "The module proxy cannot be reached", "none"],
  ["GD070", "setting-invalid", "warning", "An editor setting is invalid", "none"],
  ["GD080", "launch-config-invalid", "warning", "A launch configuration is invalid", "none"],
  ["GD081", "binary-no-debug-info", "error", "The binary has no debug information", "none"],
  ["GD082", "binary-stale", "warning", "The binary is older than its sources", "none"],
  ["GD083", "trimpath-without-mapping", "warning", "Built with -trimpath and no substitutePath", "none"],
  ["GD090", "dap-no-listen-line", "error", "dlv dap did not say where it listens", "none"],
  ["GD091", "dap-connect-failed", "error", "Could not connect to the debug adapter", "none"],
  ["GD092", "dap-not-dap", "error", "The endpoint does not speak DAP", "none"],
  ["GD093", "dap-port-in-use", "error", "The debug port is already in use", "none"],
  ["GD094", "debug-smoke-failed", "error", "The debug smoke test failed", "debug"],
  ["GD099", "check-crashed", "error", "A Go Doctor check crashed", "none"],
] as const;

export type FaultCode = (typeof catalogue)[number][0];

/** Every code, in catalogue order: the report schema's enum. */
export const FAULT_CODES = catalogue.map((c) => c[0]) as [FaultCode, ...FaultCode[]];

export const FAULTS: ReadonlyMap<string, FaultInfo> = new Map(
  catalogue.map(([code, slug, severity, title, closes]) => [code, { code, slug, severity, title, closes }]),
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
