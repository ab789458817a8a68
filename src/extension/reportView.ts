// The report panel: one webview, shown or revealed by "Go Doctor: Show Report" and
// refreshed in place when a new diagnosis lands. The page runs no script; its
// buttons are command links limited to REPORT_COMMANDS.

import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { Report } from "../core/model/report";
import type { TimelineMarker, TimelineSpan } from "../core/readiness/timelineSvg";
import { faultDocBaseOf, REPORT_COMMANDS, renderReportHtml } from "./reportHtml";

interface Shown {
  panel: vscode.WebviewPanel;
  report: Report;
  timeline?: TimelineSpan[];
  markers?: TimelineMarker[];
  faultDocBase?: string;
}

let shown: Shown | undefined;

/**
 * Opens the report panel, or reveals the open one and shows this report in it.
 * `timeline` and `markers` are the editor's own start-up record (readinessTimeline.ts);
 * without them the page draws the report's checks and where its gates could decide.
 */
export function showReportPanel(
  context: vscode.ExtensionContext,
  report: Report,
  timeline?: TimelineSpan[],
  markers?: TimelineMarker[],
): void {
  if (shown) {
    Object.assign(shown, { report, timeline, markers });
    render(shown);
    shown.panel.reveal();
    return;
  }
  const panel = vscode.window.createWebviewPanel("goDoctor.report", "Go Doctor Report", vscode.ViewColumn.Active, {
    enableScripts: false,
    enableCommandUris: REPORT_COMMANDS,
    enableFindWidget: true,
    localResourceRoots: [],
  });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, "media", "icon.png");
  const state: Shown = { panel, report, timeline, markers, faultDocBase: faultDocBase(context) };
  shown = state;
  const themeChange = vscode.window.onDidChangeActiveColorTheme(() => render(state));
  panel.onDidDispose(() => {
    themeChange.dispose();
    if (shown === state) shown = undefined;
  });
  context.subscriptions.push(panel);
  render(state);
}

/** Shows a newer report in the open panel; does nothing when the panel is closed. */
export function updateReportPanel(report: Report, timeline?: TimelineSpan[], markers?: TimelineMarker[]): void {
  if (!shown) return;
  Object.assign(shown, { report, timeline, markers });
  render(shown);
}

function render(s: Shown): void {
  const kind = vscode.window.activeColorTheme.kind;
  const light = kind === vscode.ColorThemeKind.Light || kind === vscode.ColorThemeKind.HighContrastLight;
  s.panel.title = s.report.summary.errors ? `Go Doctor Report (${s.report.summary.errors} ✗)` : "Go Doctor Report";
  s.panel.webview.html = renderReportHtml(s.report, {
    nonce: randomBytes(16).toString("base64"),
    theme: light ? "light" : "dark",
    faultDocBase: s.faultDocBase,
    timeline: s.timeline,
    markers: s.markers,
  });
}

/** The fault page on the project's repository web site; docs/ is not packaged in the extension. */
function faultDocBase(context: vscode.ExtensionContext): string | undefined {
  return faultDocBaseOf((context.extension.packageJSON as { repository?: unknown }).repository);
}
