// Entry point of the Go Doctor extension (bundled by esbuild into dist/extension.js).
// Activation never fails because Go is missing: everything that can go wrong
// becomes a readiness state, shown in the status bar and the report.

import * as vscode from "vscode";
// First: its module body gives the extension host the cached login environment (GD003's repair).
import "./hostEnv";
import { errorMessage } from "../core/base/errors";
import { killAllChildren } from "../core/base/process";
import type { Readiness, ReadinessState } from "../core/readiness/readiness";
import { registerCommands } from "./commands";
import { recheckKeys } from "./config";
import { Ctx } from "./ctx";
import { registerDebug } from "./debug";
import { registerWatchers } from "./watchers";
import { otherFolderGate } from "./workspaceFolders";

export { GO_EXTENSION_ID, REPORT_FILE_ENV } from "./ctx";

/** What activate returns: a small API for tests and other extensions. */
export interface GoDoctorApi {
  state(): ReadinessState;
  /** Resolves with the state once the diagnosis running now (or the next one) has finished. */
  settled(): Promise<ReadinessState>;
}

let machine: Readiness | undefined;

export function activate(context: vscode.ExtensionContext): GoDoctorApi {
  const ctx = new Ctx(context);
  const { log, readiness } = ctx;
  log.info(`Go Doctor ${String((context.extension.packageJSON as { version?: unknown }).version)} activating`);
  machine = readiness;

  registerCommands(ctx);
  registerDebug(context, {
    machine: readiness,
    log,
    config: () => ctx.config,
    goExtension: () => ctx.goExtension(),
    run: ctx.run,
    execContext: () => ctx.execContext(),
    trusted: () => ctx.trusted(),
    folderGate: (ws, signal, onProgress) => otherFolderGate(ctx, ws, signal, onProgress),
  });
  registerWatchers(context, readiness, log);
  // launch.json diagnostics: loaded right after activation, so that activation itself stays cheap.
  void import("./launchDiagnostics.js").then(
    (m) => m.registerLaunchDiagnostics(context, log, { execContext: () => ctx.execContext() }),
    (e: unknown) => log.error(`launch.json diagnostics could not start: ${errorMessage(e)}`),
  );

  ctx.subscribe(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("goDoctor")) ctx.reloadConfig();
      ctx.restarts.noteChange(e);
      const keys = recheckKeys(e);
      if (keys.length > 0)
        readiness.dispatch({ type: "settingsChanged", keys, affectsShell: keys.includes("goDoctor.shell") });
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => readiness.dispatch({ type: "foldersChanged" })),
    vscode.workspace.onDidGrantWorkspaceTrust(() =>
      readiness.dispatch({ type: "settingsChanged", keys: ["workspace trust"] }),
    ),
    vscode.extensions.onDidChange(() =>
      readiness.dispatch({ type: "settingsChanged", keys: ["installed extensions"] }),
    ),
  );

  if (ctx.goExtension())
    log.info(
      "the Go extension is installed: Go Doctor starts no gopls of its own and checks the Go extension's settings",
    );
  if (!ctx.trusted())
    log.info(
      "Restricted Mode: workspace values of go.goroot, go.alternateTools, go.toolsEnvVars and go.toolsGopath are ignored; gopls is not started",
    );
  readiness.dispatch({ type: "activate" });
  ctx.hostEnv.healAtActivation();
  return { state: () => readiness.state(), settled: () => ctx.settled() };
}

export async function deactivate(): Promise<void> {
  const m = machine;
  machine = undefined;
  try {
    await m?.dispose();
  } finally {
    killAllChildren();
  }
}
