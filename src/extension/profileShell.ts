// "Go Doctor: Profile Login Shell": profiles the login shell now, whatever its
// speed, writes the costliest lines to the log, and offers the guard for the
// costliest line of the user's own files in a modal that shows the exact
// edit. Nothing is written without the user's click; the file is backed up.

import * as vscode from "vscode";
import { configuredShell } from "../core/shell/loginShell";
import { homeRelative, profileLoginShell } from "../core/shell/profiler";
import { applyGuard, describeGuard } from "../core/shell/rcGuard";
import { costLines, guardPlanFor, seconds, slowShellFinding } from "../core/shell/slowShell";
import type { DoctorConfig } from "./config";

export interface ProfileShellDeps {
  log: vscode.LogOutputChannel;
  config: () => DoctorConfig;
}

export async function profileShell(deps: ProfileShellDeps): Promise<void> {
  const config = deps.config();
  const processEnv = process.env;
  const home = processEnv.HOME;
  const shell = configuredShell({ processEnv, enabled: true, timeoutMs: config.shellTimeoutMs });
  if (!shell) {
    void vscode.window.showErrorMessage("Go Doctor: no login shell to profile (SHELL is not set) (GD004).");
    return;
  }
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Go Doctor: profiling ${shell}…`, cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await profileLoginShell({
          shell,
          processEnv,
          enabled: true,
          timeoutMs: config.shellTimeoutMs,
          signal: abort.signal,
        });
      } finally {
        sub.dispose();
      }
    },
  );
  const finding = slowShellFinding(
    run,
    { durationMs: run.durationMs, timedOut: run.timedOut, thresholdMs: config.slowThresholdMs },
    home,
  );
  deps.log.info(`GD004 ${finding.message}`);
  for (const line of costLines(run.profile.lines.slice(0, 10), home)) deps.log.info(`  ${line}`);
  deps.log.info(`  total ${seconds(run.profile.totalMs)}`);
  for (const note of run.profile.notes) deps.log.info(`  ${note}`);

  const plan = guardPlanFor(run, home);
  if (!plan?.ok) {
    if (plan) deps.log.warn(plan.message);
    const pick = await vscode.window.showInformationMessage(`Go Doctor: ${finding.message}`, "Show Profile");
    if (pick) deps.log.show(true);
    return;
  }
  const apply = plan.warning ? "Guard Anyway (Backs the File Up)" : "Guard the Line (Backs the File Up)";
  const pick = await vscode.window.showWarningMessage(
    `Go Doctor: ${finding.message}`,
    {
      modal: true,
      detail: `${plan.warning ? `${plan.warning}\n\n` : ""}${describeGuard(plan, homeRelative(plan.file, home))}`,
    },
    apply,
    "Show Profile",
  );
  if (pick === "Show Profile") deps.log.show(true);
  if (pick !== apply) return;
  const r = applyGuard(plan);
  if (!r.ok) {
    deps.log.error(r.message);
    void vscode.window.showErrorMessage(`Go Doctor: ${r.message}`);
    return;
  }
  deps.log.info(`guarded ${r.file}:${plan.line}; backup at ${r.backup}`);
  void vscode.window.showInformationMessage(
    `Go Doctor: ${homeRelative(r.file, home)} guarded; the previous file is at ${homeRelative(r.backup, home)}.`,
  );
}
