// A small reader for go.mod and go.work, and the file search the go command
// does to find them. The `go` and `toolchain` lookups mirror the go command's
// own lax line scan (cmd/go/internal/gover.GoModLookup), because that scan,
// not a full parse, is what decides a toolchain switch.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Bytes read from a go.mod or go.work; anything longer is not a file the go command writes. */
const MAX_FILE = 4 * 1024 * 1024;

export interface ModRequire {
  path: string;
  version: string;
  indirect: boolean;
}

export interface ModReplace {
  from: string;
  fromVersion?: string;
  to: string;
  toVersion?: string;
}

export interface GoModFile {
  /** `module` path; undefined for a go.work. */
  module?: string;
  /** `go` line value as the go command reads it, e.g. "1.22" or "1.22.3". */
  go?: string;
  /** 1-based line of the `go` line, for findings that point at it. */
  goLine?: number;
  /** `toolchain` line value, e.g. "go1.23.1" or "default". */
  toolchain?: string;
  toolchainLine?: number;
  requires: ModRequire[];
  replaces: ModReplace[];
  /** go.work `use` directories, as written. */
  uses: string[];
  /** `tool` directives (Go 1.24+): the package path and its 1-based line. */
  tools: { path: string; line: number }[];
}

/** The value of the first `key` line, exactly as the go command's GoModLookup finds it. */
export function goModLookup(text: string, key: string): { value: string; line: number } | undefined {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line.startsWith(key)) continue;
    const rest = line.slice(key.length);
    if (rest.length === 0 || (rest[0] !== " " && rest[0] !== "\t")) continue;
    const cut = rest.indexOf("//");
    return { value: (cut >= 0 ? rest.slice(0, cut) : rest).trim(), line: i + 1 };
  }
  return undefined;
}

/** Splits a go.mod line into fields, honouring quoted strings and dropping a trailing comment. */
function fields(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let i = 0;
  let comment = "";
  while (i < line.length) {
    const c = line[i];
    if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (line.startsWith("//", i)) {
      comment = line.slice(i + 2).trim();
      break;
    } else if (c === '"' || c === "`") {
      let j = i + 1;
      let word = "";
      while (j < line.length && line[j] !== c) {
        if (c === '"' && line[j] === "\\" && j + 1 < line.length) j++;
        word += line[j];
        j++;
      }
      words.push(word);
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && !" \t\r".includes(line[j]) && !line.startsWith("//", j)) j++;
      words.push(line.slice(i, j));
      i = j;
    }
  }
  return { words, comment };
}

/**
 * Reads the directives Go Doctor needs from go.mod or go.work text. Never throws:
 * a line it does not understand is skipped, as the checks only need what is there.
 */
export function parseGoMod(text: string): GoModFile {
  const out: GoModFile = { requires: [], replaces: [], uses: [], tools: [] };
  const src = text.length > MAX_FILE ? text.slice(0, MAX_FILE) : text;
  const go = goModLookup(src, "go");
  if (go) {
    out.go = go.value;
    out.goLine = go.line;
  }
  const tc = goModLookup(src, "toolchain");
  if (tc) {
    out.toolchain = tc.value;
    out.toolchainLine = tc.line;
  }
  let block: string | undefined;
  for (const [i, raw] of src.split("\n").entries()) {
    const { words, comment } = fields(raw);
    if (words.length === 0) continue;
    if (block !== undefined) {
      if (words[0] === ")") {
        block = undefined;
        continue;
      }
      directive(out, block, words, comment, i + 1);
      continue;
    }
    const [verb, ...args] = words;
    if (args.length === 1 && args[0] === "(") {
      block = verb;
      continue;
    }
    if (verb === "module" && args[0] !== undefined) out.module = args[0];
    else directive(out, verb, args, comment, i + 1);
  }
  return out;
}

