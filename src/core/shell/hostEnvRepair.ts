// GD003's repair: the editor's extension host was started without the login
// environment, and every extension in it (the Go extension among them) reads
// process.env. Go Doctor gives that one process the login shell's PATH and Go
// variables — login entries first, the editor's own entries kept, nothing
// removed — and keeps the last capture in a small per-user file, so that the
// next start can apply it synchronously, before any other extension looks.

import * as fs from "node:fs";
import * as path from "node:path";
import * as z from "../base/zod";
import type { Env } from "../base/envPath";
import { hostPlatform, type Platform } from "../base/platform";
import { redactText, secretValues } from "../base/redact";
import { finding, type Finding } from "../model/findings";
import { GO_ENV_VARS, resolveOnPath } from "./envDrift";

/** The variables the repair may set: those GD003 compares (PATH first), and the rest the go command reads. */
export const REPAIR_VARS: readonly string[] = [
  ...GO_ENV_VARS,
  "GOPRIVATE",
  "GONOPROXY",
  "GONOSUMDB",
  "GOINSECURE",
  "GOSUMDB",
  "GOMODCACHE",
  "GOCACHE",
  "GOEXPERIMENT",
  "CGO_ENABLED",
];

/** Variables whose values are directories or lists of them: the log shows those; the others by name only. */
const PATH_LIKE = new Set(["PATH", "GOROOT", "GOPATH", "GOBIN", "GOMODCACHE", "GOCACHE", "GOENV", "GOWORK"]);

/** VS Code's own variables: never touched, whatever a capture or a cache says. */
const EDITOR_OWNED = /^(VSCODE_|ELECTRON_)/;

export interface HostEnvChange {
  name: string;
  before: string | undefined;
  after: string;
}

function entries(value: string | undefined, platform: Platform): string[] {
  return (value ?? "").split(platform.path.delimiter).filter((e) => e !== "");
}

/** PATH as the repair makes it: the login shell's entries in their order, then the editor's that the login lacks. */
export function repairedPath(host: string | undefined, login: string | undefined, platform: Platform): string {
  const out: string[] = [];
  const seen = (e: string): boolean => out.some((o) => platform.sameDir(o, e));
  for (const e of [...entries(login, platform), ...entries(host, platform)]) if (!seen(e)) out.push(e);
  return out.join(platform.path.delimiter);
}

/** What the repair would change in `host` to give it the login shell's PATH and Go variables. */
export function planHostRepair(host: Env, login: Env, platform: Platform = hostPlatform()): HostEnvChange[] {
  const changes: HostEnvChange[] = [];
  for (const name of REPAIR_VARS) {
    if (EDITOR_OWNED.test(name)) continue;
    const before = platform.getEnv(host, name);
    const wanted = platform.getEnv(login, name);
    // Unset in the login shell: the editor's value stays (nothing is removed).
    if (wanted === undefined || wanted === "") continue;
    const after = name === "PATH" ? repairedPath(before, wanted, platform) : wanted;
    if (after !== before) changes.push({ name, before, after });
  }
  return changes;
}

/** Sets the changes in `env` (process.env: case-insensitive on Windows, so `PATH` reaches `Path`). */
export function applyHostRepair(env: NodeJS.ProcessEnv, changes: readonly HostEnvChange[]): void {
  for (const c of changes) if (!EDITOR_OWNED.test(c.name)) env[c.name] = c.after;
}

/** One log line per change, values masked; only directory-valued variables show their values. */
export function describeHostChange(
  c: HostEnvChange,
  secretsFrom: Env = {},
  platform: Platform = hostPlatform(),
): string {
  const secrets = secretValues(secretsFrom);
  if (c.name === "PATH") {
    const before = entries(c.before, platform);
    const added = entries(c.after, platform).filter((e) => !before.some((b) => platform.sameDir(b, e)));
    const text = added.length
      ? `PATH: + ${added.join(", ")} (from the login shell, first); the editor's ${before.length} entries kept after them`
      : "PATH: the login shell's entries moved first; the editor's kept";
    return redactText(text, secrets);
  }
  if (!PATH_LIKE.has(c.name)) return `${c.name}: set as the login shell sets it`;
  return redactText(`${c.name}: ${c.before === undefined ? "unset" : c.before} → ${c.after}`, secrets);
}

/** Where the Go extension would find go with this environment: GOROOT/bin, PATH, then its fixed default places. */
export function goAsExtensionsFindIt(env: Env, platform: Platform = hostPlatform()): string | null {
  const goroot = platform.getEnv(env, "GOROOT");
  const fromRoot = goroot ? resolveOnPath("go", platform.path.join(goroot, "bin")) : null;
  const fromPath = fromRoot ?? resolveOnPath("go", platform.getEnv(env, "PATH"));
  if (fromPath) return fromPath;
  const defaults =
    platform.name === "win32"
      ? ["C:\\Program Files\\Go\\bin\\go.exe", "C:\\Program Files (x86)\\Go\\bin\\go.exe"]
      : ["/usr/local/go/bin/go", "/usr/local/bin/go"];
  return defaults.find((d) => platform.isExecutable(d)) ?? null;
}

// --- the cache of the last capture ------------------------------------------

const cacheSchema = z.object({
  version: z.literal(1),
  savedAt: z.string(),
  env: z.record(z.string(), z.string()),
});
export type HostEnvCache = z.infer<typeof cacheSchema>;

/** The largest cache file read: a PATH and a few Go variables fit in far less. */
const MAX_CACHE_BYTES = 256 * 1024;

