// A multi-root workspace as one report. The folder that drives the gates (the
// first with a Go project) keeps its report; each other Go folder is diagnosed
// with the same login environment, and what it finds that the main folder does
// not (a go.mod asking for another toolchain, modules missing from the cache, a
// folder setting) is added, named after its folder. Machine-wide findings (the
// shell, go, dlv, gopls) come out the same in every folder and appear once.

import * as fs from "node:fs";
import * as path from "node:path";
import { runProcess as defaultRun } from "../base/process";
import { statusOf, summaryOf, type Finding } from "../model/findings";
import type { EditorSettings, LoginEnv } from "../model/facts";
import type { Report, ReportFinding } from "../model/report";
import { memoiseProbes } from "../tools/probeMemo";
import { diagnose, SharedMachineProbes, type DiagnoseOptions } from "./diagnose";

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

/** True when the folder (or a parent) holds a Go module or workspace, or Go files. */
export function hasGoProject(folder: string): boolean {
  let dir = path.resolve(folder);
  for (;;) {
    if (fs.existsSync(path.join(dir, "go.mod")) || fs.existsSync(path.join(dir, "go.work"))) return true;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  try {
    return fs.readdirSync(folder).some((f) => f.endsWith(".go"));
  } catch {
    return false;
  }
}

/**
 * Diagnoses several folders (a multi-root workspace) with one login-shell capture
 * and one probe per distinct environment and toolchain. The first folder captures
 * the shell; the others start as soon as that capture lands (or the first folder's
 * diagnosis ends without one) and run under a concurrency limit. `perFolder` gives
 * a folder's own options (its settings).
 */
export async function diagnoseWorkspace(
  folders: readonly string[],
  base: Omit<DiagnoseOptions, "folder">,
  {
    concurrency = 4,
    perFolder = () => ({}),
  }: { concurrency?: number; perFolder?: (folder: string) => Partial<DiagnoseOptions> } = {},
): Promise<Report[]> {
  const cache = base.cache ?? new SharedMachineProbes();
  cache.memo ??= memoiseProbes(base.run ?? defaultRun);
  const first = folders[0];
  if (first === undefined) return [];
  let captured: (l: LoginEnv | undefined) => void = () => undefined;
  const shellDone = new Promise<LoginEnv | undefined>((resolve) => (captured = resolve));
  const main = diagnose({
    ...base,
    ...perFolder(first),
    folder: first,
    cache,
    onStage: (e) => {
      if (e.stage === "shell") captured(e.loginEnv);
      base.onStage?.(e);
    },
  });
  void main.then(
    () => captured(undefined),
    () => captured(undefined),
  );
  const rest = async (): Promise<Report[]> => {
    const loginEnv = base.loginEnv ?? (await shellDone);
    const reports = new Array<Report>(folders.length - 1);
    let next = 1;
    const worker = async (): Promise<void> => {
      while (next < folders.length) {
        const i = next++;
        // Without a capture (the first folder failed before its shell stage) each folder captures its own.
        reports[i - 1] = await diagnose({
          ...base,
          ...perFolder(folders[i]),
          folder: folders[i],
          cache,
          loginEnv,
          onStage: undefined,
          // The editor's one process is repaired once, by the first folder's diagnosis.
          repairHost: undefined,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, folders.length - 1)) }, worker));
    return reports;
  };
  const [firstReport, others] = await Promise.all([main, rest()]);
  return [firstReport, ...others];
}

/** A folder of the workspace as the editor (or a .code-workspace file) names it. */
export interface NamedFolder {
  name: string;
  path: string;
}

/** A folder to diagnose with the settings that apply to it and what reading them found. */
export interface WorkspaceFolderInput extends NamedFolder {
  settings?: EditorSettings;
  settingsFindings?: Finding[];
}

export interface WorkspaceDiagnosis {
  /** The first folder's report with the other folders' own findings added. */
  report: Report;
  /** Each other folder's own report (for its own debug gate). */
  others: FolderReport[];
}

/**
 * The one multi-folder diagnosis, for the CLI and the extension alike: the
 * first folder drives the gates (and alone runs the smoke test), the others
 * share its login shell and probes and add their own findings.
 */
export async function diagnoseWorkspaceFolders(
  folders: readonly [WorkspaceFolderInput, ...WorkspaceFolderInput[]],
  base: Omit<DiagnoseOptions, "folder">,
): Promise<WorkspaceDiagnosis> {
  const [first, ...rest] = folders;
  const byPath = new Map(folders.map((f) => [f.path, f]));
  const perFolder = (dir: string): Partial<DiagnoseOptions> => {
    const f = byPath.get(dir);
    const own: Partial<DiagnoseOptions> = {};
    if (f?.settings) own.settings = f.settings;
    if (f?.settingsFindings) own.settingsFindings = f.settingsFindings;
    if (dir !== first.path) own.smoke = false;
    return own;
  };
  const [main, ...reports] = await diagnoseWorkspace(
    folders.map((f) => f.path),
    base,
    { perFolder },
  );
  const others = rest.map((f, i) => ({ name: f.name, path: f.path, report: reports[i] }));
  return { report: withOtherFolders(main, others), others };
}
