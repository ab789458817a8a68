// A multi-root workspace as one report. The folder that drives the gates (the
// first with a Go project) keeps its report; each other Go folder is diagnosed
// with the same login environment, and what it finds that the main folder does
// not (a go.mod asking for another toolchain, modules missing from the cache, a
// folder setting) is added, named after its folder. Machine-wide findings (the
// shell, go, dlv, gopls) come out the same in every folder and appear once.

import { statusOf, summaryOf } from "../model/findings";
import type { Report, ReportFinding } from "../model/report";

export interface FolderReport {
  /** The folder's name as the editor shows it. */
  name: string;
  path: string;
  report: Report;
}

/** Prefix of the message of a finding that belongs to another folder than the report's own. */
export function folderPrefix(name: string): string {
  return `In folder "${name}": `;
}

const sameFinding = (a: ReportFinding, b: ReportFinding): boolean => a.code === b.code && a.message === b.message;

/** The main report with the other folders' own findings added; gates stay those of the main folder. */
export function withOtherFolders(main: Report, others: readonly FolderReport[]): Report {
  if (others.length === 0) return main;
  const findings = [...main.findings];
  const checks = [...main.checks];
  for (const other of others) {
    const own: ReportFinding[] = [];
    for (const f of other.report.findings) {
      if (main.findings.some((m) => sameFinding(m, f))) continue;
      const named: ReportFinding = { ...f, message: folderPrefix(other.name) + f.message };
      // A folder-scoped setting fix carries no folder, and would be written to the main folder's settings.
      if (f.fixes) named.fixes = f.fixes.filter((x) => !(x.kind === "setting" && x.scope === "workspaceFolder"));
      if (!findings.some((m) => sameFinding(m, named))) {
        findings.push(named);
        own.push(named);
      }
    }
    // One line per other folder in the list of checks, with what it found on its own.
    const gate = other.report.gates.debug;
    checks.push({
      id: `folder:${other.name}`,
      title: `Folder "${other.name}"`,
      status: statusOf(own),
      summary: `${other.path}; its debug gate is ${gate.open ? "open" : `closed (${gate.reason})`}`,
      startMs: 0,
      durationMs: other.report.timings.total ?? 0,
      findings: own,
      evidence: [],
    });
  }
  return { ...main, findings, checks, summary: summaryOf(findings) };
}

/**
 * Why a debug session in this folder cannot start although the main folder's
 * debug gate is open: the first finding that keeps this folder's own gate shut.
 */
export function folderDebugBlocker(
  folder: FolderReport,
): { code: string; message: string; onlyModulesMissing: boolean } | null {
  const gate = folder.report.gates.debug;
  if (gate.open) return null;
  const first = folder.report.findings.find((f) => gate.codes.includes(f.code));
  return {
    code: first?.code ?? gate.codes[0] ?? "GD099",
    message: folderPrefix(folder.name) + (first?.message ?? gate.reason),
    onlyModulesMissing: gate.codes.length > 0 && gate.codes.every((c) => c === "GD042"),
  };
}
