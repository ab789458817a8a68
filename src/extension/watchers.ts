// File events that make the readiness machine look again: go.mod, go.work and
// go.sum anywhere in the workspace, and new files in GOBIN and each GOPATH/bin
// (where `go install` puts a fresh dlv or gopls).

import * as vscode from "vscode";
import type { Readiness } from "../core/readiness/readiness";

export function registerWatchers(
  context: vscode.ExtensionContext,
  machine: Readiness,
  log: vscode.LogOutputChannel,
): void {
  const modules = vscode.workspace.createFileSystemWatcher("**/{go.mod,go.work,go.sum}");
  const onModule = (uri: vscode.Uri): void =>
    machine.dispatch({ type: "moduleFilesChanged", file: vscode.workspace.asRelativePath(uri) });
  context.subscriptions.push(
    modules,
    modules.onDidChange(onModule),
    modules.onDidCreate(onModule),
    modules.onDidDelete(onModule),
  );

  let watched = "";
  let binWatchers: vscode.Disposable[] = [];
  const syncBins = (dirs: readonly string[]): void => {
    const key = [...dirs].sort().join("\n");
    if (key === watched) return;
    watched = key;
    for (const d of binWatchers) d.dispose();
    binWatchers = [];
    for (const dir of dirs) {
      const w = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(dir), "*"),
        false,
        false,
        true,
      );
      const onBin = (uri: vscode.Uri): void => machine.dispatch({ type: "binChanged", file: uri.fsPath });
      binWatchers.push(w, w.onDidCreate(onBin), w.onDidChange(onBin));
    }
    if (dirs.length > 0) log.info(`watching ${dirs.join(", ")} for newly installed tools`);
  };
  context.subscriptions.push(
    machine.onDidChange((s) => syncBins(s.binDirs)),
    {
      dispose: () => {
        for (const d of binWatchers) d.dispose();
      },
    },
  );
}
