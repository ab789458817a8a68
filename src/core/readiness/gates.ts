// The two gates decided from what one diagnosis has produced so far. The
// language gate can open before the diagnosis ends (shell, go and gopls are
// enough); the debug gate needs the compatibility check, so it waits for the
// report. When the report lands its gates are authoritative.

import { gateBlockers, waivedBlockers, waivedReason, type GateVerdict } from "../model/gates";
import type { Report, ReportCheck, ReportFinding } from "../model/report";
import type { GoInfo, LoginEnv, ToolInfo } from "../model/facts";

/** What one generation of checks has reported so far. */
export interface Facts {
  loginEnv?: LoginEnv;
  go?: GoInfo;
  dlv?: ToolInfo;
  gopls?: ToolInfo;
  missingModules?: string[];
  checks: Map<string, ReportCheck>;
  report?: Report;
  /** Set when the diagnosis itself threw: both gates stay shut with GD099. */
  crashed?: string;
}

export function emptyFacts(): Facts {
  return { checks: new Map() };
}

const pending = (reason: string): GateVerdict => ({ status: "pending", reason, codes: [] });

function closedBy(found: readonly ReportFinding[], fallback: string): GateVerdict {
  const codes = [...new Set(found.map((f) => f.code))];
  const first = found[0];
  return { status: "closed", reason: first ? `${first.code}: ${first.message}` : fallback, codes };
}

/** A gate of the finished report, with the message of its first blocking finding as the reason. */
function fromReport(report: Report, which: "language" | "debug"): GateVerdict {
  const gate = report.gates[which];
  if (gate.open) return { status: "open", reason: gate.reason, codes: [] };
  const found = report.findings.filter((f) => gate.codes.includes(f.code));
  return closedBy(found, gate.reason);
}

const crashedGate = (message: string): GateVerdict => ({
  status: "closed",
  reason: `GD099: the diagnosis failed: ${message}`,
  codes: ["GD099"],
});

export function languageGate(f: Facts): GateVerdict {
  if (f.report) return fromReport(f.report, "language");
  if (f.crashed !== undefined) return crashedGate(f.crashed);
  if (!f.checks.has("shell")) return pending("capturing the login shell environment");
  const goCheck = f.checks.get("go");
  if (!goCheck || !f.go) return pending("checking the go command");
  const early = gateBlockers(goCheck.findings, "language");
  if (early.length > 0) return closedBy(early, "the go command cannot be used");
  // Findings not verified on this platform leave the gate open even with go or gopls missing (model/unverified.ts).
  const waivedGo = waivedBlockers(goCheck.findings, "language");
  if (!f.go.goEnv && waivedGo.length === 0) return { status: "closed", reason: "go env failed", codes: ["GD012"] };
  const goplsCheck = f.checks.get("gopls");
  if (!goplsCheck || !f.gopls) return pending("checking gopls version");
  const late = gateBlockers(goplsCheck.findings, "language");
  if (late.length > 0) return closedBy(late, "gopls cannot be used");
  const waived = [...waivedGo, ...waivedBlockers(goplsCheck.findings, "language")];
  if (waived.length > 0 && (!f.gopls.path || !f.go.goEnv))
    return { status: "open", reason: waivedReason(waived), codes: [] };
  if (!f.gopls.path) return { status: "closed", reason: "gopls not found", codes: ["GD030"] };
  return {
    status: "open",
    reason: f.gopls.version ? `gopls ${f.gopls.version} verified` : "gopls verified",
    codes: [],
  };
}

/** The debug gate; `downloading` is set while Go Doctor fetches missing modules for it. */
export function debugGate(f: Facts, downloading?: number): GateVerdict {
  if (downloading !== undefined) return pending(`downloading ${downloading} module${downloading === 1 ? "" : "s"}`);
  if (f.report) return fromReport(f.report, "debug");
  if (f.crashed !== undefined) return crashedGate(f.crashed);
  if (!f.checks.has("shell")) return pending("capturing the login shell environment");
  if (!f.checks.has("go")) return pending("checking the go command");
  if (!f.checks.has("dlv")) return pending("checking dlv version");
  if (!f.checks.has("modules")) return pending("checking the module cache");
  return pending("checking Delve and Go compatibility");
}

/**
 * The modules a download would fetch: the modules check's, and those a GD042
 * of the report names (a tool pinned in go.mod can miss modules that the
 * folder's own build does not need).
 */
export function missingModulesOf(f: Facts): string[] {
  const named = f.report?.findings.filter((x) => x.code === "GD042").flatMap((x) => x.details ?? []) ?? [];
  return [...new Set([...(f.missingModules ?? []), ...named])];
}

/** True when the only thing keeping the debug gate shut is modules missing from the cache. */
export function onlyModulesMissing(gate: GateVerdict, f: Facts): boolean {
  return (
    gate.status === "closed" &&
    gate.codes.length > 0 &&
    gate.codes.every((c) => c === "GD042") &&
    missingModulesOf(f).length > 0
  );
}

export type Overall = "checking" | "ready" | "degraded" | "blocked";

/** checking while a diagnosis runs; ready when both gates are open; blocked when go itself is unusable or both gates are shut. */
export function overallOf(f: Facts, language: GateVerdict, debug: GateVerdict): Overall {
  if (language.status === "pending" || debug.status === "pending") return "checking";
  if (!f.report) return "blocked";
  const goBroken =
    f.report.findings.some((x) => x.severity === "error" && (x.code === "GD010" || x.code === "GD012")) ||
    (!f.report.tools.go.path && !f.report.findings.some((x) => x.code === "GD010" && x.unverified));
  if (goBroken || (language.status === "closed" && debug.status === "closed")) return "blocked";
  // Findings that keep no gate shut (env drift Go Doctor already works around, a launch
  // configuration's own problems) are listed in the tooltip and the report, but do not colour the status.
  if (language.status === "closed" || debug.status === "closed") return "degraded";
  return "ready";
}