/**
 * The cache file: per user, outside any workspace, at a path known before the
 * extension's context exists (the apply runs while the extension's module loads).
 * `env` is the editor's own environment at start.
 */
export function hostEnvCacheFile(env: Env, platform: Platform = hostPlatform()): string | undefined {
  const p = platform.path;
  const home = platform.getEnv(env, platform.name === "win32" ? "USERPROFILE" : "HOME");
  let dir: string | undefined;
  if (platform.name === "win32") {
    const local = platform.getEnv(env, "LOCALAPPDATA") ?? (home ? p.join(home, "AppData", "Local") : undefined);
    dir = local && p.join(local, "go-doctor");
  } else if (platform.name === "darwin") {
    dir = home && p.join(home, "Library", "Application Support", "go-doctor");
  } else {
    const state = platform.getEnv(env, "XDG_STATE_HOME");
    dir =
      state && p.isAbsolute(state) ? p.join(state, "go-doctor") : home && p.join(home, ".local", "state", "go-doctor");
  }
  return dir && p.isAbsolute(dir) ? p.join(dir, "host-env.json") : undefined;
}

/** Only what the repair uses is kept: PATH and the Go variables, never the rest of what the shell exports. */
export function cacheableEnv(login: Env, platform: Platform = hostPlatform()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of REPAIR_VARS) {
    const v = platform.getEnv(login, name);
    if (v !== undefined && v !== "") out[name] = v;
  }
  return out;
}

export type CacheRead = { ok: true; cache: HostEnvCache } | { ok: false; reason: string };

/**
 * Reads the cache synchronously. Refused (never applied): a file that is not a
 * regular file, is not the user's own, or that others may write — a PATH from
 * such a file would run somebody else's programs.
 */
export function readHostEnvCache(file: string): CacheRead {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return { ok: false, reason: "no cache yet" };
  }
  if (!st.isFile()) return { ok: false, reason: `${file} is not a regular file` };
  if (st.size > MAX_CACHE_BYTES) return { ok: false, reason: `${file} is larger than ${MAX_CACHE_BYTES} bytes` };
  if (process.platform !== "win32") {
    if (typeof process.getuid === "function" && st.uid !== process.getuid())
      return { ok: false, reason: `${file} belongs to another user` };
    if ((st.mode & 0o022) !== 0) return { ok: false, reason: `${file} may be written by other users` };
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return { ok: false, reason: `${file} is not valid JSON` };
  }
  const parsed = cacheSchema.safeParse(json);
  return parsed.success ? { ok: true, cache: parsed.data } : { ok: false, reason: `${file} has an unknown format` };
}

/** Writes the cache atomically (a temporary file renamed over it), readable by the user only. */
export function writeHostEnvCache(file: string, env: Record<string, string>, now: Date = new Date()): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cache: HostEnvCache = { version: 1, savedAt: now.toISOString(), env };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(cache, null, 2) + "\n", { mode: 0o600 });
  // writeFileSync keeps an existing file's mode: make sure of it.
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

// --- what the report says ---------------------------------------------------

/** The setting that turns the repair off (on by default). */
export const REPAIR_SETTING = "goDoctor.extensionHost.repairEnvironment";
/** Title of the fix that restarts the extension host (workbench.action.restartExtensionHost). */
export const RESTART_EXTENSION_HOST = "Restart the extension host";

export type HostRepairOutcome =
  /** The setting is off: the host keeps the environment it was started with. */
  | { state: "off" }
  /** Go Doctor changed the host's environment (at start from the cache, or from a capture since). */
  | {
      state: "repaired";
      /** One line per variable changed since the host started. */
      lines: string[];
      /** The Go extension started before a change that moves its go: it needs a restart of the extension host. */
      restartNeeded: boolean;
    }
  /** The host had the login environment already. */
  | { state: "unchanged" };

/**
 * The editor environment row's findings: the drift (GD003) as the capture saw
 * it, then what the repair did about it. Repaired, the drift is gone for every
 * extension in the window: GD003 stays as information, or as a warning while
 * the Go extension still runs with what it found before the repair.
 */
export function editorEnvFindings(drift: readonly Finding[], outcome: HostRepairOutcome | undefined): Finding[] {
  if (!outcome || outcome.state === "unchanged") return [...drift];
  if (outcome.state === "off") {
    return drift.map((f) => ({
      ...f,
      fixes: [
        {
          kind: "setting",
          title: "Repair the extension host's environment from the login shell",
          key: REPAIR_SETTING,
          value: true,
          scope: "user",
        },
        ...(f.fixes ?? []),
      ],
    }));
  }
  const restart = outcome.restartNeeded;
  return [
    finding(
      "GD003",
      restart
        ? "The editor started without your login shell's environment, and the Go extension started before Go Doctor repaired it: it still uses the go it found then. Restart the extension host once; it then starts with your login environment."
        : "The editor started without your login shell's environment. Go Doctor repaired this window's extension host: the Go extension and every other extension here see your login shell's PATH and Go variables.",
      {
        severity: restart ? "warning" : "info",
        details: [
          ...outcome.lines,
          `Turn this off with ${REPAIR_SETTING}; starting the editor from a terminal makes the repair unnecessary.`,
        ],
        fixes: restart
          ? [
              {
                kind: "manual",
                title: RESTART_EXTENSION_HOST,
                detail:
                  "Run Developer: Restart Extension Host (or reload the window): the extensions start again with the repaired environment.",
              },
            ]
          : [],
      },
    ),
  ];
}
