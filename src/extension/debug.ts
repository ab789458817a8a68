// Debugging: a resolver for `go` configurations that waits for the debug gate
// (with a cancellable notification saying what it waits for) and refuses a
// launch that cannot work, with its fault code and a way to fix it. Without
// the Go extension, Go Doctor is also the `go` debug adapter. VS Code merges
// two extensions' `debuggers` contributions of one type, but lets only one
// extension register the adapter factory for it: Go Doctor registers its
// factory only while golang.go is absent, and withdraws it when golang.go arrives.

import * as vscode from "vscode";
import type { Finding } from "../core/model/findings";
import { checkLaunchBuildFlags } from "../core/checks/buildFlags";
import type { RunProcess } from "../core/base/process";
import type { DebugGateVerdict, Readiness } from "../core/readiness/readiness";
import type { DoctorConfig } from "./config";
import type { Env } from "../core/base/envPath";
import { within } from "../core/base/timeout";

export interface DebugDeps {
  machine: Readiness;
  log: vscode.LogOutputChannel;
  config: () => DoctorConfig;
  goExtension: () => boolean;
  run: RunProcess;
  /** The go binary and environment of the current diagnosis, for the `mode: exec` binary checks. */
  execContext: () => { goBinary: string; env: Env } | undefined;
  trusted: () => boolean;
  /**
   * A launch in another Go folder of a multi-root workspace than the one the gates
   * follow: why it cannot start, or (when that folder is fine, or was made fine)
   * the dlv that folder resolves to (its own go.mod may pin another), or null.
   */
  folderGate?: (
    folder: vscode.WorkspaceFolder | undefined,
    signal: AbortSignal,
    onProgress: (message: string) => void,
  ) => Promise<{ code: string; message: string } | { dlvPath: string } | null>;
}

/** Below this a gate answer needs no notification. */
const QUIET_WAIT_MS = 400;

export function registerDebug(context: vscode.ExtensionContext, deps: DebugDeps): void {
  context.subscriptions.push(vscode.debug.registerDebugConfigurationProvider("go", new GateResolver(deps)));
  let factory: vscode.Disposable | undefined;
  const sync = (): void => {
    if (!deps.goExtension() && !factory) {
      factory = vscode.debug.registerDebugAdapterDescriptorFactory("go", new InlineAdapterFactory(deps));
      deps.log.info("Go Doctor is the debug adapter for type go (the Go extension is not installed)");
    } else if (deps.goExtension() && factory) {
      factory.dispose();
      factory = undefined;
      deps.log.info(
        "the Go extension was installed: its debug adapter takes over type go; Go Doctor only gates launches",
      );
    }
  };
  sync();
  context.subscriptions.push(vscode.extensions.onDidChange(sync), { dispose: () => void factory?.dispose() });
}

