// Comment-preserving edits of JSONC files (launch.json, settings.json,
// *.code-workspace). Only the edited node changes: comments, formatting, line
// endings and a byte-order mark survive; a file that does not parse is never touched.

import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as jsonc from "jsonc-parser";
import type { FixAction } from "../model/findings";
import { errorMessage } from "../base/errors";

const BOM = "\uFEFF";

export const JSONC_OPTIONS: jsonc.ParseOptions = { allowTrailingComma: true, disallowComments: false };

export interface ParsedJsonc {
  /** The tree of the text without its byte-order mark; offsets refer to `body`. */
  root: jsonc.Node | undefined;
  body: string;
  bom: boolean;
  /** The first syntax error, with a 1-based line and column in `body`. */
  error?: { message: string; line: number; column: number; offset: number };
}

/** 1-based line and column of an offset; "\r\n", "\n" and "\r" each end a line, as in VS Code. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export function parseJsonc(text: string): ParsedJsonc {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(body, errors, JSONC_OPTIONS);
  const first = errors[0];
  if (first === undefined && root !== undefined) return { root, body, bom };
  if (first === undefined) {
    return { root, body, bom, error: { message: "the file is empty", line: 1, column: 1, offset: 0 } };
  }
  const { line, column } = lineColumnAt(body, first.offset);
  return {
    root,
    body,
    bom,
    error: { message: describeParseError(first.error), line, column, offset: first.offset },
  };
}

function describeParseError(code: jsonc.ParseErrorCode): string {
  const name = jsonc.printParseErrorCode(code);
  const words: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "invalid number",
    PropertyNameExpected: "property name expected",
    ValueExpected: "value expected",
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: "text after the end of the JSON value",
    InvalidCommentToken: "invalid comment",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  return words[name] ?? name;
}

/** Indentation and line ending of the existing text, so inserted text matches it. */
export function detectFormatting(body: string): jsonc.FormattingOptions {
  const eol = body.includes("\r\n") ? "\r\n" : body.includes("\r") ? "\r" : "\n";
  let insertSpaces = true;
  let tabSize = 4;
  const indents = body
    .split(/\r\n|\r|\n/)
    .map((l) => /^([ \t]+)\S/.exec(l)?.[1])
    .filter((s): s is string => s !== undefined);
  if (indents.length > 0) {
    const tabs = indents.filter((s) => s.startsWith("\t")).length;
    if (tabs > indents.length / 2) {
      insertSpaces = false;
    } else {
      const widths = indents.filter((s) => !s.includes("\t")).map((s) => s.length);
      if (widths.length > 0) tabSize = Math.max(1, Math.min(8, Math.min(...widths)));
    }
  }
  return { eol, insertSpaces, tabSize };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

export type EditResult = { ok: true; text: string } | { ok: false; reason: string };

/**
 * The jsonc-parser edits (offsets into the text without its byte-order mark) that set
 * `path` to `value`, or remove it when `value` is undefined. An empty list when the
 * file already says that. Refuses text that does not parse.
 */
export function jsoncEdits(
  text: string,
  jsonPath: (string | number)[],
  value: unknown,
): { ok: true; edits: jsonc.Edit[]; bom: boolean } | { ok: false; reason: string } {
  const parsed = parseJsonc(text);
  if (parsed.error || parsed.root === undefined) {
    const e = parsed.error;
    return {
      ok: false,
      reason: e ? `the file cannot be parsed at line ${e.line}, column ${e.column}: ${e.message}` : "the file is empty",
    };
  }
  const node = jsonc.findNodeAtLocation(parsed.root, jsonPath);
  if (value === undefined && node === undefined) return { ok: true, edits: [], bom: parsed.bom };
  if (value !== undefined && node !== undefined && deepEqual(jsonc.getNodeValue(node), value)) {
    return { ok: true, edits: [], bom: parsed.bom };
  }
  // A path through a value that is not a container cannot be created without replacing it.
  for (let i = 1; i < jsonPath.length; i++) {
    const parent = jsonc.findNodeAtLocation(parsed.root, jsonPath.slice(0, i));
    if (parent === undefined) break;
    const want = typeof jsonPath[i] === "number" ? "array" : "object";
    if (parent.type !== want) {
      return { ok: false, reason: `${formatPath(jsonPath.slice(0, i))} is a ${parent.type}, not an ${want}` };
    }
  }
  if (typeof jsonPath[jsonPath.length - 1] === "number" && node === undefined && value !== undefined) {
    return { ok: false, reason: `${formatPath(jsonPath)} does not exist` };
  }
  if (value === undefined && node !== undefined)
    return { ok: true, edits: removalEdits(parsed.body, node), bom: parsed.bom };
  let edits: jsonc.Edit[];
  try {
    edits = jsonc.modify(parsed.body, jsonPath, value, { formattingOptions: detectFormatting(parsed.body) });
  } catch (e) {
    return { ok: false, reason: errorMessage(e) };
  }
  return { ok: true, edits, bom: parsed.bom };
}

/**
 * Removes a property or array item without touching the comments around it
 * (jsonc-parser's own removal swallows everything back to the previous comma).
 * The element's whole line goes when nothing else is on it, with a trailing
 * comment on that line, which describes the element. When the element is the
 * last one and has no comma of its own, the comma before it goes too.
 */
function removalEdits(body: string, valueNode: jsonc.Node): jsonc.Edit[] {
  const element = valueNode.parent?.type === "property" ? valueNode.parent : valueNode;
  const container = element.parent;
  const siblings = container?.children ?? [element];
  const index = siblings.indexOf(element);
  let start = element.offset;
  let end = element.offset + element.length;
  const lineStart = Math.max(body.lastIndexOf("\n", start - 1), body.lastIndexOf("\r", start - 1)) + 1;
  const aloneAtStart = /^[ \t]*$/.test(body.slice(lineStart, start));
  const skipBlanks = (i: number): number => {
    while (body[i] === " " || body[i] === "\t") i++;
    return i;
  };
  let hasOwnComma = false;
  let i = skipBlanks(end);
  if (body[i] === ",") {
    hasOwnComma = true;
    end = i + 1;
    i = skipBlanks(end);
  }
  if (aloneAtStart) {
    if (body.startsWith("//", i)) {
      while (i < body.length && body[i] !== "\n" && body[i] !== "\r") i++;
    }
    if (body.startsWith("\r\n", i)) {
      start = lineStart;
      end = i + 2;
    } else if (body[i] === "\n" || body[i] === "\r") {
      start = lineStart;
      end = i + 1;
    } else if (i >= body.length) {
      start = lineStart;
      end = i;
    }
  } else if (hasOwnComma) {
    end = i;
  }
  const edits: jsonc.Edit[] = [];
  const previous = index > 0 ? siblings[index - 1] : undefined;
  if (!hasOwnComma && previous !== undefined && index === siblings.length - 1) {
    const comma = commaAfter(body, previous.offset + previous.length, element.offset);
    if (comma !== undefined) edits.push({ offset: comma, length: 1, content: "" });
  }
  edits.push({ offset: start, length: end - start, content: "" });
  return edits;
}

/** Offset of the comma token between `from` and `to`, skipping comments. */
function commaAfter(body: string, from: number, to: number): number | undefined {
  const scanner = jsonc.createScanner(body.slice(0, to), false);
  scanner.setPosition(from);
  for (let kind = scanner.scan(); kind !== jsonc.SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === jsonc.SyntaxKind.CommaToken) return scanner.getTokenOffset();
    if (
      kind !== jsonc.SyntaxKind.Trivia &&
      kind !== jsonc.SyntaxKind.LineBreakTrivia &&
      kind !== jsonc.SyntaxKind.LineCommentTrivia &&
      kind !== jsonc.SyntaxKind.BlockCommentTrivia
    )
      return undefined;
  }
  return undefined;
}

