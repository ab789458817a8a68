// The extension host's own environment (GD003's repair). Every extension in
// the window shares this process and reads process.env; the Go extension looks
// up go, gopls and dlv on its PATH. When the editor was started blind, Go
// Doctor gives the process the login shell's PATH and Go variables.
//
// Be first: the apply from the cache runs while this module loads, before
// activate() — when the Go extension is activated by the same event (a Go file
// restored at start), VS Code loads both extensions' code before it calls
// either's activate(), in an order it does not promise. Loading is the one
// moment that precedes the Go extension's activate() whatever that order.

import * as vscode from "vscode";
import type { Env } from "../core/base/envPath";
import { errorMessage } from "../core/base/errors";
import type { LoginEnv } from "../core/model/facts";
import {
  applyHostRepair,
  cacheableEnv,
  describeHostChange,
  goAsExtensionsFindIt,
  hostEnvCacheFile,
  planHostRepair,
  readHostEnvCache,
  REPAIR_SETTING,
  writeHostEnvCache,
  type HostEnvChange,
  type HostRepairOutcome,
} from "../core/shell/hostEnvRepair";

export const GO_EXTENSION_ID = "golang.go";

const goExtensionActive = (): boolean => vscode.extensions.getExtension(GO_EXTENSION_ID)?.isActive === true;

function repairEnabled(): boolean {
  const dot = REPAIR_SETTING.indexOf(".");
  return (
    vscode.workspace
      .getConfiguration(REPAIR_SETTING.slice(0, dot))
      .get<unknown>(REPAIR_SETTING.slice(dot + 1), true) !== false
  );
}

interface Start {
  /** process.env as it was when Go Doctor's code loaded, before any change. */
  env: Env;
  cacheFile: string | undefined;
  /** What the cache changed, and whether the Go extension was running already when it did. */
  applied: HostEnvChange[];
  goExtensionFirst: boolean;
  /** The change moved the go the Go extension finds (it needs the host restarted, not only its gopls). */
  goMoved: boolean;
  /** Why the cache was not applied (off, no cache yet, refused). */
  note: string;
}

function applyCacheAtLoad(): Start {
  const env: Env = { ...process.env };
  const start: Start = { env, cacheFile: undefined, applied: [], goExtensionFirst: false, goMoved: false, note: "" };
  try {
    start.cacheFile = hostEnvCacheFile(env);
    if (!repairEnabled()) return { ...start, note: `${REPAIR_SETTING} is off` };
    if (!start.cacheFile) return { ...start, note: "no home directory for the cache" };
    const read = readHostEnvCache(start.cacheFile);
    if (!read.ok) return { ...start, note: read.reason };
    const changes = planHostRepair(process.env, read.cache.env);
    return {
      ...start,
      ...applyToHost(changes),
      applied: changes,
      note: `the login environment captured at ${read.cache.savedAt}`,
    };
  } catch (e) {
    return { ...start, note: `the cache could not be applied: ${errorMessage(e)}` };
  }
}

/**
 * Sets the changes in this process's environment; says whether the Go extension was running
 * already, and if so whether the go it would find now is another one.
 */
function applyToHost(changes: readonly HostEnvChange[]): { goExtensionFirst: boolean; goMoved: boolean } {
  const goExtensionFirst = changes.length > 0 && goExtensionActive();
  const goBefore = goExtensionFirst ? goAsExtensionsFindIt(process.env) : null;
  applyHostRepair(process.env, changes);
  return { goExtensionFirst, goMoved: goExtensionFirst && goBefore !== goAsExtensionsFindIt(process.env) };
}

const start = applyCacheAtLoad();

