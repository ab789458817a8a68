// The folders `go-doctor` diagnoses: the arguments, each a folder or a
// `.code-workspace` file (JSON with comments) whose folders are read from it,
// as VS Code opens a multi-root workspace.

import * as fs from "node:fs";
import * as path from "node:path";
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import * as z from "../core/base/zod";
import type { NamedFolder } from "../core/diagnosis/workspace";

export type { NamedFolder };

const workspaceFileSchema = z.object({
  folders: z.array(z.object({ path: z.string(), name: z.optional(z.string()) })),
});

/** The folders named by the arguments (the current folder when there are none), or why they cannot be used. */
export function resolveFolders(args: readonly string[], cwd: string): { folders: NamedFolder[] } | { error: string } {
  const folders: NamedFolder[] = [];
  for (const arg of args.length > 0 ? args : ["."]) {
    const full = path.resolve(cwd, arg);
    if (full.endsWith(".code-workspace")) {
      const read = readWorkspaceFile(full);
      if ("error" in read) return read;
      folders.push(...read.folders);
      continue;
    }
    if (!isDirectory(full)) return { error: `${full} is not a folder` };
    folders.push({ name: path.basename(full), path: full });
  }
  // The same folder twice (given and in a workspace file) is diagnosed once.
  return { folders: folders.filter((f, i) => folders.findIndex((g) => g.path === f.path) === i) };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readWorkspaceFile(file: string): { folders: NamedFolder[] } | { error: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    return { error: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  const errors: ParseError[] = [];
  const json: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const first = errors[0];
    const line = text.slice(0, first.offset).split("\n").length;
    return { error: `${file} is not valid JSON (${printParseErrorCode(first.error)} on line ${line})` };
  }
  const parsed = workspaceFileSchema.safeParse(json);
  if (!parsed.success) return { error: `${file} has no "folders" list of {"path": …} entries` };
  const dir = path.dirname(file);
  const folders: NamedFolder[] = [];
  for (const f of parsed.data.folders) {
    const full = path.resolve(dir, f.path);
    if (!isDirectory(full)) return { error: `${file} names ${f.path}, which is not a folder` };
    folders.push({ name: f.name ?? path.basename(full), path: full });
  }
  if (folders.length === 0) return { error: `${file} lists no folders` };
  return { folders };
}
