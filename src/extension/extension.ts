// Entry point of the Go Doctor extension (bundled by esbuild into dist/extension.js).
// Activation never fails because Go is missing: everything that can go wrong
// becomes a readiness state, shown in the status bar and the report.

import * as os from "node:os";
import * as vscode from "vscode";
import { systemClock } from "../core/base/clock";
import { killAllChildren } from "../core/base/process";
import { Readiness, type Facts, type ReadinessState } from "../core/readiness/readiness";
import type { Report } from "../core/model/report";
import type { EditorSettings } from "../core/model/facts";
import { folderDebugBlocker, type FolderReport } from "../core/diagnosis/workspace";
import { goExtensionRunsGopls, readDoctorConfig, type DoctorConfig } from "./config";
import { registerDebug } from "./debug";
import { fixEnvironment, type FixArgs } from "./fixEnvironment";
import { GoplsClient } from "./languageClient";
import { downloadModules } from "./moduleDownload";
import { reportJson, writeReportFile } from "./reportFile";
import { showReportPanel, updateReportPanel } from "./reportView";
import { loggingRun } from "./runLog";
import { GoServerRestarts } from "./goServerTracker";
import { goplsSpec } from "./serverOptions";
import { runDebugSmokeTest } from "./smokeTest";
import { profileShell } from "./profileShell";
import { StatusBar } from "./statusBar";
import { registerWatchers } from "./watchers";
import { diagnoseWorkspaceFolders, firstFolder, type PickedFolder } from "./workspaceFolders";
import type { Env } from "../core/base/envPath";
import { toolEnvironment } from "../core/go/toolEnvironment";

export const GO_EXTENSION_ID = "golang.go";
/** When set, the JSON report is written to this file after every diagnosis (used by end-to-end tests). */
export const REPORT_FILE_ENV = "GO_DOCTOR_REPORT_FILE";

/** What activate returns: a small API for tests and other extensions. */
export interface GoDoctorApi {
  state(): ReadinessState;
  /** Resolves with the state once the diagnosis running now (or the next one) has finished. */
  settled(): Promise<ReadinessState>;
}

let machine: Readiness | undefined;

