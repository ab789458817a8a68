// The status bar item `goDoctor.readiness`, drawn by renderStatus from the readiness state.

import * as vscode from "vscode";
import type { ReadinessState } from "../core/readiness/readiness";
import { renderStatus, type StatusContext } from "./statusRender";

const TOOLTIP_COMMANDS = ["goDoctor.showReport", "goDoctor.fixEnvironment", "goDoctor.recheck", "goDoctor.openLog"];

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("goDoctor.readiness", vscode.StatusBarAlignment.Left, 100);

  constructor(private readonly context: () => StatusContext) {
    this.item.name = "Go Doctor";
    this.item.command = { title: "Show Report", command: "goDoctor.showReport" };
  }

  render(s: ReadinessState): void {
    const view = renderStatus(s, this.context());
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = { enabledCommands: TOOLTIP_COMMANDS };
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: view.ariaLabel, role: "button" };
    this.item.backgroundColor = view.background
      ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`)
      : undefined;
  }

  visible(show: boolean): void {
    if (show) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
