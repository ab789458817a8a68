// GD070's restart case, the editor side: what go.goroot and go.toolsGopath were
// when the Go extension's language server last started, when they changed
// since, and whether a gopls child of the extension host has started since
// (the decision itself is in src/core/checks/goServerRestart.ts).

import * as vscode from "vscode";
import type { Finding } from "../core/model/findings";
import type { RunProcess } from "../core/base/process";
import {
  RESTART_KEYS,
  restartedSince,
  restartPendingFinding,
  type RestartSettings,
} from "../core/checks/goServerRestart";

export class GoServerRestarts {
  private startedWith: RestartSettings;
  private changedAt: Date | undefined;

  constructor(
    private readonly scope: () => vscode.Uri | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // The Go extension started its server with the settings of the moment Go Doctor activates.
    this.startedWith = this.current();
  }

  private current(): RestartSettings {
    const c = vscode.workspace.getConfiguration("go", this.scope());
    const out: RestartSettings = {};
    for (const k of RESTART_KEYS) {
      const v = c.get<unknown>(k);
      if (typeof v === "string" && v !== "") out[k] = v;
    }
    return out;
  }

  /** A configuration change: the server must have started after the latest change of these to run with their values. */
  noteChange(e: vscode.ConfigurationChangeEvent): void {
    if (RESTART_KEYS.some((k) => e.affectsConfiguration(`go.${k}`))) this.changedAt = new Date();
  }

  /** Go Doctor asked the Go extension to restart its server. */
  restarted(): void {
    this.startedWith = this.current();
    this.changedAt = undefined;
  }

  /** GD070 when the Go extension's server runs with values the settings no longer have; `run` lists processes on macOS and Windows. */
  async pending(goExtensionRunsGopls: boolean, run: RunProcess): Promise<Finding[]> {
    // Go Doctor's own gopls is restarted by the readiness machine whenever these settings change.
    if (!goExtensionRunsGopls) return [];
    const changedAt = this.changedAt;
    const finding = restartPendingFinding(this.startedWith, this.current(), changedAt);
    if (!finding) return [];
    // "Go: Restart Language Server" or a window reload since the change: a younger gopls child runs now.
    // A change while the processes were listed is newer than that gopls: it stays pending.
    if (changedAt && (await restartedSince(changedAt.getTime(), { run })) === true && this.changedAt === changedAt) {
      this.log.info("the Go extension's gopls has restarted since go.goroot/go.toolsGopath changed");
      this.restarted();
      return [];
    }
    return [finding];
  }
}
