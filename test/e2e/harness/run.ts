// Runs one scenario's editor: opens it, hands it to the test body, and always
// closes it — screenshot and editor logs kept under test-artifacts/e2e/ when
// the body fails, so a red CI run can be read without rerunning it.

import * as fs from "node:fs";
import * as path from "node:path";
import { artifactsRoot, Editor, type EditorOptions } from "./editor";
import type { Scenario } from "./scenario";
import { packagedVsix } from "./vsix";

export interface RunOptions {
  trusted?: boolean;
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** What the editor opens: a folder or a .code-workspace file. Default: the scenario's workspace folder. */
  open?: string;
  /** Other extensions' packages, installed before Go Doctor's. */
  otherVsix?: string[];
  /** See CodeServerOptions.binds. */
  binds?: [string, string][];
  /** false: an editor without Go Doctor (a baseline to compare with). */
  goDoctor?: boolean;
}

const open = new Set<Editor>();

/** Closes editors a timed-out test left behind (node:test's after hook calls it). */
export async function closeAllEditors(): Promise<void> {
  await Promise.all([...open].map((e) => e.close()));
  open.clear();
}

export async function withEditor(
  scenario: Scenario,
  options: RunOptions,
  body: (editor: Editor) => Promise<void>,
): Promise<void> {
  let editor: Editor;
  try {
    editor = await Editor.open(await editorOptions(scenario, options));
  } catch (e) {
    scenario.remove();
    throw e;
  }
  open.add(editor);
  try {
    await body(editor);
  } catch (e) {
    await editor.screenshot("failure").catch(() => undefined);
    const seen = {
      statusBar: await editor.workbench.statusBarText().catch(String),
      notifications: await editor.workbench.notificationTexts().catch(String),
      debugConsole: await editor.workbench.debugConsoleText().catch(String),
    };
    keepLogs(scenario, editor, seen);
    throw e;
  } finally {
    open.delete(editor);
    await editor.close();
    scenario.remove();
  }
}

async function editorOptions(scenario: Scenario, options: RunOptions): Promise<EditorOptions> {
  return {
    name: scenario.name,
    root: scenario.root,
    home: scenario.home,
    pathDir: scenario.pathDir,
    folder: options.open ?? scenario.workspace,
    env: scenario.editorEnv(options.env),
    vsix: options.goDoctor === false ? undefined : await packagedVsix(),
    otherVsix: options.otherVsix,
    binds: options.binds,
    trusted: options.trusted ?? true,
    userSettings: options.userSettings,
  };
}

function keepLogs(scenario: Scenario, editor: Editor, seen: Record<string, unknown>): void {
  const dest = path.join(artifactsRoot, `${scenario.name}-logs`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  fs.writeFileSync(path.join(dest, "code-server.log"), editor.server.log);
  fs.writeFileSync(path.join(dest, "workbench.json"), JSON.stringify(seen, null, 2));
  const logs = path.join(scenario.root, "user-data", "logs");
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dest, "vscode"), { recursive: true });
  if (fs.existsSync(scenario.reportFile))
    fs.copyFileSync(scenario.reportFile, path.join(dest, "go-doctor-report.json"));
}
