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

type Gated = { code: string; severity: Severity; unverified?: string };

/** Whether a finding keeps `gate` shut, by its code's `closes` rule in the catalogue; an unverified one never does. */
export function closesGate(finding: Gated, gate: Gate): boolean {
  return finding.unverified === undefined && ruleCloses(finding, gate);
}

function ruleCloses(finding: Gated, gate: Gate): boolean {
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
export function gateBlockers<F extends Gated>(findings: readonly F[], gate: Gate): F[] {
  return findings.filter((f) => closesGate(f, gate));
}

/**
 * The unverified findings that would keep `gate` shut on a verified platform
 * (model/unverified.ts): they leave it open even when the tool they are about
 * is missing, since the missing tool may be Go Doctor's blind spot.
 */
export function waivedBlockers<F extends Gated>(findings: readonly F[], gate: Gate): F[] {
  // Only errors are downgraded, so judge the rule as for the error it was.
  return findings.filter((f) => f.unverified !== undefined && ruleCloses({ ...f, severity: "error" }, gate));
}

/** An open gate's reason when only unverified findings stand in its way. */
export function waivedReason(waived: readonly { code: string }[]): string {
  const codes = [...new Set(waived.map((f) => f.code))].join(", ");
  return `left open: ${codes} not verified on this platform`;
}
