// The report model shared by every check, the CLI and the extension.
// Findings carry a stable fault code; fixes are data so that each shell
// (CLI, extension) can show and apply them in its own way.

import { fault, type FaultCode } from "./faults";
import type { ReportCheck, ReportFinding } from "./report";

// The shapes are the report schema's (report.ts), inferred, so the two cannot drift.
export type Severity = ReportFinding["severity"];
export type FixAction = NonNullable<ReportFinding["fixes"]>[number];
export type SettingScope = Extract<FixAction, { kind: "setting" }>["scope"];

/** What a check produces: a catalogued fault with its own sentence; the report adds the check's id. */
export type Finding = Omit<ReportFinding, "check" | "code"> & { code: FaultCode };

export type CheckStatus = ReportCheck["status"];

/**
 * The one way to make a finding: the code is checked against the catalogue at
 * compile time and the severity is the catalogue's unless `parts` says otherwise.
 */
export function finding(
  code: FaultCode,
  message: string,
  parts: Partial<Omit<Finding, "code" | "message">> = {},
): Finding {
  const { severity = fault(code).severity, ...rest } = parts;
  return { code, severity, message, ...rest };
}

export function statusOf(findings: readonly Finding[]): CheckStatus {
  if (findings.some((f) => f.severity === "error")) return "error";
  if (findings.some((f) => f.severity === "warning")) return "warning";
  if (findings.length > 0) return "info";
  return "ok";
}

/** How many findings of each severity: the report's summary. */
export function summaryOf(findings: readonly Pick<Finding, "severity">[]): {
  errors: number;
  warnings: number;
  infos: number;
} {
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  return { errors: count("error"), warnings: count("warning"), infos: count("info") };
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function bySeverity(a: Finding, b: Finding): number {
  return severityRank[a.severity] - severityRank[b.severity] || a.code.localeCompare(b.code);
}
