// Launch-configuration diagnostics (GD080–GD083) in launch.json, settings.json
// `launch` sections and *.code-workspace files, with quick fixes that edit only
// the node at fault. All the knowledge lives in src/core/launch/launchChecks.ts (parsing in launchParse.ts); this
// file maps it onto VS Code's diagnostics, code actions and settings.

import * as path from "node:path";
import * as vscode from "vscode";
import { analyzeLaunchText, checkLaunchConfig, type LaunchCheckOptions } from "../core/launch/launchChecks";
import { jsoncEdits, lineColumnAt } from "../core/launch/jsoncEdits";
import type { FixAction, Finding } from "../core/model/findings";
import type { Env } from "../core/base/envPath";
import { errorMessage } from "../core/base/errors";

export { checkLaunchConfig };

const SOURCE = "Go Doctor";
const DEBOUNCE_MS = 400;
const UPDATE_SETTING_COMMAND = "goDoctor.launch.applySettingFix";
const RUN_FIX_COMMAND = "goDoctor.launch.runFix";

export const LAUNCH_FILES: vscode.DocumentSelector = [
  { scheme: "file", pattern: "**/.vscode/launch.json" },
  { scheme: "file", pattern: "**/.vscode/settings.json" },
  { scheme: "file", pattern: "**/*.code-workspace" },
];

export interface LaunchDiagnosticsOptions {
  /** The go binary and captured environment for the `mode: exec` binary checks; `go` on the editor's PATH when absent. */
  execContext?: () => { goBinary: string; env: Env } | undefined;
}

function isLaunchFile(uri: vscode.Uri): boolean {
  if (uri.scheme !== "file") return false;
  const p = uri.fsPath;
  const base = path.basename(p);
  const inVscodeDir = path.basename(path.dirname(p)) === ".vscode";
  return (inVscodeDir && (base === "launch.json" || base === "settings.json")) || base.endsWith(".code-workspace");
}

function folderFor(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder) return folder.uri.fsPath;
  // A .code-workspace file resolves ${workspaceFolder} against its first folder; .vscode/x.json against its parent.
  const p = uri.fsPath;
  return p.endsWith(".code-workspace")
    ? (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(p))
    : path.dirname(path.dirname(p));
}

