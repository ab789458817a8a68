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
import type { EditorSettings, LoginEnv } from "../core/model/facts";
import type { HostRepairOutcome } from "../core/shell/hostEnvRepair";
import type { WorkspaceDiagnosis } from "../core/diagnosis/workspace";
import { folderDebugBlocker } from "../core/diagnosis/workspace";
import { readGoSettings } from "./config";
import type { Ctx } from "./ctx";
import { downloadModules } from "./moduleDownload";

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
  extraSettingsFindings(folder: PickedFolder): Promise<Finding[]>;
  /** GD003's repair of the extension host's environment, from the main folder's capture. */
  repairHost: (loginEnv: LoginEnv) => HostRepairOutcome;
}

export async function diagnoseEditorWorkspace(input: WorkspaceDiagnosisInput): Promise<WorkspaceDiagnosis> {
  // The engine is loaded with the first diagnosis, not with the extension: activation stays cheap.
  const { diagnoseWorkspaceFolders, hasGoProject } = await import("../core/diagnosis/workspace.js");
  const { req, log } = input;
  const folder = pickFolder(hasGoProject);
  const others = fileFolders().filter((f) => f.uri.fsPath !== folder.path && hasGoProject(f.uri.fsPath));
  const settingsOf = (
    ws: vscode.WorkspaceFolder | undefined,
  ): { raw: EditorSettings; settings: EditorSettings; findings: Finding[] } => {
    const go = readGoSettings(ws?.uri, input.trusted);
    // Untrusted: a go.mod must not make the go command fetch and run another toolchain.
    const settings: EditorSettings = input.trusted
      ? go.settings
      : { ...go.settings, toolsEnvVars: { ...(go.settings.toolsEnvVars ?? {}), GOTOOLCHAIN: "local" } };
    return { raw: go.settings, settings, findings: go.findings };
  };
  const main = settingsOf(folder.ws);
  input.onMainFolder(folder, main.raw);
  const more = others.length ? ` and ${others.length} more folder${others.length === 1 ? "" : "s"}` : "";
  log.info(
    `diagnosis #${req.generation} of ${folder.path}${more}${req.loginEnv ? " (reusing the login environment)" : ""}`,
  );
  const result = await diagnoseWorkspaceFolders(
    [
      {
        name: folder.ws?.name ?? path.basename(folder.path),
        path: folder.path,
        settings: main.settings,
        settingsFindings: [...main.findings, ...(await input.extraSettingsFindings(folder))],
      },
      ...others.map((ws) => {
        const o = settingsOf(ws);
        return { name: ws.name, path: ws.uri.fsPath, settings: o.settings, settingsFindings: o.findings };
      }),
    ],
    {
      processEnv: process.env,
      remoteName: vscode.env.remoteName,
      settings: main.settings,
      shell: input.shell,
      signal: req.signal,
      run: input.run,
      loginEnv: req.loginEnv,
      onStage: req.onStage,
      repairHost: input.repairHost,
    },
  );
  for (const r of result.others) {
    const gate = r.report.gates.debug;
    log.info(
      `diagnosis #${req.generation} of folder "${r.name}": ${r.report.summary.errors} errors, ${r.report.summary.warnings} warnings; debug gate ${gate.open ? "open" : `closed (${gate.reason})`}`,
    );
  }
  return result;
}

/**
 * The debug gate of a session in another Go folder than the main one: that
 * folder's own findings can stop it too; its missing modules are downloaded
 * (with progress) before it starts, as the main folder's are.
 */
export async function otherFolderGate(
  ctx: Ctx,
  ws: vscode.WorkspaceFolder | undefined,
  signal: AbortSignal,
  onProgress: (waitingFor: string) => void,
): Promise<{ code: string; message: string } | { dlvPath: string } | null> {
  const other = ws && ctx.folderReports.find((r) => r.path === ws.uri.fsPath);
  const blocker = other ? folderDebugBlocker(other) : null;
  // The folder's own dlv: a go.mod tool directive there can pin another build than the main folder's.
  const own = other?.report.tools.dlv.path;
  if (!other || !blocker) return own ? { dlvPath: own } : null;
  if (!blocker.onlyModulesMissing) return blocker;
  const facts = ctx.readiness.currentFacts();
  const missing = other.report.findings.find((f) => f.code === "GD042")?.details ?? [];
  const r = await downloadModules(
    { missing, facts: { ...facts, report: other.report }, signal, onProgress },
    { folder: other.path, env: ctx.toolEnv(facts), trusted: ctx.trusted(), run: ctx.run },
  );
  if (!r.ok) return { code: "GD042", message: `${blocker.message} ${r.message}` };
  ctx.log.info(`folder "${other.name}": ${r.message}`);
  ctx.readiness.dispatch({ type: "moduleFilesChanged", file: other.path });
  return own ? { dlvPath: own } : null;
}
