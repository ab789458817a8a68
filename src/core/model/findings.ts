import { Evidence } from "../base/process";
// The report model shared by every check, the CLI and the extension.
// Findings carry a stable fault code; fixes are data so that each shell
// (CLI, extension) can show and apply them in its own way.

export type Severity = "error" | "warning" | "info";

export type SettingScope = "user" | "workspace" | "workspaceFolder";

export type FixAction =
  | {
      kind: "run";
      title: string;
      argv: string[];
      cwd?: string;
      /** Variables to add on top of the captured environment. */
      env?: Record<string, string>;
    }
  | {
      kind: "setting";
      title: string;
      key: string;
      /** Absent (undefined) removes the setting. */
      value?: unknown;
      scope: SettingScope;
    }
  | {
      kind: "launch";
      title: string;
      file: string;
      /** jsonc-parser path of the node to change, e.g. ["configurations", 0, "dlvPath"]. */
      path: (string | number)[];
      /** Absent (undefined) removes the node. */
      value?: unknown;
    }
  | {
      kind: "manual";
      title: string;
      detail: string;
    };

export interface Finding {
  code: string;
  severity: Severity;
  /** One sentence: what happened and why. */
  message: string;
  /** Optional further lines (a diff, a candidate list). */
  details?: string[];
  fixes?: FixAction[];
  /** File location when the finding is about a file (go.mod, launch.json). */
  location?: { file: string; line?: number; column?: number };
}

export type CheckStatus = "ok" | "warning" | "error" | "info" | "skipped";

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** Short summary for the area line, e.g. "Go 1.26.8 at /usr/local/go/bin/go". */
  summary: string;
  findings: Finding[];
  evidence: Evidence[];
  durationMs: number;
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