function severityOf(finding: Finding): vscode.DiagnosticSeverity {
  switch (finding.severity) {
    case "error":
      return vscode.DiagnosticSeverity.Error;
    case "warning":
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

/** A range from offsets into text without a byte-order mark (as VS Code's documents and core's spans both count). */
function rangeOf(text: string, offset: number, length: number): vscode.Range {
  const start = lineColumnAt(text, offset);
  const end = lineColumnAt(text, offset + length);
  return new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1);
}

function checkOptions(options: LaunchDiagnosticsOptions): LaunchCheckOptions {
  const active = vscode.window.activeTextEditor?.document.uri;
  const exec = options.execContext?.() ?? { goBinary: "go", env: process.env };
  return {
    activeFile: active?.scheme === "file" ? active.fsPath : undefined,
    alternateTools: vscode.workspace.getConfiguration("go").get<Record<string, string>>("alternateTools"),
    exec,
  };
}

/**
 * Checks a resolved debug configuration before the session starts, for the debug
 * resolver to refuse configurations with error-level findings.
 */
export function checkLaunchBeforeStart(
  folder: string,
  config: Record<string, unknown>,
  opts: LaunchCheckOptions = {},
): Promise<Finding[]> {
  return checkLaunchConfig(config, folder, opts);
}

export function registerLaunchDiagnostics(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  options: LaunchDiagnosticsOptions = {},
): void {
  const collection = vscode.languages.createDiagnosticCollection("go-doctor-launch");
  const findingOf = new WeakMap<vscode.Diagnostic, Finding>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Per file, the latest run; an older run that finishes later is dropped. */
  const runs = new Map<string, number>();
  let runCounter = 0;

  const docsUri = (code: string): vscode.Uri =>
    vscode.Uri.joinPath(context.extensionUri, "docs", "faults.md").with({ fragment: code.toLowerCase() });

  const refresh = async (uri: vscode.Uri, text: string): Promise<void> => {
    const key = uri.toString();
    const run = ++runCounter;
    runs.set(key, run);
    const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
    try {
      const analysed = await analyzeLaunchText(uri.fsPath, text, folderFor(uri), checkOptions(options));
      if (runs.get(key) !== run) return;
      const diagnostics = analysed.findings.map(({ finding, offset, length }) => {
        const d = new vscode.Diagnostic(rangeOf(body, offset, length), finding.message, severityOf(finding));
        d.source = SOURCE;
        d.code = { value: finding.code, target: docsUri(finding.code) };
        findingOf.set(d, finding);
        return d;
      });
      collection.set(uri, diagnostics);
      log.debug(`launch diagnostics: ${uri.fsPath}: ${diagnostics.length} finding(s)`);
    } catch (e) {
      log.error(
        `launch diagnostics for ${uri.fsPath} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
    }
  };

  const refreshDocument = (doc: vscode.TextDocument, delay = DEBOUNCE_MS): void => {
    if (!isLaunchFile(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void refresh(doc.uri, doc.getText());
      }, delay),
    );
  };

  const refreshFile = async (uri: vscode.Uri): Promise<void> => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return refreshDocument(open, 0);
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      await refresh(uri, new TextDecoder("utf-8").decode(bytes));
    } catch {
      collection.delete(uri);
    }
  };

  const refreshAll = async (): Promise<void> => {
    const files = await vscode.workspace.findFiles("**/.vscode/launch.json", "**/node_modules/**", 100);
    await Promise.all(files.map((uri) => refreshFile(uri)));
    for (const doc of vscode.workspace.textDocuments) refreshDocument(doc, 0);
  };

  const watcher = vscode.workspace.createFileSystemWatcher("**/.vscode/launch.json");

  context.subscriptions.push(
    collection,
    watcher,
    watcher.onDidCreate((uri) => void refreshFile(uri)),
    watcher.onDidChange((uri) => void refreshFile(uri)),
    watcher.onDidDelete((uri) => collection.delete(uri)),
    vscode.workspace.onDidOpenTextDocument((doc) => refreshDocument(doc, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => refreshDocument(e.document)),
    vscode.workspace.onDidSaveTextDocument((doc) => refreshDocument(doc, 0)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      // A closed launch.json keeps its diagnostics from disk; others go.
      if (!isLaunchFile(doc.uri)) return;
      void refreshFile(doc.uri);
    }),
    // ${file} and ${fileDirname} follow the active editor.
    vscode.window.onDidChangeActiveTextEditor(() => {
      for (const doc of vscode.workspace.textDocuments) refreshDocument(doc);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("go.alternateTools")) void refreshAll();
    }),
    vscode.commands.registerCommand(
      UPDATE_SETTING_COMMAND,
      (fix: Extract<FixAction, { kind: "setting" }>, edit?: vscode.WorkspaceEdit) => applySettingFix(fix, edit, log),
    ),
    vscode.commands.registerCommand(RUN_FIX_COMMAND, (fix: Extract<FixAction, { kind: "run" }>, uri: vscode.Uri) =>
      runFixTask(fix, log).then(() => refreshFile(uri)),
    ),
    vscode.languages.registerCodeActionsProvider(LAUNCH_FILES, new LaunchFixProvider(findingOf), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  void refreshAll();
}

/** The WorkspaceEdit that applies a launch fix to an open document, or undefined when it cannot apply. */
function launchEdit(
  document: vscode.TextDocument,
  fix: Extract<FixAction, { kind: "launch" }>,
): vscode.WorkspaceEdit | undefined {
  if (path.resolve(fix.file) !== path.resolve(document.uri.fsPath)) return undefined;
  const text = document.getText();
  const result = jsoncEdits(text, fix.path, fix.value);
  if (!result.ok || result.edits.length === 0) return undefined;
  const body = result.bom ? text.slice(1) : text;
  const edit = new vscode.WorkspaceEdit();
  for (const e of result.edits) {
    edit.replace(document.uri, rangeOf(body, e.offset, e.length), e.content);
  }
  return edit;
}

class LaunchFixProvider implements vscode.CodeActionProvider {
  constructor(private readonly findingOf: WeakMap<vscode.Diagnostic, Finding>) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const finding = this.findingOf.get(diagnostic);
      if (!finding?.fixes) continue;
      const launchFixes = finding.fixes.filter((f): f is Extract<FixAction, { kind: "launch" }> => f.kind === "launch");
      for (const fix of finding.fixes) {
        if (fix.kind === "launch") {
          const edit = launchEdit(document, fix);
          if (!edit) continue;
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.edit = edit;
          action.isPreferred = finding.fixes.length === 1;
          actions.push(action);
        } else if (fix.kind === "setting") {
          // A setting paired with a removal (dlvPath → go.alternateTools.dlv) is one move: the setting first, then the edit.
          const removal = launchFixes.find((f) => f.value === undefined);
          const edit = removal ? launchEdit(document, removal) : undefined;
          const title = removal
            ? `${fix.title} and ${removal.title.charAt(0).toLowerCase()}${removal.title.slice(1)}`
            : fix.title;
          const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.command = { title, command: UPDATE_SETTING_COMMAND, arguments: [fix, edit] };
          action.isPreferred = true;
          actions.push(action);
        } else if (fix.kind === "run") {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.command = { title: fix.title, command: RUN_FIX_COMMAND, arguments: [fix, document.uri] };
          actions.push(action);
        }
      }
    }
    return actions;
  }
}

const SCOPES: Record<Extract<FixAction, { kind: "setting" }>["scope"], vscode.ConfigurationTarget> = {
  user: vscode.ConfigurationTarget.Global,
  workspace: vscode.ConfigurationTarget.Workspace,
  workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder,
};

async function applySettingFix(
  fix: Extract<FixAction, { kind: "setting" }>,
  edit: vscode.WorkspaceEdit | undefined,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const dot = fix.key.indexOf(".");
  const section = fix.key.slice(0, dot);
  const name = fix.key.slice(dot + 1);
  const config = vscode.workspace.getConfiguration(section);
  const target = SCOPES[fix.scope];
  let value = fix.value;
  if (fix.key === "go.alternateTools" && value !== null && typeof value === "object") {
    // The fix was computed from the effective value; keep what the target scope itself holds besides.
    const inspected = config.inspect<Record<string, string>>(name);
    const current = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue;
    value = { ...(current ?? {}), ...(value as Record<string, string>) };
  }
  try {
    await config.update(name, value, target);
    log.info(`set ${fix.key} = ${JSON.stringify(value)} (${fix.scope} settings)`);
  } catch (e) {
    const message = errorMessage(e);
    log.error(`could not set ${fix.key}: ${message}`);
    void vscode.window.showErrorMessage(
      `Go Doctor could not set ${fix.key}: ${message}. launch.json was left unchanged.`,
    );
    return;
  }
  if (edit && !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(
      `Go Doctor set ${fix.key}, but could not edit the launch configuration; remove the attribute by hand.`,
    );
  }
}

/** Runs a fix's argv as a task (a process, no shell) so its output shows in the terminal panel. */
async function runFixTask(fix: Extract<FixAction, { kind: "run" }>, log: vscode.LogOutputChannel): Promise<void> {
  const [command, ...args] = fix.argv;
  if (command === undefined) return;
  const execution = new vscode.ProcessExecution(command, args, { cwd: fix.cwd, env: fix.env });
  const task = new vscode.Task({ type: "process" }, vscode.TaskScope.Workspace, fix.title, SOURCE, execution);
  log.info(`running ${fix.argv.join(" ")}${fix.cwd ? ` in ${fix.cwd}` : ""}`);
  const started = await vscode.tasks.executeTask(task);
  await new Promise<void>((resolve) => {
    const done = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution !== started) return;
      done.dispose();
      log.info(`${fix.title}: exit code ${e.exitCode ?? "unknown"}`);
      resolve();
    });
  });
}
