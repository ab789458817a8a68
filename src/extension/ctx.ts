// The extension's state in one place: the readiness machine and what it is
// wired to (the gopls client, the status bar, the log), the settings as last
// read, the folder the gates follow and the other folders' reports. Commands,
// the debug gate and the listeners are small functions of a Ctx.

import * as vscode from "vscode";
import { systemClock } from "../core/base/clock";
import type { Env } from "../core/base/envPath";
import { errorMessage } from "../core/base/errors";
import type { RunProcess } from "../core/base/process";
import type { FolderReport } from "../core/diagnosis/workspace";
import { toolEnvironment } from "../core/go/toolEnvironment";
import type { EditorSettings } from "../core/model/facts";
import type { Report } from "../core/model/report";
import { Readiness, type DiagnoseRequest, type Facts, type ReadinessState } from "../core/readiness/readiness";
import { goExtensionRunsGopls, readDoctorConfig, type DoctorConfig } from "./config";
import { GoServerRestarts } from "./goServerTracker";
import { GO_EXTENSION_ID, HostEnv } from "./hostEnv";
import { GoplsClient } from "./languageClient";
import { downloadModules } from "./moduleDownload";
import { writeReportFile } from "./reportFile";
import { updateReportPanel } from "./reportView";
import { secretMaskingLog } from "./runLog";
import { goplsSpec } from "./serverOptions";
import { StatusBar } from "./statusBar";
import { diagnoseEditorWorkspace, firstFolder, type PickedFolder } from "./workspaceFolders";

export { GO_EXTENSION_ID };
/** When set, the JSON report is written to this file after every diagnosis (used by end-to-end tests). */
export const REPORT_FILE_ENV = "GO_DOCTOR_REPORT_FILE";

export class Ctx {
  readonly log: vscode.LogOutputChannel;
  readonly run: RunProcess;
  readonly readiness: Readiness;
  readonly status: StatusBar;
  readonly restarts: GoServerRestarts;
  readonly hostEnv: HostEnv;
  config: DoctorConfig = readDoctorConfig();
  /** The main folder's go.* settings, as of the latest diagnosis. */
  settings: EditorSettings = {};
  /** Until the first diagnosis picks the Go folder: the first workspace folder. */
  folder: PickedFolder = firstFolder();
  /** The other Go folders of a multi-root workspace, as of the latest diagnosis. */
  folderReports: FolderReport[] = [];
  private readonly client: GoplsClient;
  private lastReport: Report | null = null;

  constructor(readonly extension: vscode.ExtensionContext) {
    const channel = vscode.window.createOutputChannel("Go Doctor", { log: true });
    this.subscribe(channel);
    // Every line masked with the secrets the report masks (the process and the captured login environment).
    ({ log: this.log, run: this.run } = secretMaskingLog(channel, () => this.readiness?.currentFacts().loginEnv?.env));
    // GD003's repair: the extension host's own environment, shared by every extension in the window.
    this.hostEnv = new HostEnv(this.log, () => this.goExtension() && goExtensionRunsGopls(this.folder.ws?.uri));
    this.client = new GoplsClient(this.log, () => this.folder.path);
    this.subscribe(this.client);
    // GD070's restart case: the Go extension's server and the go.goroot/go.toolsGopath it started with.
    this.restarts = new GoServerRestarts(() => this.folder.ws?.uri, this.log);
    this.readiness = new Readiness({
      clock: systemClock,
      diagnose: (req) => this.diagnose(req),
      languageServerSpec: (facts) => {
        const goplsPath = facts.gopls?.path ?? facts.report?.tools.gopls.path;
        if (!this.wantGopls() || !goplsPath) return null;
        return goplsSpec({
          goplsPath,
          env: facts.loginEnv?.env ?? process.env,
          goBinary: this.goBinaryOf(facts),
          toolsEnvVars: this.settings.toolsEnvVars,
        });
      },
      startLanguageServer: (spec) => this.client.start(spec),
      stopLanguageServer: () => this.client.stop(),
      toolEnv: (facts) => this.toolEnv(facts),
      downloadModules: (req) =>
        downloadModules(req, {
          folder: this.folder.path,
          env: this.toolEnv(req.facts),
          trusted: this.trusted(),
          run: this.run,
        }),
    });
    this.status = new StatusBar(() => ({
      goExtension: this.goExtension(),
      trusted: this.trusted(),
      languageServerMode: this.config.languageServer,
    }));
    this.subscribe(this.status);
    this.status.visible(this.config.statusBarVisible);
    this.status.render(this.readiness.state());
    this.subscribe(this.readiness.onDidChange((s) => this.onState(s)));
  }