function directive(out: GoModFile, verb: string, args: string[], comment: string, line: number): void {
  if (verb === "require" && args.length >= 2) {
    out.requires.push({ path: args[0], version: args[1], indirect: /^indirect\b/.test(comment) });
  } else if (verb === "replace") {
    const arrow = args.indexOf("=>");
    if (arrow < 1 || arrow > 2 || args.length < arrow + 2) return;
    const r: ModReplace = { from: args[0], to: args[arrow + 1] };
    if (arrow === 2) r.fromVersion = args[1];
    if (args[arrow + 2] !== undefined) r.toVersion = args[arrow + 2];
    out.replaces.push(r);
  } else if (verb === "use" && args[0] !== undefined) {
    out.uses.push(args[0]);
  } else if (verb === "tool" && args[0] !== undefined) {
    out.tools.push({ path: args[0], line });
  }
}

function isRelativeFsPath(p: string): boolean {
  return (
    p === "." || p === ".." || p.startsWith("./") || p.startsWith("../") || p.startsWith(".\\") || p.startsWith("..\\")
  );
}

/**
 * go.work text with every relative `use` directory and `replace` target made
 * absolute against dir, so that a copy elsewhere (GOWORK=<copy>) means the same
 * workspace while its go.work.sum is written next to the copy.
 */
export function absolutizeGoWork(text: string, dir: string): string {
  let block: string | undefined;
  return text
    .split("\n")
    .map((raw) => {
      const { words, comment } = fields(raw);
      if (words.length === 0) return raw;
      let verb: string | undefined;
      let args: string[];
      if (block !== undefined) {
        if (words[0] === ")") {
          block = undefined;
          return raw;
        }
        verb = block;
        args = words;
      } else if (words.length === 2 && words[1] === "(") {
        block = words[0];
        return raw;
      } else {
        [verb, ...args] = words;
      }
      const abs = (p: string): string => JSON.stringify(isRelativeFsPath(p) ? path.resolve(dir, p) : p);
      const tail = comment ? ` // ${comment}` : "";
      const lead = block !== undefined ? "\t" : `${verb} `;
      if (verb === "use" && args.length >= 1) return `${lead}${abs(args[0])}${tail}`;
      if (verb === "replace") {
        const arrow = args.indexOf("=>");
        if (arrow >= 1 && args.length > arrow + 1) {
          const target = args[arrow + 1];
          const rest = args.slice(arrow + 2);
          return `${lead}${[...args.slice(0, arrow), "=>", abs(target), ...rest].join(" ")}${tail}`;
        }
      }
      return raw;
    })
    .join("\n");
}

export interface FoundModFile {
  /** "go.work" when workspace mode decides the toolchain, else "go.mod". */
  kind: "go.work" | "go.mod";
  file: string;
  parsed: GoModFile;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The nearest go.mod at or above dir, ignoring one directly in the temp dir (as the go command does). */
export function findGoMod(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const f = path.join(d, "go.mod");
    if (isFile(f)) return path.resolve(d) === path.resolve(os.tmpdir()) ? undefined : f;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** The go.work the go command would use from dir, given GOWORK ("", "auto", "off" or a path). */
export function findGoWork(dir: string, gowork: string | undefined, goroot?: string): string | undefined {
  if (gowork === "off") return undefined;
  if (gowork && gowork !== "auto") return path.isAbsolute(gowork) && isFile(gowork) ? gowork : undefined;
  let d = path.resolve(dir);
  for (;;) {
    const f = path.join(d, "go.work");
    if (isFile(f)) return f;
    const up = path.dirname(d);
    if (up === d || (goroot !== undefined && up === path.resolve(goroot))) return undefined;
    d = up;
  }
}

/** Reads the file that decides the `go`/`toolchain` requirement for dir: go.work first, then go.mod. */
export function readModFile(dir: string, gowork: string | undefined, goroot?: string): FoundModFile | undefined {
  const work = findGoWork(dir, gowork, goroot);
  const file = work ?? findGoMod(dir);
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  return { kind: work ? "go.work" : "go.mod", file, parsed: parseGoMod(text) };
}
