// Environment maps and PATH lists: no Go knowledge here.

import * as fs from "node:fs";
import * as path from "node:path";
import which from "which";

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

/** A copy of env without undefined values, as child_process wants it. */
export function cleanEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Every `name` on PATH that exists, in PATH order: the executables `which` finds,
 * plus what it silently skips — no execute bit, a directory, a broken or looping
 * symlink. Those are worth reporting: a shell answers "Permission denied" for them
 * when nothing later on PATH works.
 */
export async function lookupOnPath(name: string, env: Env): Promise<{ path: string; executable: boolean }[]> {
  const executables = new Set(
    ((await which(name, { path: env.PATH ?? "", all: true, nothrow: true })) ?? []).map((p) => path.resolve(p)),
  );
  const seen = new Set<string>();
  const out: { path: string; executable: boolean }[] = [];
  for (const dir of pathEntries(env)) {
    if (dir === "" || !path.isAbsolute(dir)) continue;
    const file = path.join(dir, name);
    if (seen.has(file)) continue;
    seen.add(file);
    if (executables.has(file)) out.push({ path: file, executable: true });
    else if (
      await fs.promises.lstat(file).then(
        () => true,
        () => false,
      )
    )
      out.push({ path: file, executable: false });
  }
  // Hits `which` made through PATHEXT (Windows) that the plain join above cannot see.
  for (const p of executables) if (!seen.has(p)) out.push({ path: p, executable: true });
  return out;
}

export type Env = Record<string, string | undefined>;
