// The two readiness gates and their one verdict shape. Which finding keeps
// which gate shut is a column of the fault catalogue (faults.ts `closes`);
// `gateBlockers` is the only reader of it, for the report's gates and for the
// readiness machine alike.

import { FAULTS } from "./faults";
import type { Severity } from "./findings";

export type Gate = "language" | "debug";

export type GateStatus = "pending" | "open" | "closed";

/** A gate's answer, wherever it is shown: the status bar, the report view, the debug refusal. */
export interface GateVerdict {
  status: GateStatus;
  /** Open: what was verified. Closed: why (the first blocking finding). Pending: what it waits for. */
  reason: string;
  /** Fault codes keeping the gate closed. */
  codes: string[];
}

/** Whether a finding keeps `gate` shut, by its code's `closes` rule in the catalogue. */
export function closesGate(finding: { code: string; severity: Severity }, gate: Gate): boolean {
  const rule = FAULTS.get(finding.code)?.closes ?? "none";
  switch (rule) {
    case "none":
      return false;
    case "both":
      return true;
    case "both-if-error":
      return finding.severity === "error";
    case "debug-if-error":
      return gate === "debug" && finding.severity === "error";
    default:
      return rule === gate;
  }
}

/** The findings that keep `gate` shut, in their order. */
export function gateBlockers<F extends { code: string; severity: Severity }>(findings: readonly F[], gate: Gate): F[] {
  return findings.filter((f) => closesGate(f, gate));
}
