// Cheap facts about Go source directories without running go: the package a
// directory declares (from each file's package clause), whether it is a main
// package, and a bounded search for main packages to suggest as `program`.

import * as fs from "node:fs/promises";
import * as path from "node:path";
import { parseGoMod } from "./goMod";

/** Bytes of a file read to find its package clause; a header of comments is never longer. */
const HEAD_BYTES = 64 * 1024;

export interface GoFileHead {
  /** The package name, undefined when the clause cannot be found. */
  pkg?: string;
  /** `//go:build ignore` (or `// +build ignore`): the file is never part of the package. */
  ignored: boolean;
}

/** Reads the package clause after the leading comments, and whether the file is excluded with an ignore tag. */
export function parseGoFileHead(text: string): GoFileHead {
  let s = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let ignored = false;
  for (;;) {
    s = s.replace(/^\s+/, "");
    if (s.startsWith("//")) {
      const end = s.indexOf("\n");
      const line = end < 0 ? s : s.slice(0, end);
      if (/^\/\/go:build\s+ignore\s*$/.test(line.trimEnd()) || /^\/\/\s*\+build\s+ignore\s*$/.test(line.trimEnd()))
        ignored = true;
      if (end < 0) return { ignored };
      s = s.slice(end + 1);
    } else if (s.startsWith("/*")) {
      const end = s.indexOf("*/", 2);
      if (end < 0) return { ignored };
      s = s.slice(end + 2);
    } else {
      break;
    }
  }
  const m = /^package\s+([\p{L}_][\p{L}\p{N}_]*)/u.exec(s);
  return m ? { pkg: m[1], ignored } : { ignored };
}

async function readHead(file: string): Promise<string | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, "r");
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return buf.toString("utf8", 0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export async function goFilePackage(file: string): Promise<GoFileHead | undefined> {
  const text = await readHead(file);
  return text === undefined ? undefined : parseGoFileHead(text);
}

export interface DirPackage {
  /** Non-test .go files the go command would look at (not _*, .*, or ignore-tagged). */
  goFiles: string[];
  testFiles: string[];
  /** Package names declared by goFiles, sorted, without duplicates. */
  packages: string[];
}

function isSourceName(name: string): boolean {
  return name.endsWith(".go") && !name.startsWith("_") && !name.startsWith(".");
}

export async function readDirPackage(dir: string): Promise<DirPackage | undefined> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const goFiles: string[] = [];
  const testFiles: string[] = [];
  const packages = new Set<string>();
  for (const e of entries) {
    if (!(e.isFile() || e.isSymbolicLink()) || !isSourceName(e.name)) continue;
    if (e.name.endsWith("_test.go")) {
      testFiles.push(e.name);
      continue;
    }
    const head = await goFilePackage(path.join(dir, e.name));
    if (head === undefined || head.ignored) continue;
    goFiles.push(e.name);
    if (head.pkg !== undefined) packages.add(head.pkg);
  }
  return { goFiles: goFiles.sort(), testFiles: testFiles.sort(), packages: [...packages].sort() };
}

const SKIP_DIRS = new Set(["vendor", "node_modules", "testdata"]);

/**
 * Directories under `root` (root first, then breadth-first) that hold a main package,
 * looking at most `maxDepth` levels down and `maxDirs` directories in all.
 */
export async function findMainPackages(root: string, limit = 5, maxDepth = 4, maxDirs = 2000): Promise<string[]> {
  const found: string[] = [];
  let queue: string[] = [root];
  let visited = 0;
  for (let depth = 0; depth <= maxDepth && queue.length > 0 && found.length < limit; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (visited++ >= maxDirs || found.length >= limit) break;
      const pkg = await readDirPackage(dir);
      if (pkg?.packages.includes("main")) found.push(dir);
      let entries: import("node:fs").Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (e.isDirectory() && !e.name.startsWith(".") && !e.name.startsWith("_") && !SKIP_DIRS.has(e.name)) {
          next.push(path.join(dir, e.name));
        }
      }
    }
    queue = next.sort();
  }
  return found;
}

/**
 * The directory under `root` whose go.mod declares `modulePath` (root itself first,
 * then breadth-first, bounded like findMainPackages).
 */
export async function findModuleRoot(
  root: string,
  modulePath: string,
  maxDepth = 3,
  maxDirs = 500,
): Promise<string | undefined> {
  let queue: string[] = [root];
  let visited = 0;
  for (let depth = 0; depth <= maxDepth && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (visited++ >= maxDirs) return undefined;
      const gomod = await fs.readFile(path.join(dir, "go.mod"), "utf8").catch(() => undefined);
      if (gomod !== undefined && parseGoMod(gomod).module === modulePath) return dir;
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (e.isDirectory() && !e.name.startsWith(".") && !e.name.startsWith("_") && !SKIP_DIRS.has(e.name)) {
          next.push(path.join(dir, e.name));
        }
      }
    }
    queue = next.sort();
  }
  return undefined;
}
