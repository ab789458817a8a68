// The VS Code variables a launch configuration may use, resolved where Go Doctor
// can know them; the rest (${input:…}, ${command:…}, ${config:…}) stay unresolved
// so that checks skip them instead of guessing.

import * as os from "node:os";
import * as path from "node:path";
import type { Env } from "../base/envPath";

export interface VariableContext {
  /** The workspace folder: ${workspaceFolder}, and the base of relative paths. */
  folder: string;
  /** The active editor's file: ${file}, ${fileDirname}, … */
  activeFile?: string;
  /** For ${env:NAME}; process.env when absent. */
  env?: Env;
}

export type Substituted = { value: string } | { unresolved: string };

export function substitute(value: string, ctx: VariableContext): Substituted {
  const file = ctx.activeFile;
  const env = ctx.env ?? process.env;
  let unresolved: string | undefined;
  const out = value.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    const known: Record<string, string | undefined> = {
      workspaceFolder: ctx.folder,
      workspaceRoot: ctx.folder,
      workspaceFolderBasename: path.basename(ctx.folder),
      userHome: os.homedir(),
      pathSeparator: path.sep,
      "/": path.sep,
      file,
      fileDirname: file && path.dirname(file),
      fileBasename: file && path.basename(file),
      fileBasenameNoExtension: file && path.basename(file, path.extname(file)),
      fileExtname: file && path.extname(file),
      relativeFile: file && path.relative(ctx.folder, file),
      relativeFileDirname: file && path.relative(ctx.folder, path.dirname(file)),
      fileWorkspaceFolder: file && ctx.folder,
    };
    let v = Object.prototype.hasOwnProperty.call(known, name) ? known[name] : undefined;
    // VS Code substitutes an unset variable with the empty string.
    if (name.startsWith("env:")) v = env[name.slice(4)] ?? "";
    if (v === undefined) unresolved ??= whole;
    return v ?? whole;
  });
  return unresolved === undefined ? { value: out } : { unresolved };
}

/**
 * A path attribute as the Go extension reads it: variables substituted, a leading
 * ~ expanded, and a relative path taken relative to the workspace folder.
 */
export function resolveLaunchPath(value: string, ctx: VariableContext): { path: string } | { unresolved: string } {
  const r = substitute(value, ctx);
  if ("unresolved" in r) return r;
  const home = r.value === "~" || r.value.startsWith("~/") ? os.homedir() + r.value.slice(1) : r.value;
  return { path: path.resolve(ctx.folder, home) };
}
