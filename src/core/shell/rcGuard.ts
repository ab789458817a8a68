// The fix for a slow rc line, as data: the same line, skipped while an editor
// resolves the environment (VS Code sets VSCODE_RESOLVING_ENVIRONMENT, and
// Go Doctor sets it during its capture too). Planning only reads; applying
// happens when the user has confirmed, re-checks the file, backs it up, and
// replaces it in one rename. Lines the edit could break are refused.

import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { setsGoVariable } from "./profileParse";
import { profileMethod } from "./profiler";

export const GUARD_VAR = "VSCODE_RESOLVING_ENVIRONMENT";

type Syntax = "posix" | "fish" | "csh";

export interface GuardEdit {
  ok: true;
  /** The file as given (it may be a symlink; the edit goes to its target). */
  file: string;
  line: number;
  original: string;
  /** The lines that replace the original line. */
  replacement: string[];
  /** Set when the line sets PATH or a GO* variable: skipping it would hide it from the editor. */
  warning?: string;
  /** The whole file when the edit was planned: applying refuses if it changed since. */
  before: string;
}
export type GuardPlan = GuardEdit | { ok: false; message: string };

function syntaxOf(shell: string): Syntax | undefined {
  switch (profileMethod(shell)) {
    case "bash-xtrace":
    case "zsh-xtrace":
      return "posix";
    case "fish-profile":
      return "fish";
    case "csh-files":
      return "csh";
    case "posix-files":
      return /^(sh|dash|ash|ksh|mksh|yash)$/.test(path.basename(shell).replace(/^-/, "")) ? "posix" : undefined;
  }
}

