// Go Doctor's commands, one small function of the context each. The table is
// the whole list; package.json contributes the same ids (a test keeps them equal).

import * as os from "node:os";
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { fixEnvironment, type FixArgs } from "./fixEnvironment";
import { reportJson, writeReportFile } from "./reportFile";
import { showReportPanel } from "./reportView";
import { profileShell } from "./profileShell";
import { runDebugSmokeTest } from "./smokeTest";

type Command = (ctx: Ctx, ...args: never[]) => unknown;

async function showReport(ctx: Ctx): Promise<void> {
  const report = await ctx.reportOrWait();
  if (!report) return;
  const t = ctx.readiness.timelineSnapshot();
  showReportPanel(ctx.extension, report, t.spans, t.markers);
}

async function recheck(ctx: Ctx): Promise<unknown> {
  ctx.readiness.dispatch({ type: "recheck", reason: "Go Doctor: Re-check Environment" });
  return ctx.settled();
}

/** Programmatic use: executeCommand("goDoctor.fixEnvironment", { apply: "all" | [fix titles] }) applies without asking. */
async function fix(ctx: Ctx, args?: FixArgs): Promise<unknown> {
  await ctx.settled();
  return fixEnvironment(
    {
      machine: ctx.readiness,
      log: ctx.log,
      trusted: () => ctx.trusted(),
      goExtension: () => ctx.goExtension(),
      folder: () => ctx.folder.ws,
      env: () => ctx.toolEnv(),
      goServerRestarted: () => ctx.restarts.restarted(),
    },
    args,
  );
}

async function copyReport(ctx: Ctx): Promise<void> {
  const report = await ctx.reportOrWait();
  if (!report) return;
  await vscode.env.clipboard.writeText(reportJson(report, ctx.secretsEnv()));
  void vscode.window.showInformationMessage("Go Doctor: the report (secrets masked) is on the clipboard.");
}

/**
 * Programmatic use (tests, tasks): executeCommand("goDoctor.saveReport", "/path/report.json")
 * writes there without a dialog and resolves with the path written.
 */
async function saveReport(ctx: Ctx, target?: unknown): Promise<string | undefined> {
  const report = await ctx.reportOrWait();
  if (!report) return undefined;
  let file: string | undefined;
  if (typeof target === "string" && target !== "") file = target;
  else if (target instanceof vscode.Uri) file = target.fsPath;
  else {
    const base = ctx.folder.ws?.uri ?? vscode.Uri.file(os.homedir());
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(base, "go-doctor-report.json"),
      filters: { JSON: ["json"] },
    });
    file = uri?.fsPath;
  }
  if (!file) return undefined;
  writeReportFile(file, report, ctx.secretsEnv());
  ctx.log.info(`report saved to ${file}`);
  return file;
}

function openLog(ctx: Ctx): void {
  ctx.log.show(true);
}

async function smokeTest(ctx: Ctx): Promise<unknown> {
  await ctx.settled();
  return runDebugSmokeTest({ machine: ctx.readiness, log: ctx.log, run: ctx.run, env: () => ctx.toolEnv() });
}

function profileLoginShell(ctx: Ctx): Promise<unknown> {
  return profileShell({ log: ctx.log, config: () => ctx.config });
}

export const COMMANDS: Record<string, Command> = {
  "goDoctor.showReport": showReport,
  "goDoctor.recheck": recheck,
  "goDoctor.fixEnvironment": fix,
  "goDoctor.copyReport": copyReport,
  "goDoctor.saveReport": saveReport,
  "goDoctor.openLog": openLog,
  "goDoctor.smokeTest": smokeTest,
  "goDoctor.profileShell": profileLoginShell,
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, command] of Object.entries(COMMANDS))
    ctx.subscribe(vscode.commands.registerCommand(id, (...args: never[]) => command(ctx, ...args)));
}
