// One diagnosis of the workspace: the folder the gates and gopls follow (the
// first with Go code), and every other Go folder of a multi-root workspace,
// started as soon as the main folder's login-shell capture lands and sharing
// it and the tool probes. The other folders' own findings join the report.

import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { Finding } from "../core/model/findings";
import type { RunProcess } from "../core/base/process";
import type { DiagnoseRequest } from "../core/readiness/readiness";
import type { Report } from "../core/model/report";
import type { EditorSettings } from "../core/model/facts";
import type { FolderReport } from "../core/diagnosis/workspace";
import { readGoSettings } from "./config";

export interface PickedFolder {
  path: string;
  ws?: vscode.WorkspaceFolder;
}

export function fileFolders(): vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file");
}

export function firstFolder(): PickedFolder {
  const first = fileFolders()[0];
  return first ? { path: first.uri.fsPath, ws: first } : { path: os.homedir() };
}

/** The folder to diagnose: the first workspace folder with a Go project, else the active Go file's, else the first folder. */
function pickFolder(hasGoProject: (dir: string) => boolean): PickedFolder {
  const withGo = fileFolders().find((f) => hasGoProject(f.uri.fsPath));
  if (withGo) return { path: withGo.uri.fsPath, ws: withGo };
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.languageId === "go" && doc.uri.scheme === "file")
    return { path: path.dirname(doc.uri.fsPath), ws: vscode.workspace.getWorkspaceFolder(doc.uri) };
  return firstFolder();
}

export interface WorkspaceDiagnosisInput {
  req: DiagnoseRequest;
  run: RunProcess;
  shell: { enabled: boolean; timeoutMs: number; slowThresholdMs?: number };
  trusted: boolean;
  log: vscode.LogOutputChannel;
  /** Called once the main folder is known, before its checks run (gopls may start from partial results). */
  onMainFolder(folder: PickedFolder, settings: EditorSettings): void;
  /** Findings about the main folder's settings that only the extension can tell (GD070's restart case). */
  extraSettingsFindings(folder: PickedFolder): Finding[];
}

export interface WorkspaceDiagnosis {
  report: Report;
  others: FolderReport[];
}

export async function diagnoseWorkspaceFolders(input: WorkspaceDiagnosisInput): Promise<WorkspaceDiagnosis> {
  // The engine is loaded with the first diagnosis, not with the extension: activation stays cheap.
  const { diagnoseWorkspace, hasGoProject } = await import("../core/diagnosis/diagnose.js");
  const { withOtherFolders } = await import("../core/diagnosis/workspace.js");
  const { req, log } = input;
  const folder = pickFolder(hasGoProject);
  const others = fileFolders().filter((f) => f.uri.fsPath !== folder.path && hasGoProject(f.uri.fsPath));
  const settingsOf = (
    ws: vscode.WorkspaceFolder | undefined,
  ): { settings: EditorSettings; effective: EditorSettings; findings: Finding[] } => {
    const go = readGoSettings(ws?.uri, input.trusted);
    // Untrusted: a go.mod must not make the go command fetch and run another toolchain.
    const effective: EditorSettings = input.trusted
      ? go.settings
      : { ...go.settings, toolsEnvVars: { ...(go.settings.toolsEnvVars ?? {}), GOTOOLCHAIN: "local" } };
    return { settings: go.settings, effective, findings: go.findings };
  };
  const main = settingsOf(folder.ws);
  input.onMainFolder(folder, main.settings);
  const more = others.length ? ` and ${others.length} more folder${others.length === 1 ? "" : "s"}` : "";
  log.info(
    `diagnosis #${req.generation} of ${folder.path}${more}${req.loginEnv ? " (reusing the login environment)" : ""}`,
  );

  const bySettings = new Map([
    [
      folder.path,
      { settings: main.effective, settingsFindings: [...main.findings, ...input.extraSettingsFindings(folder)] },
    ],
  ]);
  for (const ws of others) {
    const o = settingsOf(ws);
    bySettings.set(ws.uri.fsPath, { settings: o.effective, settingsFindings: o.findings });
  }
  const [primary, ...reports] = await diagnoseWorkspace(
    [folder.path, ...others.map((f) => f.uri.fsPath)],
    {
      processEnv: process.env,
      settings: main.effective,
      shell: input.shell,
      signal: req.signal,
      run: input.run,
      loginEnv: req.loginEnv,
      onStage: req.onStage,
    },
    { perFolder: (dir) => bySettings.get(dir) ?? {} },
  );
  const rest: FolderReport[] = others.map((ws, i) => ({ name: ws.name, path: ws.uri.fsPath, report: reports[i] }));
  for (const r of rest) {
    const gate = r.report.gates.debug;
    log.info(
      `diagnosis #${req.generation} of folder "${r.name}": ${r.report.summary.errors} errors, ${r.report.summary.warnings} warnings; debug gate ${gate.open ? "open" : `closed (${gate.reason})`}`,
    );
  }
  return { report: withOtherFolders(primary, rest), others: rest };
}