export function activate(context: vscode.ExtensionContext): GoDoctorApi {
  const log = vscode.window.createOutputChannel("Go Doctor", { log: true });
  context.subscriptions.push(log);
  log.info(`Go Doctor ${String((context.extension.packageJSON as { version?: unknown }).version)} activating`);

  let config: DoctorConfig = readDoctorConfig();
  let settings: EditorSettings = {};
  // Until the first diagnosis picks the Go folder: the first workspace folder.
  let folder: PickedFolder = firstFolder();
  const goExtension = (): boolean => vscode.extensions.getExtension(GO_EXTENSION_ID) !== undefined;
  const trusted = (): boolean => vscode.workspace.isTrusted;
  // The located go goes first on PATH when the captured PATH lacks it (a shell capture that fell back).
  const goBinaryOf = (facts: Facts): string | null => facts.go?.tool.path ?? facts.report?.tools.go.path ?? null;
  const toolEnv = (facts: Facts): Env =>
    toolEnvironment(facts.loginEnv?.env ?? process.env, goBinaryOf(facts), settings.toolsEnvVars);
  const run = loggingRun(log);
  const client = new GoplsClient(log, () => folder.path);
  context.subscriptions.push(client);

  // The other Go folders of a multi-root workspace, as of the latest diagnosis.
  let folderReports: FolderReport[] = [];

  // GD070's restart case: the Go extension's server and the go.goroot/go.toolsGopath it started with.
  const restarts = new GoServerRestarts(() => folder.ws?.uri, log);

  const wantGopls = (): boolean => {
    if (!trusted() || config.languageServer === "never") return false;
    if (!goExtension()) return true;
    // Never a second gopls next to the Go extension's own.
    return config.languageServer === "always" && !goExtensionRunsGopls(folder.ws?.uri);
  };

  const readiness = new Readiness({
    clock: systemClock,
    diagnose: async (req) => {
      const { report, others } = await diagnoseWorkspaceFolders({
        req,
        run,
        shell: {
          enabled: config.shellEnabled,
          timeoutMs: config.shellTimeoutMs,
          slowThresholdMs: config.slowThresholdMs,
        },
        trusted: trusted(),
        log,
        onMainFolder: (picked, s) => {
          folder = picked;
          settings = s;
        },
        extraSettingsFindings: (picked) => restarts.pending(goExtension() && goExtensionRunsGopls(picked.ws?.uri)),
      });
      if (!req.signal.aborted) folderReports = others;
      log.info(
        `diagnosis #${req.generation}: ${report.summary.errors} errors, ${report.summary.warnings} warnings in ${report.timings.total ?? "?"} ms; language gate ${report.gates.language.open ? "open" : "closed"}, debug gate ${report.gates.debug.open ? "open" : "closed"}`,
      );
      return report;
    },
    languageServerSpec: (facts) => {
      const goplsPath = facts.gopls?.path ?? facts.report?.tools.gopls.path;
      if (!wantGopls() || !goplsPath) return null;
      return goplsSpec({
        goplsPath,
        env: facts.loginEnv?.env ?? process.env,
        goBinary: goBinaryOf(facts),
        toolsEnvVars: settings.toolsEnvVars,
      });
    },
    startLanguageServer: (spec) => client.start(spec),
    stopLanguageServer: () => client.stop(),
    toolEnv,
    downloadModules: (req) =>
      downloadModules(req, { folder: folder.path, env: toolEnv(req.facts), trusted: trusted(), run }),
  });
  machine = readiness;

  const status = new StatusBar(() => ({
    goExtension: goExtension(),
    trusted: trusted(),
    languageServerMode: config.languageServer,
  }));
  context.subscriptions.push(status);
  status.visible(config.statusBarVisible);
  status.render(readiness.state());

  let lastReport: Report | null = null;
  context.subscriptions.push(
    readiness.onDidChange((s) => {
      status.render(s);
      if (s.report && s.report !== lastReport && s.overall !== "checking") {
        lastReport = s.report;
        const t = readiness.timelineSnapshot();
        updateReportPanel(s.report, t.spans, t.markers);
        const file = process.env[REPORT_FILE_ENV];
        if (file) {
          try {
            writeReportFile(file, s.report, readiness.currentFacts().loginEnv?.env ?? process.env);
          } catch (e) {
            log.warn(`could not write ${REPORT_FILE_ENV}=${file}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      }
    }),
  );

  const settled = (): Promise<ReadinessState> =>
    new Promise((resolve) => {
      const now = readiness.state();
      if (now.overall !== "checking") return resolve(now);
      const sub = readiness.onDidChange((s) => {
        if (s.overall === "checking") return;
        sub.dispose();
        resolve(s);
      });
    });

  const reportOrWait = async (): Promise<Report | null> => {
    const s = readiness.state();
    if (s.report) return s.report;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Go Doctor: checking the environment" },
      async () => (await settled()).report,
    );
  };

  const fixDeps = {
    machine: readiness,
    log,
    trusted,
    goExtension,
    folder: () => folder.ws,
    env: () => toolEnv(readiness.currentFacts()),
    goServerRestarted: () => restarts.restarted(),
  };

  context.subscriptions.push(
    vscode.commands.registerCommand("goDoctor.showReport", async () => {
      const report = await reportOrWait();
      if (!report) return;
      const t = readiness.timelineSnapshot();
      showReportPanel(context, report, t.spans, t.markers);
    }),
    vscode.commands.registerCommand("goDoctor.recheck", async () => {
      readiness.dispatch({ type: "recheck", reason: "Go Doctor: Re-check Environment" });
      return settled();
    }),
    // Programmatic use: executeCommand("goDoctor.fixEnvironment", { apply: "all" | [fix titles] }) applies without asking.
    vscode.commands.registerCommand("goDoctor.fixEnvironment", async (args?: FixArgs) => {
      await settled();
      return fixEnvironment(fixDeps, args);
    }),
    vscode.commands.registerCommand("goDoctor.copyReport", async () => {
      const report = await reportOrWait();
      if (!report) return;
      await vscode.env.clipboard.writeText(reportJson(report, readiness.currentFacts().loginEnv?.env ?? process.env));
      void vscode.window.showInformationMessage("Go Doctor: the report (secrets masked) is on the clipboard.");
    }),
    // Programmatic use (tests, tasks): executeCommand("goDoctor.saveReport", "/path/report.json") writes there
    // without a dialog and resolves with the path written.
    vscode.commands.registerCommand("goDoctor.saveReport", async (target?: unknown) => {
      const report = await reportOrWait();
      if (!report) return undefined;
      let file: string | undefined;
      if (typeof target === "string" && target !== "") file = target;
      else if (target instanceof vscode.Uri) file = target.fsPath;
      else {
        const base = folder.ws?.uri ?? vscode.Uri.file(os.homedir());
        const uri = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(base, "go-doctor-report.json"),
          filters: { JSON: ["json"] },
        });
        file = uri?.fsPath;
      }
      if (!file) return undefined;
      writeReportFile(file, report, readiness.currentFacts().loginEnv?.env ?? process.env);
      log.info(`report saved to ${file}`);
      return file;
    }),
    vscode.commands.registerCommand("goDoctor.openLog", () => log.show(true)),
    vscode.commands.registerCommand("goDoctor.profileShell", () => profileShell({ log, config: () => config })),
    vscode.commands.registerCommand("goDoctor.smokeTest", async () => {
      await settled();
      return runDebugSmokeTest({ machine: readiness, log, run, env: () => toolEnv(readiness.currentFacts()) });
    }),
  );

  const execContext = (): { goBinary: string; env: Env } | undefined => {
    const facts = readiness.currentFacts();
    const goBinary = facts.go?.tool.path ?? facts.report?.tools.go.path;
    return goBinary && facts.loginEnv ? { goBinary, env: toolEnv(facts) } : undefined;
  };
  registerDebug(context, {
    machine: readiness,
    log,
    config: () => config,
    goExtension,
    run,
    execContext,
    trusted,
    // A session in another Go folder than the main one: that folder's own findings can stop it too.
    folderGate: async (ws, signal, onProgress) => {
      const other = ws && folderReports.find((r) => r.path === ws.uri.fsPath);
      const blocker = other ? folderDebugBlocker(other) : null;
      if (!other || !blocker) return null;
      if (!blocker.onlyModulesMissing) return blocker;
      const facts = readiness.currentFacts();
      const missing = other.report.findings.find((f) => f.code === "GD042")?.details ?? [];
      const r = await downloadModules(
        { missing, facts: { ...facts, report: other.report }, signal, onProgress },
        { folder: other.path, env: toolEnv(facts), trusted: trusted(), run },
      );
      if (!r.ok) return { code: "GD042", message: `${blocker.message} ${r.message}` };
      log.info(`folder "${other.name}": ${r.message}`);
      readiness.dispatch({ type: "moduleFilesChanged", file: other.path });
      return null;
    },
  });
  registerWatchers(context, readiness, log);
  // launch.json diagnostics: loaded right after activation, so that activation itself stays cheap.
  void import("./launchDiagnostics.js").then(
    (m) => m.registerLaunchDiagnostics(context, log, { execContext }),
    (e: unknown) => log.error(`launch.json diagnostics could not start: ${e instanceof Error ? e.message : String(e)}`),
  );

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      const ours = e.affectsConfiguration("goDoctor");
      if (ours) {
        config = readDoctorConfig();
        status.visible(config.statusBarVisible);
        status.render(readiness.state());
      }
      restarts.noteChange(e);
      const keys = [
        "goDoctor.shell",
        "goDoctor.languageServer",
        "goDoctor.debugGate",
        "go.goroot",
        "go.alternateTools",
        "go.toolsEnvVars",
        "go.toolsGopath",
        "go.useLanguageServer",
      ].filter((k) => e.affectsConfiguration(k));
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

  if (goExtension())
    log.info(
      "the Go extension is installed: Go Doctor starts no gopls of its own and checks the Go extension's settings",
    );
  if (!trusted())
    log.info(
      "Restricted Mode: workspace values of go.goroot, go.alternateTools, go.toolsEnvVars and go.toolsGopath are ignored; gopls is not started",
    );
  readiness.dispatch({ type: "activate" });
  return { state: () => readiness.state(), settled };
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
