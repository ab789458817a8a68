// Small helpers over environment maps and PATH lists.

import * as path from "node:path";
import type { Env } from "./model";

export function pathEntries(env: Env): string[] {
  return (env.PATH ?? "").split(path.delimiter);
}

/** Normalises a directory for comparison (no trailing slash). */
export function normDir(dir: string): string {
  const resolved = path.resolve(dir);
  return resolved.length > 1 && resolved.endsWith(path.sep) ? resolved.slice(0, -1) : resolved;
}

export function isOnPath(dir: string, env: Env): boolean {
  const want = normDir(dir);
  return pathEntries(env).some((e) => e !== "" && path.isAbsolute(e) && normDir(e) === want);
}

/** GOPATH entries, in order, as the go command reads them. */
export function gopathEntries(gopath: string | undefined): string[] {
  return (gopath ?? "").split(path.delimiter).filter((e) => e !== "");
}

/** A copy of env without undefined values, as child_process wants it. */
export function cleanEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
