// Typed reading of Go Doctor's settings and of the go.* settings it shares with
// the Go extension. In an untrusted workspace, settings that name programs or
// change the tools' environment come from the user's settings only.

import * as vscode from "vscode";
import { z } from "zod";
import type { Finding } from "../core/model";
import type { EditorSettings } from "../core/types";

export type LanguageServerMode = "auto" | "always" | "never";

export interface DoctorConfig {
  shellEnabled: boolean;
  shellTimeoutMs: number;
  languageServer: LanguageServerMode;
  debugGate: boolean;
  statusBarVisible: boolean;
}

export function readDoctorConfig(): DoctorConfig {
  const c = vscode.workspace.getConfiguration("goDoctor");
  const timeout = Number(c.get<unknown>("shell.timeoutMs", 10_000));
  const mode = c.get<unknown>("languageServer", "auto");
  return {
    shellEnabled: c.get<unknown>("shell.enabled", true) !== false,
    shellTimeoutMs: Number.isFinite(timeout) ? Math.min(120_000, Math.max(500, timeout)) : 10_000,
    languageServer: mode === "always" || mode === "never" ? mode : "auto",
    debugGate: c.get<unknown>("debugGate.enabled", true) !== false,
    statusBarVisible: c.get<unknown>("statusBar.visible", true) !== false,
  };
}

const stringRecord = z.record(z.string(), z.string());
const optionalString = z.string().nullish();
const schemas = {
  goroot: optionalString,
  alternateTools: stringRecord.nullish(),
  toolsEnvVars: stringRecord.nullish(),
  toolsGopath: optionalString,
} as const;

type Key = keyof typeof schemas;
const KEYS = Object.keys(schemas) as Key[];

export interface GoSettingsResult {
  settings: EditorSettings;
  /** GD070 for a value of the wrong type, info for workspace values ignored in Restricted Mode. */
  findings: Finding[];
  ignored: string[];
}

export function readGoSettings(scope: vscode.Uri | undefined, trusted: boolean): GoSettingsResult {
  const c = vscode.workspace.getConfiguration("go", scope);
  const settings: EditorSettings = {};
  const findings: Finding[] = [];
  const ignored: string[] = [];
  for (const key of KEYS) {
    const i = c.inspect<unknown>(key);
    if (!i) continue;
    const fromWorkspace = i.workspaceFolderValue ?? i.workspaceValue;
    if (!trusted && fromWorkspace !== undefined) ignored.push(`go.${key}`);
    const value = trusted ? (fromWorkspace ?? i.globalValue ?? i.defaultValue) : (i.globalValue ?? i.defaultValue);
    const parsed = schemas[key].safeParse(value);
    if (!parsed.success) {
      findings.push({ code: "GD070", severity: "warning", message: `The setting go.${key} has the wrong type (${parsed.error.issues[0]?.message ?? "invalid"}); Go Doctor ignores it.` });
      continue;
    }
    const v = parsed.data;
    if (v === null || v === undefined || v === "") continue;
    if (typeof v === "object" && Object.keys(v).length === 0) continue;
    if (key === "goroot" || key === "toolsGopath") settings[key] = v as string;
    else settings[key] = v as Record<string, string>;
  }
  if (ignored.length > 0) {
    findings.push({
      code: "GD070",
      severity: "info",
      message: `This workspace is not trusted, so its ${ignored.join(", ")} ${ignored.length === 1 ? "setting is" : "settings are"} ignored: nothing they name is run. Trust the workspace to use ${ignored.length === 1 ? "it" : "them"}.`,
    });
  }
  return { settings, findings, ignored };
}

/** go.useLanguageServer, from trusted sources only when untrusted. */
export function goExtensionRunsGopls(scope: vscode.Uri | undefined): boolean {
  return vscode.workspace.getConfiguration("go", scope).get<unknown>("useLanguageServer", true) !== false;
}
