// Typed reading of Go Doctor's settings and of the go.* settings it shares with
// the Go extension. In an untrusted workspace, settings that name programs or
// change the tools' environment come from the user's settings only.

import * as vscode from "vscode";
import { finding } from "../core/model/findings";
import type { Finding } from "../core/model/findings";
import type { EditorSettings } from "../core/model/facts";
import { DEFAULT_SLOW_SHELL_MS } from "../core/shell/slowShell";

/** Settings whose change makes the environment worth diagnosing again. */
const RECHECK_KEYS = [
  "goDoctor.shell",
  "goDoctor.extensionHost",
  "goDoctor.languageServer",
  "goDoctor.debugGate",
  "go.goroot",
  "go.alternateTools",
  "go.toolsEnvVars",
  "go.toolsGopath",
  "go.useLanguageServer",
] as const;

/** The re-check keys a configuration change touches (none: no re-check). */
export function recheckKeys(e: vscode.ConfigurationChangeEvent): string[] {
  return RECHECK_KEYS.filter((k) => e.affectsConfiguration(k));
}

export type LanguageServerMode = "auto" | "always" | "never";

export interface DoctorConfig {
  shellEnabled: boolean;
  shellTimeoutMs: number;
  /** GD004: a capture slower than this is profiled. */
  slowThresholdMs: number;
  languageServer: LanguageServerMode;
  debugGate: boolean;
  statusBarVisible: boolean;
}

export function readDoctorConfig(): DoctorConfig {
  const c = vscode.workspace.getConfiguration("goDoctor");
  const timeout = Number(c.get<unknown>("shell.timeoutMs", 10_000));
  const mode = c.get<unknown>("languageServer", "auto");
  const slow = Number(c.get<unknown>("shell.slowThresholdMs", DEFAULT_SLOW_SHELL_MS));
  return {
    shellEnabled: c.get<unknown>("shell.enabled", true) !== false,
    shellTimeoutMs: Number.isFinite(timeout) ? Math.min(120_000, Math.max(500, timeout)) : 10_000,
    slowThresholdMs: Number.isFinite(slow) ? Math.min(120_000, Math.max(0, slow)) : DEFAULT_SLOW_SHELL_MS,
    languageServer: mode === "always" || mode === "never" ? mode : "auto",
    debugGate: c.get<unknown>("debugGate.enabled", true) !== false,
    statusBarVisible: c.get<unknown>("statusBar.visible", true) !== false,
  };
}

/** The two shapes these settings have; anything else is reported, not guessed at. */
type Shape = "string" | "stringRecord";
const SHAPES = {
  goroot: "string",
  alternateTools: "stringRecord",
  toolsEnvVars: "stringRecord",
  toolsGopath: "string",
} as const satisfies Record<string, Shape>;
type Key = keyof typeof SHAPES;
const KEYS = Object.keys(SHAPES) as Key[];

/** undefined: unset or empty; null: wrong type. */
function parseSetting(shape: Shape, v: unknown): string | Record<string, string> | undefined | null {
  if (v === undefined || v === null || v === "") return undefined;
  if (shape === "string") return typeof v === "string" ? v : null;
  if (typeof v !== "object" || Array.isArray(v)) return null;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.some(([, x]) => typeof x !== "string")) return null;
  return entries.length > 0 ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

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
    const parsed = parseSetting(SHAPES[key], value);
    if (parsed === null) {
      findings.push(
        finding(
          "GD070",
          `The setting go.${key} should be ${SHAPES[key] === "string" ? "a string" : "an object of strings"}; Go Doctor ignores it.`,
        ),
      );
      continue;
    }
    if (parsed === undefined) continue;
    if (key === "goroot" || key === "toolsGopath") {
      if (typeof parsed === "string") settings[key] = parsed;
    } else if (typeof parsed === "object") {
      settings[key] = parsed;
    }
  }
  if (ignored.length > 0) {
    findings.push(
      finding(
        "GD070",
        `This workspace is not trusted, so its ${ignored.join(", ")} ${ignored.length === 1 ? "setting is" : "settings are"} ignored: nothing they name is run. Trust the workspace to use ${ignored.length === 1 ? "it" : "them"}.`,
        { severity: "info" },
      ),
    );
  }
  return { settings, findings, ignored };
}

/** go.useLanguageServer, from trusted sources only when untrusted. */
export function goExtensionRunsGopls(scope: vscode.Uri | undefined): boolean {
  return vscode.workspace.getConfiguration("go", scope).get<unknown>("useLanguageServer", true) !== false;
}