class GateResolver implements vscode.DebugConfigurationProvider {
  constructor(private readonly deps: DebugDeps) {}

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
    token?: vscode.CancellationToken,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (!config.type && !config.request && !config.name) {
      // F5 without a launch.json: the Go extension fills this in itself when it is there.
      if (this.deps.goExtension() || vscode.window.activeTextEditor?.document.languageId !== "go") return config;
      config = { type: "go", name: "Launch Package", request: "launch", mode: "auto", program: "${fileDirname}" };
    }
    if (!this.deps.config().debugGate || !needsLocalDlv(config)) return config;
    const started = performance.now();
    const result = await this.waitWithProgress(token, folder);
    this.deps.log.info(
      `debug "${String(config.name)}": gate answered in ${Math.round(performance.now() - started)} ms: ${result.ok ? `dlv ${result.dlvPath}` : `${result.code} ${result.message}`}`,
    );
    if (result.ok) return config;
    if (!result.cancelled) void this.refuse(String(config.name ?? "the launch"), result);
    return undefined;
  }

  /** With variables substituted: the configuration's own faults (GD080–GD083) at error level stop the launch. */
  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (!this.deps.config().debugGate || !this.deps.trusted()) return config;
    // GD055: buildFlags that leave the debug build without usable debug information.
    const flags: unknown = config.buildFlags;
    if (typeof flags === "string" || (Array.isArray(flags) && flags.every((x) => typeof x === "string"))) {
      const [bad] = checkLaunchBuildFlags([
        { file: "launch.json", path: [], name: String(config.name ?? ""), buildFlags: flags },
      ]);
      if (bad) {
        this.deps.log.info(`debug "${String(config.name)}": ${bad.code}: ${bad.message}`);
        void this.refuse(String(config.name ?? "the launch"), { ok: false, code: bad.code, message: bad.message });
        return undefined;
      }
    }
    let findings: Finding[];
    try {
      const { checkLaunchBeforeStart } = await import("./launchDiagnostics.js");
      const exec = this.deps.execContext();
      const active = vscode.window.activeTextEditor?.document.uri;
      findings = await checkLaunchBeforeStart(folder?.uri.fsPath ?? process.cwd(), config, {
        env: exec?.env,
        activeFile: active?.scheme === "file" ? active.fsPath : undefined,
        exec: exec ? { ...exec, run: this.deps.run } : undefined,
      });
    } catch (e) {
      // A crash of the check must not stop a launch that may well work.
      this.deps.log.error(`launch check crashed (GD099): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return config;
    }
    for (const f of findings)
      this.deps.log.info(`debug "${String(config.name)}": ${f.code} ${f.severity}: ${f.message}`);
    const blocking = findings.find((f) => f.severity === "error");
    if (!blocking) return config;
    void this.refuse(String(config.name ?? "the launch"), {
      ok: false,
      code: blocking.code,
      message: blocking.message,
    });
    return undefined;
  }

  private async waitWithProgress(
    token: vscode.CancellationToken | undefined,
    folder: vscode.WorkspaceFolder | undefined,
  ): Promise<DebugGateVerdict> {
    const abort = new AbortController();
    const subs: vscode.Disposable[] = [];
    if (token) subs.push(token.onCancellationRequested(() => abort.abort()));
    let report: ((message: string) => void) | undefined;
    let waitingFor = "checking the environment";
    const onProgress = (m: string): void => {
      waitingFor = m;
      report?.(m);
    };
    const pending = this.deps.machine
      .waitForDebug({ signal: abort.signal, onProgress })
      .then(async (r): Promise<DebugGateVerdict> => {
        if (!r.ok || !this.deps.folderGate) return r;
        const blocked = await this.deps.folderGate(folder, abort.signal, onProgress);
        if (abort.signal.aborted) return { ok: false, code: "GD099", message: "cancelled", cancelled: true };
        if (!blocked) return r;
        return "dlvPath" in blocked ? { ...r, dlvPath: blocked.dlvPath } : { ok: false, ...blocked };
      });
    const quick = await within(pending, QUIET_WAIT_MS, () => undefined);
    try {
      if (quick) return quick;
      return await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: "Go Doctor: waiting for the debug gate",
          cancellable: true,
        },
        (progress, cancel) => {
          report = (message) => progress.report({ message });
          report(waitingFor);
          subs.push(cancel.onCancellationRequested(() => abort.abort()));
          return pending;
        },
      );
    } finally {
      for (const s of subs) s.dispose();
    }
  }

  private async refuse(name: string, r: Extract<DebugGateVerdict, { ok: false }>): Promise<void> {
    const reason = r.message.startsWith(`${r.code}: `) ? r.message.slice(r.code.length + 2) : r.message;
    const choice = await vscode.window.showErrorMessage(
      `Go Doctor stopped "${name}" before dlv could fail: ${reason} [${r.code}]`,
      "Fix Environment",
      "Show Report",
    );
    if (choice === "Fix Environment") await vscode.commands.executeCommand("goDoctor.fixEnvironment");
    else if (choice === "Show Report") await vscode.commands.executeCommand("goDoctor.showReport");
  }
}

/** Attaching to a headless server someone else started needs no local dlv. */
function needsLocalDlv(config: vscode.DebugConfiguration): boolean {
  if (config.request === "attach" && config.mode === "remote") return false;
  if (config.request === "launch" && (config.port !== undefined || config.host !== undefined)) return false;
  return true;
}

class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly deps: DebugDeps) {}

  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    const { DapAdapter } = await import("../core/dap/dapAdapter.js");
    const name = session.name;
    const adapter = new DapAdapter({
      waitForGate: (signal) => this.deps.machine.waitForDebug({ signal, enforce: this.deps.config().debugGate }),
      configuration: session.configuration,
      log: (line) => this.deps.log.info(`[debug ${name}] ${line}`),
      runProcess: this.deps.run,
    });
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }
}
