// "Go Doctor: Run Debug Smoke Test": builds a tiny program and debugs it to a
// breakpoint with the dlv and environment the debug gate verified, showing
// each step, so "can I debug here?" has a yes or the step that breaks.

import * as vscode from "vscode";
import type { RunProcess } from "../core/base/process";
import type { Readiness } from "../core/readiness/readiness";
import type { Env } from "../core/base/envPath";

export interface SmokeDeps {
  machine: Readiness;
  log: vscode.LogOutputChannel;
  run: RunProcess;
  env: () => Env;
}

export async function runDebugSmokeTest(deps: SmokeDeps): Promise<boolean> {
  const facts = deps.machine.currentFacts();
  const dlvPath = facts.dlv?.path ?? facts.report?.tools.dlv.path;
  const goBinary = facts.go?.tool.path ?? facts.report?.tools.go.path;
  if (!dlvPath || !goBinary) {
    const missing = !goBinary ? "no go command (GD010)" : "no dlv (GD020)";
    void vscode.window
      .showErrorMessage(`Go Doctor: the debug smoke test needs go and dlv; found ${missing}.`, "Fix Environment")
      .then((c) => c && vscode.commands.executeCommand("goDoctor.fixEnvironment"));
    return false;
  }
  const { runSmokeTest } = await import("../core/dap/smokeTest.js");
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Go Doctor: debug smoke test", cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await runSmokeTest({
          dlvPath,
          goBinary,
          env: deps.env(),
          signal: abort.signal,
          runProcess: deps.run,
          onStep: (step) => {
            deps.log.info(
              `smoke test: ${step.name} ${step.ok ? "ok" : "FAILED"} in ${Math.round(step.durationMs)} ms${step.detail ? `: ${step.detail}` : ""}`,
            );
            progress.report({ message: `${step.name} ${step.ok ? "✓" : "✗"}` });
          },
        });
      } finally {
        sub.dispose();
      }
    },
  );
  const steps = result.steps.map((s) => `${s.name} ${Math.round(s.durationMs)} ms`).join(", ");
  if (result.ok) {
    void vscode.window.showInformationMessage(`Go Doctor: debugging works here (dlv ${dlvPath}): ${steps}.`);
    return true;
  }
  const failed = result.steps.find((s) => !s.ok);
  const why = result.finding ? result.finding.message : (failed?.detail ?? "see the log");
  void vscode.window
    .showErrorMessage(
      `Go Doctor: the debug smoke test failed at "${failed?.name ?? "?"}": ${why}`,
      "Fix Environment",
      "Open Log",
    )
    .then(
      (c) =>
        c && vscode.commands.executeCommand(c === "Fix Environment" ? "goDoctor.fixEnvironment" : "goDoctor.openLog"),
    );
  return false;
}