export function formatPath(jsonPath: (string | number)[]): string {
  return (
    jsonPath
      .map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`))
      .join("")
      .replace(/^\./, "") || "(root)"
  );
}

/** Sets `path` to `value` (undefined removes it), keeping everything outside that node byte-identical. */
export function applyJsoncEdit(text: string, jsonPath: (string | number)[], value: unknown): EditResult {
  const result = jsoncEdits(text, jsonPath, value);
  if (!result.ok) return result;
  if (result.edits.length === 0) return { ok: true, text };
  const body = result.bom ? text.slice(1) : text;
  const edited = jsonc.applyEdits(body, result.edits);
  const check = parseJsonc(edited);
  if (check.error) return { ok: false, reason: `the edit would leave the file unparsable (${check.error.message})` };
  return { ok: true, text: result.bom ? BOM + edited : edited };
}

/**
 * Applies a launch-file fix on disk: read, edit, write to a temporary file in the same
 * directory and rename over the original, so a crash never leaves half a file.
 * A malformed file is refused and left as it is.
 */
export async function applyLaunchFix(fix: Extract<FixAction, { kind: "launch" }>): Promise<EditResult> {
  let text: string;
  let mode: number;
  try {
    text = await fs.readFile(fix.file, "utf8");
    mode = (await fs.stat(fix.file)).mode & 0o7777;
  } catch (e) {
    return { ok: false, reason: `cannot read ${fix.file}: ${errorMessage(e)}` };
  }
  const result = applyJsoncEdit(text, fix.path, fix.value);
  if (!result.ok || result.text === text) return result;
  const temp = path.join(path.dirname(fix.file), `.${path.basename(fix.file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temp, result.text, { mode });
    await fs.rename(temp, fix.file);
  } catch (e) {
    await fs.rm(temp, { force: true });
    return { ok: false, reason: `cannot write ${fix.file}: ${errorMessage(e)}` };
  }
  return result;
}
