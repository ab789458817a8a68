// Entry point of the Go Doctor extension (bundled by esbuild into dist/extension.js).
import * as vscode from "vscode";

export function activate(context: vscode.ExtensionContext): void {
  const item = vscode.window.createStatusBarItem("goDoctor.readiness", vscode.StatusBarAlignment.Left, 100);
  item.name = "Go Doctor";
  item.text = "$(loading~spin) Go";
  item.show();
  context.subscriptions.push(item);
}

export function deactivate(): void {}