/** The repair after activation: from each fresh capture, with the log, the cache and the Go extension's restart. */
export class HostEnv {
  /** Every change since the host started, by variable: the latest wins. */
  private readonly changed = new Map<string, HostEnvChange>();
  private restartNeeded = false;
  private restartOffered = false;
  private serverRestarted = false;
  /** The cache's PATH and Go variables as last read or written (JSON): read once, not at every diagnosis. */
  private saved: string | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** Whether the Go extension runs its own gopls (its go.useLanguageServer). */
    private readonly goExtensionRunsGopls: () => boolean,
  ) {
    for (const c of start.applied) this.changed.set(c.name, c);
    if (start.applied.length > 0) {
      log.info(`extension host environment repaired at start from ${start.note}:`);
      for (const c of start.applied) log.info(`  ${describeHostChange(c, start.env)}`);
      if (start.goExtensionFirst) log.warn("the Go extension was running already when the repair was applied");
    } else {
      log.info(
        `extension host environment: nothing applied at start (${start.note || "it had the login environment"})`,
      );
    }
  }

  /** A Go extension that was running before the cache was applied gets its one restart. */
  healAtActivation(): void {
    if (start.goExtensionFirst) this.heal(start.goMoved);
  }

  /** Called by each diagnosis with its capture: brings the process up to it, saves it for the next start. */
  repair(login: LoginEnv): HostRepairOutcome {
    if (!repairEnabled()) return { state: "off" };
    const changes = planHostRepair(process.env, login.env);
    if (changes.length > 0) {
      const { goExtensionFirst, goMoved } = applyToHost(changes);
      this.log.info(
        `extension host environment repaired from the login shell${goExtensionFirst ? " (the Go extension is running)" : ""}:`,
      );
      for (const c of changes) {
        this.log.info(`  ${describeHostChange(c, login.env)}`);
        const earlier = this.changed.get(c.name);
        this.changed.set(c.name, { ...c, before: earlier ? earlier.before : c.before });
      }
      if (goExtensionFirst) this.heal(goMoved);
    }
    this.save(login);
    if (this.changed.size === 0) return { state: "unchanged" };
    return {
      state: "repaired",
      lines: [...this.changed.values()].map((c) => describeHostChange(c, login.env)),
      restartNeeded: this.restartNeeded,
    };
  }

  /** The Go extension runs with what it found before a change: a new go needs the host restarted, the rest its gopls. */
  private heal(goMoved: boolean): void {
    if (goMoved) {
      this.restartNeeded = true;
      this.offerRestart();
      return;
    }
    if (this.serverRestarted || !this.goExtensionRunsGopls()) return;
    this.serverRestarted = true;
    void vscode.commands.executeCommand("go.languageserver.restart").then(
      () => this.log.info("asked the Go extension to restart its language server with the repaired environment"),
      (e: unknown) => this.log.warn(`go.languageserver.restart failed: ${errorMessage(e)}`),
    );
  }

  private offerRestart(): void {
    if (this.restartOffered) return;
    this.restartOffered = true;
    this.log.warn("the Go extension started before the repair: offering to restart the extension host");
    void hostRestart()
      .then(async (how) => {
        const choice = await vscode.window.showWarningMessage(
          `Go Doctor gave this window your login shell's environment, but the Go extension started before that and still uses what it found then. ${how.sentence} once to fix it.`,
          how.label,
        );
        if (choice === how.label) await restartExtensionHost(this.log);
      })
      .catch((e: unknown) => this.log.warn(`could not restart the extension host: ${errorMessage(e)}`));
  }

  /** Keeps PATH and the Go variables of the capture for the next start; rewritten only when they changed. */
  private save(login: LoginEnv): void {
    const file = start.cacheFile;
    if (!file) return;
    const env = cacheableEnv(login.env);
    const json = JSON.stringify(env);
    if (this.saved === undefined) {
      const read = readHostEnvCache(file);
      if (read.ok) this.saved = JSON.stringify(read.cache.env);
    }
    if (json === this.saved) return;
    try {
      writeHostEnvCache(file, env);
      this.saved = json;
      this.log.info(
        `saved the login environment's PATH and Go variables for the next start (${file}, readable by you only)`,
      );
    } catch (e) {
      this.log.warn(`could not save the login environment for the next start: ${errorMessage(e)}`);
    }
  }
}

/** Desktop VS Code restarts the extension host alone; the web workbench (code-server, vscode.dev) has only the reload. */
async function hostRestart(): Promise<{ command: string; label: string; sentence: string }> {
  const commands = await vscode.commands.getCommands(true);
  return commands.includes("workbench.action.restartExtensionHost")
    ? {
        command: "workbench.action.restartExtensionHost",
        label: "Restart Extension Host",
        sentence: "Restart the extension host",
      }
    : { command: "workbench.action.reloadWindow", label: "Reload Window", sentence: "Reload the window" };
}

/** Restarts the extension host (or reloads the window where that is the only way): extensions start again. */
export async function restartExtensionHost(log: vscode.LogOutputChannel): Promise<void> {
  const how = await hostRestart();
  log.info(`restarting the extension host (${how.command}): the extensions start again with the repaired environment`);
  await vscode.commands.executeCommand(how.command);
}
