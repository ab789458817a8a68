// "Go Doctor: Fix Environment": the proposed fixes as a pick list saying what
// each will do; the chosen ones applied (settings through the configuration
// API at their scope, commands with progress and cancellation, launch.json
// edits), then one re-check and one gopls restart. In an untrusted workspace
// only user settings may change.

import * as path from "node:path";
import * as vscode from "vscode";
import { MASKED, unmasked } from "../core/base/redact";
import { applyRunFix, describeFix, planFixes } from "../core/diagnosis/fixes";
import type { FixAction } from "../core/model/findings";
import type { Readiness } from "../core/readiness/readiness";
import { redactText, secretValues } from "../core/base/redact";
import { RESTART_GO_SERVER } from "../core/checks/goServerRestart";
import { RESTART_EXTENSION_HOST } from "../core/shell/hostEnvRepair";
import { restartExtensionHost } from "./hostEnv";
import { outcome } from "./runLog";
import type { Env } from "../core/base/envPath";
import { errorMessage } from "../core/base/errors";

export interface FixDeps {
  machine: Readiness;
  log: vscode.LogOutputChannel;
  trusted: () => boolean;
  goExtension: () => boolean;
  /** The folder the diagnosis ran on: the scope of folder settings. */
  folder: () => vscode.WorkspaceFolder | undefined;
  /** The environment commands run with (captured login env + go.toolsEnvVars). */
  env: () => Env;
  /** Called after the Go extension's language server was asked to restart. */
  goServerRestarted?: () => void;
}

/** Manual fixes Go Doctor can carry out itself: the Go extension's server restart, the extension host's restart. */
const isRestart = (fix: FixAction): boolean => fix.kind === "manual" && fix.title === RESTART_GO_SERVER;
const isHostRestart = (fix: FixAction): boolean => fix.kind === "manual" && fix.title === RESTART_EXTENSION_HOST;
const carriedOut = (fix: FixAction): boolean => fix.kind !== "manual" || isRestart(fix) || isHostRestart(fix);

/** Programmatic use (tests, other commands): apply without asking. */
export interface FixArgs {
  apply?: "all" | string[];
}

interface Item extends vscode.QuickPickItem {
  fix: FixAction;
}

export async function fixEnvironment(deps: FixDeps, args?: FixArgs): Promise<{ applied: string[]; failed: string[] }> {
  const state = deps.machine.state();
  const report = state.report;
  const none = { applied: [], failed: [] };
  if (!report) {
    void vscode.window.showInformationMessage("Go Doctor is still checking the environment; try again in a moment.");
    return none;
  }
  const plan = planFixes(report.findings);
  if (plan.length === 0) {
    void vscode.window
      .showInformationMessage("Go Doctor found nothing to fix.", "Show Report")
      .then((c) => c && vscode.commands.executeCommand("goDoctor.showReport"));
    return none;
  }
  const items: Item[] = plan.map(({ fix, codes }) => {
    const blocked = blockedReason(fix, deps);
    return {
      label: `${fix.kind === "manual" ? "$(book)" : fix.kind === "run" ? "$(terminal)" : "$(gear)"} ${fix.title}`,
      description: `${codes.join(", ")}${blocked ? ` — ${blocked}` : ""}`,
      detail: describeFix(fix),
      picked: !blocked && carriedOut(fix),
      fix,
    };
  });
  let chosen: readonly Item[];
  if (args?.apply) {
    const wanted = args.apply;
    chosen = items.filter((i) => (wanted === "all" ? carriedOut(i.fix) : wanted.includes(i.fix.title)));
  } else {
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: "Go Doctor: Fix Environment",
      placeHolder: "Choose the fixes to apply (each line says what it will do)",
      matchOnDetail: true,
    });
    if (!picked || picked.length === 0) return none;
    chosen = picked;
  }

  const applied: string[] = [];
  const failed: string[] = [];
  let touchedGoSettings = false;
  let restartAsked = false;
  let hostRestartAsked = false;
  for (const item of chosen) {
    const fix = item.fix;
    const blocked = blockedReason(fix, deps);
    if (blocked) {
      deps.log.warn(`fix skipped: ${fix.title}: ${blocked}`);
      failed.push(fix.title);
      continue;
    }
    if (isRestart(fix)) {
      // Done once, after the other fixes, below.
      restartAsked = true;
      continue;
    }
    if (isHostRestart(fix)) {
      // The very last step: it ends this extension host, Go Doctor's own code with it.
      hostRestartAsked = true;
      continue;
    }
    const ok = await applyOne(fix, deps);
    (ok ? applied : failed).push(fix.title);
    if (ok && fix.kind === "setting" && fix.key.startsWith("go.")) touchedGoSettings = true;
  }
  if (
    deps.goExtension() &&
    (restartAsked || (applied.length > 0 && (touchedGoSettings || chosen.some((i) => i.fix.kind === "run"))))
  ) {
    // The Go extension's gopls reads the changed settings only when restarted.
    const restarted = await vscode.commands.executeCommand("go.languageserver.restart").then(
      () => {
        deps.log.info("asked the Go extension to restart its language server");
        deps.goServerRestarted?.();
        return true;
      },
      (e: unknown) => {
        deps.log.warn(`go.languageserver.restart failed: ${errorMessage(e)}`);
        return false;
      },
    );
    if (restartAsked) (restarted ? applied : failed).push(RESTART_GO_SERVER);
  } else if (restartAsked) {
    deps.log.warn(`fix skipped: ${RESTART_GO_SERVER}: the Go extension is not installed`);
    failed.push(RESTART_GO_SERVER);
  }
  if (hostRestartAsked) {
    void restartExtensionHost(deps.log).catch((e: unknown) =>
      deps.log.warn(`could not restart the extension host: ${errorMessage(e)}`),
    );
    return { applied: [...applied, RESTART_EXTENSION_HOST], failed };
  }
  if (applied.length > 0) deps.machine.dispatch({ type: "fixApplied", title: applied.join("; ") });
  if (failed.length > 0) {
    void vscode.window
      .showWarningMessage(`Go Doctor could not apply: ${failed.join("; ")}. See the log.`, "Open Log")
      .then((c) => c && vscode.commands.executeCommand("goDoctor.openLog"));
  } else if (applied.length > 0) {
    void vscode.window.showInformationMessage(
      `Go Doctor applied ${applied.length} fix${applied.length === 1 ? "" : "es"}; re-checking.`,
    );
  }
  return { applied, failed };
}