  subscribe(...d: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...d);
  }

  goExtension(): boolean {
    return vscode.extensions.getExtension(GO_EXTENSION_ID) !== undefined;
  }

  trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** The located go goes first on PATH when the captured PATH lacks it (a shell capture that fell back). */
  goBinaryOf(facts: Facts): string | null {
    return facts.go?.tool.path ?? facts.report?.tools.go.path ?? null;
  }

  /** The environment of every tool Go Doctor starts for the user. */
  toolEnv(facts: Facts = this.readiness.currentFacts()): Env {
    return toolEnvironment(facts.loginEnv?.env ?? process.env, this.goBinaryOf(facts), this.settings.toolsEnvVars);
  }

  /** The environment whose secrets a report written now must mask. */
  secretsEnv(): Env {
    return this.readiness.currentFacts().loginEnv?.env ?? process.env;
  }

  /** go and the tool environment, once the go command is located and the shell captured. */
  execContext(): { goBinary: string; env: Env } | undefined {
    const facts = this.readiness.currentFacts();
    const goBinary = this.goBinaryOf(facts);
    return goBinary && facts.loginEnv ? { goBinary, env: this.toolEnv(facts) } : undefined;
  }

  wantGopls(): boolean {
    if (!this.trusted() || this.config.languageServer === "never") return false;
    if (!this.goExtension()) return true;
    // Never a second gopls next to the Go extension's own.
    return this.config.languageServer === "always" && !goExtensionRunsGopls(this.folder.ws?.uri);
  }

  /** Resolves with the state once the diagnosis running now (or the next one) has finished. */
  settled(): Promise<ReadinessState> {
    return new Promise((resolve) => {
      const now = this.readiness.state();
      if (now.overall !== "checking") return resolve(now);
      const sub = this.readiness.onDidChange((s) => {
        if (s.overall === "checking") return;
        sub.dispose();
        resolve(s);
      });
    });
  }

  /** The latest report, or the one being made (with progress shown while it is). */
  async reportOrWait(): Promise<Report | null> {
    const s = this.readiness.state();
    if (s.report) return s.report;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Go Doctor: checking the environment" },
      async () => (await this.settled()).report,
    );
  }

  private async diagnose(req: DiagnoseRequest): Promise<Report> {
    const { report, others } = await diagnoseEditorWorkspace({
      req,
      run: this.run,
      shell: {
        enabled: this.config.shellEnabled,
        timeoutMs: this.config.shellTimeoutMs,
        slowThresholdMs: this.config.slowThresholdMs,
      },
      trusted: this.trusted(),
      log: this.log,
      onMainFolder: (picked, s) => {
        this.folder = picked;
        this.settings = s;
      },
      repairHost: (login) => this.hostEnv.repair(login),
      extraSettingsFindings: (picked) =>
        this.restarts.pending(this.goExtension() && goExtensionRunsGopls(picked.ws?.uri), this.run),
    });
    if (!req.signal.aborted) this.folderReports = others;
    this.log.info(
      `diagnosis #${req.generation}: ${report.summary.errors} errors, ${report.summary.warnings} warnings in ${report.timings.total ?? "?"} ms; language gate ${report.gates.language.open ? "open" : "closed"}, debug gate ${report.gates.debug.open ? "open" : "closed"}`,
    );
    return report;
  }

  private onState(s: ReadinessState): void {
    this.status.render(s);
    if (!s.report || s.report === this.lastReport || s.overall === "checking") return;
    this.lastReport = s.report;
    const t = this.readiness.timelineSnapshot();
    updateReportPanel(s.report, t.spans, t.markers);
    const file = process.env[REPORT_FILE_ENV];
    if (!file) return;
    try {
      writeReportFile(file, s.report, this.secretsEnv());
    } catch (e) {
      this.log.warn(`could not write ${REPORT_FILE_ENV}=${file}: ${errorMessage(e)}`);
    }
  }

  /** The config changed: re-read ours and redraw. */
  reloadConfig(): void {
    this.config = readDoctorConfig();
    this.status.visible(this.config.statusBarVisible);
    this.status.render(this.readiness.state());
  }
}
