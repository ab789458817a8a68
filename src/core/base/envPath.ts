// Environment maps and PATH lists: no Go knowledge here.

import * as fs from "node:fs";
import * as path from "node:path";
import which from "which";
import { hostPlatform, type Platform } from "./platform";

export function pathEntries(env: Env, platform: Platform = hostPlatform()): string[] {
  return (platform.getEnv(env, "PATH") ?? "").split(platform.path.delimiter);
}

/** Normalises a directory for comparison (no trailing slash). */
export function normDir(dir: string): string {
  const resolved = path.resolve(dir);
  return resolved.length > 1 && resolved.endsWith(path.sep) ? resolved.slice(0, -1) : resolved;
}

export function isOnPath(dir: string, env: Env, platform: Platform = hostPlatform()): boolean {
  return pathEntries(env, platform).some((e) => e !== "" && platform.path.isAbsolute(e) && platform.sameDir(e, dir));
}

/** A copy of env without undefined values, as child_process wants it; on Windows one key per name (`PATH`). */
export function cleanEnv(env: Env, platform: Platform = hostPlatform()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(platform.normaliseEnv(env))) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Every `name` on PATH that exists, in PATH order: the executables `which` finds,
 * plus what it silently skips — no execute bit, a directory, a broken or looping
 * symlink. Those are worth reporting: a shell answers "Permission denied" for them
 * when nothing later on PATH works.
 */
export async function lookupOnPath(
  name: string,
  env: Env,
  platform: Platform = hostPlatform(),
): Promise<{ path: string; executable: boolean }[]> {
  if (platform.name === "win32") return lookupWindows(name, env, platform);
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

/**
 * Windows: `name.exe` then `name.com` in each absolute PATH entry — never the
 * current directory, never PATHEXT's scripts (.bat, .cmd) — once per file
 * whatever the case of its spelling.
 */
function lookupWindows(name: string, env: Env, platform: Platform): { path: string; executable: boolean }[] {
  const seen = new Set<string>();
  const out: { path: string; executable: boolean }[] = [];
  for (const dir of pathEntries(env, platform)) {
    const d = dir.replace(/^"(.*)"$/, "$1");
    if (d === "" || !platform.path.isAbsolute(d)) continue;
    for (const file of platform.executableNames(name).map((n) => platform.path.join(d, n))) {
      const key = platform.path.resolve(file).toLowerCase();
      if (seen.has(key) || !platform.isExecutable(file)) continue;
      seen.add(key);
      out.push({ path: file, executable: true });
    }
  }
  return out;
}

export type Env = Record<string, string | undefined>;