const BLOCK_WORDS: Record<Syntax, RegExp> = {
  posix:
    /^(?:if|then|else|elif|fi|for|while|until|do|done|case|esac|function|select|\{|\}|\(|\)|;;)(?:\s|$|;)|^[\w.-]+\s*\(\)/,
  fish: /^(?:if|else|end|for|while|function|switch|case|begin|and|or)(?:\s|$|;)/,
  csh: /^(?:if|else|endif|foreach|end|while|switch|case|endsw|breaksw|default|alias)(?:\s|$|:|\()/,
};
/** A line ending like this continues on the next one. */
const OPENS_NEXT = /(?:\\|\||&&|\{|\(|\bdo|\bthen|\bin)\s*$/;
/** One simple command with nothing the one-line guard could change the meaning of. */
const SIMPLE = /^[^#;&|<>`\\(){}]*$/;

function refuse(file: string, line: number, why: string): GuardPlan {
  return { ok: false, message: `GD004: Go Doctor cannot guard ${file}:${line}: ${why}. Edit the line by hand.` };
}

function guarded(syntax: Syntax, indent: string, code: string): string[] {
  const simple = SIMPLE.test(code) && !/\s&\s*$/.test(code);
  switch (syntax) {
    case "posix":
      return simple
        ? [`${indent}[ -n "$${GUARD_VAR}" ] || ${code}`]
        : [`${indent}if [ -z "$${GUARD_VAR}" ]; then`, `${indent}  ${code}`, `${indent}fi`];
    case "fish":
      return simple
        ? [`${indent}set -q ${GUARD_VAR}; or ${code}`]
        : [`${indent}if not set -q ${GUARD_VAR}`, `${indent}    ${code}`, `${indent}end`];
    case "csh":
      return simple
        ? [`${indent}if ( ! $?${GUARD_VAR} ) ${code}`]
        : [`${indent}if ( ! $?${GUARD_VAR} ) then`, `${indent}  ${code}`, `${indent}endif`];
  }
}

/** Whether line index `target` sits inside a here-document opened above it. */
function inHereDoc(lines: readonly string[], target: number): boolean {
  let end: { word: string; tabs: boolean } | undefined;
  for (let i = 0; i < target; i++) {
    if (end) {
      if ((end.tabs ? lines[i].replace(/^\t+/, "") : lines[i]) === end.word) end = undefined;
      continue;
    }
    const m = /<<(-?)\s*(['"]?)([A-Za-z_][\w]*)\2/.exec(lines[i]);
    if (m) end = { word: m[3], tabs: m[1] === "-" };
  }
  return end !== undefined;
}

export function planGuard(input: { file: string; line: number; shell: string; setsGoVar?: boolean }): GuardPlan {
  const { file, line } = input;
  const syntax = syntaxOf(input.shell);
  if (!syntax) return refuse(file, line, `it does not know how ${path.basename(input.shell)} would read the guard`);
  if (!Number.isInteger(line) || line < 1) return refuse(file, line, "that is not a line number");
  let bytes: Buffer;
  try {
    if (!fs.statSync(file).isFile()) return refuse(file, line, "it is not a regular file");
    bytes = fs.readFileSync(file);
  } catch (e) {
    return refuse(file, line, `it cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const before = bytes.toString("utf8");
  if (bytes.includes(0) || !Buffer.from(before, "utf8").equals(bytes))
    return refuse(file, line, "the file is not UTF-8 text");
  const lines = before.split(/\r?\n/);
  if (line > lines.length || (line === lines.length && lines[line - 1] === ""))
    return refuse(file, line, `the file has only ${before.endsWith("\n") ? lines.length - 1 : lines.length} lines`);
  const original = lines[line - 1];
  const code = original.trim();
  const indent = /^\s*/.exec(original)![0];
  if (code === "" || code.startsWith("#")) return refuse(file, line, "the line is blank or a comment");
  if (code.includes(GUARD_VAR)) return refuse(file, line, "the line already checks " + GUARD_VAR);
  if (line > 1 && /\\\s*$/.test(lines[line - 2])) return refuse(file, line, "the line continues the one above it");
  if (OPENS_NEXT.test(code) || BLOCK_WORDS[syntax].test(code))
    return refuse(file, line, "the line opens, closes or continues a block");
  if (syntax !== "fish" && (code.includes("<<") || inHereDoc(lines, line - 1)))
    return refuse(file, line, "the line is part of a here-document");
  const warning =
    input.setsGoVar || setsGoVariable(code)
      ? "This line sets PATH or a GO variable the Go tools may need: skipping it would hide them from the editor. Load the slow part lazily instead (a function that sources it on first use), and keep the PATH/GO* lines unguarded."
      : undefined;
  return { ok: true, file, line, original, replacement: guarded(syntax, indent, code), warning, before };
}

/** The edit on one line, for a fix in the text report. */
export function describeGuardInline(edit: GuardEdit, shown = edit.file): string {
  const code = (l: string): string => `\`${l.trim()}\``;
  const lines = edit.replacement.map(code);
  return `In ${shown}, replace line ${edit.line}, ${code(edit.original)}, with ${lines.length === 1 ? lines[0] : `${lines.length} lines: ${lines.join(" / ")}`}.`;
}

/** The edit as a diff, for a confirmation prompt. */
export function describeGuard(edit: GuardEdit, shown = edit.file): string {
  return `In ${shown}, line ${edit.line}:\n- ${edit.original}\n${edit.replacement.map((l) => `+ ${l}`).join("\n")}`;
}

export type GuardResult = { ok: true; file: string; backup: string } | { ok: false; message: string };

/** Applies a planned guard. Call only after the user confirmed the edit shown by describeGuard. */
export function applyGuard(edit: GuardEdit): GuardResult {
  let target: string;
  let current: string;
  let mode: number;
  try {
    target = fs.realpathSync(edit.file);
    current = fs.readFileSync(target, "utf8");
    mode = fs.statSync(target).mode & 0o7777;
  } catch (e) {
    return {
      ok: false,
      message: `GD004: ${edit.file} cannot be read any more (${(e as Error).message}); nothing changed.`,
    };
  }
  if (current !== edit.before)
    return {
      ok: false,
      message: `GD004: ${edit.file} changed since Go Doctor read it; nothing changed. Profile again.`,
    };
  const eol = current.includes("\r\n") ? "\r\n" : "\n";
  const lines = current.split(/\r?\n/);
  lines.splice(edit.line - 1, 1, ...edit.replacement);
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  const backup = `${target}.go-doctor-${stamp}.bak`;
  const tmp = `${target}.go-doctor-${randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.copyFileSync(target, backup, fs.constants.COPYFILE_EXCL);
    fs.writeFileSync(tmp, lines.join(eol), { mode, flag: "wx" });
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    return { ok: false, message: `GD004: could not write ${edit.file} (${(e as Error).message}); it is unchanged.` };
  }
  return { ok: true, file: target, backup };
}
