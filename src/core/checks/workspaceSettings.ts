// Reads the go.* settings of a folder's .vscode/settings.json (JSONC) for the CLI.
// Settings that name programs to run are only honoured when the folder is trusted.

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as path from "node:path";
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import * as z from "../base/zod";
import type { Finding } from "../model/findings";
import type { EditorSettings } from "../model/facts";

const stringRecord = z.record(z.string(), z.string());
const settingsSchema = z.object({
  "go.goroot": z.optional(z.string()),
  "go.alternateTools": z.optional(stringRecord),
  "go.toolsEnvVars": z.optional(stringRecord),
  "go.toolsGopath": z.optional(z.string()),
});

export interface WorkspaceSettingsResult {
  settings: EditorSettings;
  findings: Finding[];
  /** Settings present but ignored because the folder is not trusted. */
  ignored: string[];
}

export function readWorkspaceSettings(folder: string, trusted: boolean): WorkspaceSettingsResult {
  const file = path.join(folder, ".vscode", "settings.json");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return { settings: {}, findings: [], ignored: [] };
  }
  const errors: ParseError[] = [];
  const raw: unknown = parse(text.replace(/^\uFEFF/, ""), errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split("\n").length;
    return {
      settings: {},
      ignored: [],
      findings: [
        finding(
          "GD070",
          `${file} cannot be parsed (${printParseErrorCode(e.error)} at line ${line}); its go.* settings were not read.`,
          { location: { file, line } },
        ),
      ],
    };
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      settings: {},
      ignored: [],
      findings: [
        finding(
          "GD070",
          `${file}: ${issue?.path.join(".") ?? "a go.* setting"} has the wrong type (${issue?.message ?? "invalid"}); go.* settings were not read.`,
          { location: { file } },
        ),
      ],
    };
  }
  const s = parsed.data;
  const settings: EditorSettings = { toolsGopath: s["go.toolsGopath"] };
  const ignored: string[] = [];
  // These name executables or put directories on the tools' PATH: only from a trusted folder.
  const executableKeys = {
    "go.goroot": s["go.goroot"],
    "go.alternateTools": s["go.alternateTools"],
    "go.toolsEnvVars": s["go.toolsEnvVars"],
  };
  if (trusted) {
    settings.goroot = s["go.goroot"];
    settings.alternateTools = s["go.alternateTools"];
    settings.toolsEnvVars = s["go.toolsEnvVars"];
  } else {
    for (const [k, v] of Object.entries(executableKeys)) if (v !== undefined) ignored.push(k);
  }
  for (const k of Object.keys(settings) as (keyof EditorSettings)[]) if (settings[k] === undefined) delete settings[k];
  return { settings, findings: [], ignored };
}