/** Why a fix may not run here, or undefined. */
function blockedReason(fix: FixAction, deps: FixDeps): string | undefined {
  if (deps.trusted()) return undefined;
  switch (fix.kind) {
    case "setting":
      return fix.scope === "user" ? undefined : "needs a trusted workspace (writes workspace settings)";
    case "launch":
      return "needs a trusted workspace (writes launch.json)";
    case "run":
      return "needs a trusted workspace (runs a command for this workspace)";
    case "manual":
      return undefined;
  }
}

async function applyOne(fix: FixAction, deps: FixDeps): Promise<boolean> {
  const started = performance.now();
  try {
    switch (fix.kind) {
      case "setting": {
        const dot = fix.key.indexOf(".");
        const section = fix.key.slice(0, dot);
        const key = fix.key.slice(dot + 1);
        const folder = deps.folder();
        const target =
          fix.scope === "user"
            ? vscode.ConfigurationTarget.Global
            : fix.scope === "workspace" || !folder
              ? vscode.ConfigurationTarget.Workspace
              : vscode.ConfigurationTarget.WorkspaceFolder;
        // The fix was made from the effective value (all levels merged): that is where masked parts come from.
        const current = vscode.workspace.getConfiguration(section, folder?.uri).get<unknown>(key);
        // The fix comes from the report, whose secrets are masked: never write the mask over the user's value.
        const value = unmasked(fix.value, current);
        if (value === MASKED) {
          deps.log.warn(
            `fix not applied: ${fix.key}: it would write a masked secret; change it by hand (the report masks secrets)`,
          );
          return false;
        }
        await vscode.workspace.getConfiguration(section, folder?.uri).update(key, value, target);
        // VS Code merges object settings across levels (user, remote, workspace): another level may keep what was removed.
        const after = vscode.workspace.getConfiguration(section, folder?.uri).inspect<unknown>(key);
        const effective = vscode.workspace.getConfiguration(section, folder?.uri).get<unknown>(key);
        const wanted = value === undefined ? after?.defaultValue : value;
        if (canonical(effective) !== canonical(wanted)) {
          deps.log.warn(
            `fix written but not in effect: ${fix.key} is still ${JSON.stringify(effective)}; another settings level (remote, workspace or folder settings) defines it`,
          );
          return false;
        }
        deps.log.info(`fix applied: ${describeFix(fix)} in ${Math.round(performance.now() - started)} ms`);
        return true;
      }
      case "launch": {
        const { applyLaunchFix } = await import("../core/launch/jsoncEdits.js");
        const r = await applyLaunchFix(fix);
        if (!r.ok) {
          deps.log.warn(`fix failed: ${fix.title}: ${r.reason}`);
          return false;
        }
        deps.log.info(`fix applied: ${describeFix(fix)}`);
        return true;
      }
      case "run":
        return await runWithProgress(fix, deps);
      case "manual":
        void vscode.window.showInformationMessage(`${fix.title}: ${fix.detail}`, { modal: false });
        return true;
    }
  } catch (e) {
    deps.log.warn(`fix failed: ${fix.title}: ${errorMessage(e)}`);
    return false;
  }
}

async function runWithProgress(fix: Extract<FixAction, { kind: "run" }>, deps: FixDeps): Promise<boolean> {
  const env = deps.env();
  const secrets = secretValues(env);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Go Doctor: ${fix.title}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let downloaded = 0;
      const onOutput = (chunk: string): void => {
        for (const line of chunk.split("\n")) {
          const text = redactText(line.trim(), secrets);
          if (!text) continue;
          deps.log.info(`  ${text}`);
          if (/^go: downloading /.test(text)) downloaded++;
          progress.report({ message: downloaded > 0 ? `${downloaded} downloaded — ${text}` : text });
        }
      };
      try {
        // `go install` of gopls compiles for minutes on a small machine.
        const r = await applyRunFix(fix, env, { onOutput, signal: abort.signal, timeoutMs: 15 * 60_000 });
        const command = redactText(fix.argv.join(" "), secrets);
        const line = `$ ${command}${fix.cwd ? ` (in ${path.basename(fix.cwd)})` : ""} → ${outcome(r)} in ${Math.round(r.durationMs)} ms`;
        if (r.exitCode === 0) deps.log.info(line);
        else deps.log.warn(`${line}\n${redactText(r.stderr.trim(), secrets)}`);
        return r.exitCode === 0;
      } finally {
        sub.dispose();
      }
    },
  );
}

/** JSON with object keys sorted, so that equal settings compare equal whatever their key order. */
function canonical(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) =>
      x && typeof x === "object" && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
        : x,
    ) ?? "undefined"
  );
}
