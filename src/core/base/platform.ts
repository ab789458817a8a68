// The one seam between Go Doctor and the operating system's conventions: how
// paths are spelled, what an executable is called, how environment keys are
// cased, where home is, how a process tree is killed and how processes are
// listed. `hostPlatform()` is the machine's; `platformFor` gives any of them
// over injectable file and process access, so the Linux test suite runs every
// Windows and macOS branch with `path.win32` and fixture data.

import * as childProcess from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Env } from "./envPath";
import type { RunProcess } from "./process";
import { listProcessesOn, type ProcessEntry, type ProcessQuery } from "./processList";

export type PlatformName = "linux" | "darwin" | "win32";
export type { ProcessEntry, ProcessQuery };

/** What a platform touches outside itself; tests replace it with fixtures. */
export interface PlatformIo {
  /** "exec" for a runnable regular file, "file" for another regular file, undefined otherwise. */
  fileKind(file: string): "exec" | "file" | undefined;
  /** Whether `dir` is a directory (a link to one counts). */
  isDirectory(dir: string): boolean;
  /** A directory's entry names, [] when it cannot be read. */
  readdir(dir: string): string[];
  /** A file's text, undefined when it cannot be read. */
  readText(file: string): string | undefined;
  /** Starts a helper without waiting for it (taskkill): it must not go through the runner it cleans up after. */
  spawnDetached(argv: string[]): void;
  /** Sends a signal; throws like process.kill. */
  kill(pid: number, signal: NodeJS.Signals): void;
}

export interface Platform {
  name: PlatformName;
  /** path.posix or path.win32. */
  path: path.PlatformPath;
  /** `go` → `go.exe` on Windows; unchanged elsewhere. */
  executable(name: string): string;
  /** The file names a lookup of `name` tries in one directory: `.exe` and `.com` only on Windows, never PATHEXT's scripts. */
  executableNames(name: string): string[];
  /** Whether `file` is a program this platform runs: a regular file with the execute bit, or any regular file on Windows. */
  isExecutable(file: string): boolean;
  /** A variable by name: case-insensitive on Windows. */
  getEnv(env: Env, key: string): string | undefined;
  /**
   * The environment as Go Doctor keeps it, normalised once on the way in: on
   * Windows one key per name whatever its case, `Path` spelled `PATH`, so that
   * `env.PATH` works and a child never gets both.
   */
  normaliseEnv(env: Env): Env;
  /** Two directories are the same: case-folded on Windows and macOS (case-insensitive by default). */
  sameDir(a: string, b: string): boolean;
  /** The user's home directory from the environment: HOME, or USERPROFILE on Windows. */
  home(env: Env): string | undefined;
  /** Kills a process and everything it started. */
  killTree(pid: number): void;
  /** Every process (/proc, `ps`, or PowerShell's Win32_Process), or those `query` asks for; null where it cannot be told. */
  listProcesses(run: RunProcess, query?: ProcessQuery): Promise<ProcessEntry[] | null>;
  io: PlatformIo;
}

const realIo: PlatformIo = {
  fileKind(file) {
    try {
      if (!fs.statSync(file).isFile()) return undefined;
    } catch {
      return undefined;
    }
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return "exec";
    } catch {
      return "file";
    }
  },
  isDirectory(dir) {
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  },
  readdir(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
  readText(file) {
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  },
  spawnDetached(argv) {
    const [cmd, ...args] = argv;
    if (cmd === undefined) return;
    const child = childProcess.spawn(cmd, args, { stdio: "ignore", windowsHide: true });
    child.on("error", () => undefined);
  },
  kill: (pid, signal) => process.kill(pid, signal),
};

const EXE = /\.(exe|com)$/i;

/** The conventions of `name` over `io`; any other Unix is taken as Linux. */
export function platformFor(name: NodeJS.Platform | PlatformName, io: PlatformIo = realIo): Platform {
  const windows = name === "win32";
  const p: PlatformName = windows || name === "darwin" ? name : "linux";
  const fold = (s: string): string => (p === "linux" ? s : s.toLowerCase());
  const flavour = windows ? path.win32 : path.posix;
  const trim = (d: string): string => {
    const r = flavour.resolve(d);
    return r.length > 1 && r.endsWith(flavour.sep) && !/^[A-Za-z]:\\$/.test(r) ? r.slice(0, -1) : r;
  };
  return {
    name: p,
    path: flavour,
    executable: (n) => (windows && !EXE.test(n) ? `${n}.exe` : n),
    executableNames: (n) => (windows ? (EXE.test(n) ? [n] : [`${n}.exe`, `${n}.com`]) : [n]),
    isExecutable: (file) => {
      const kind = io.fileKind(file);
      return windows ? kind !== undefined && EXE.test(file) : kind === "exec";
    },
    getEnv(env, key) {
      if (!windows || env[key] !== undefined) return env[key];
      const k = Object.keys(env).find((x) => x.toUpperCase() === key.toUpperCase());
      return k === undefined ? undefined : env[k];
    },
    normaliseEnv(env) {
      if (!windows) return env;
      // The last spelling wins, as in `{ ...env, PATH: x }`: the later key is the one meant.
      const byName = new Map<string, [string, string | undefined]>();
      for (const [k, v] of Object.entries(env)) {
        const upper = k.toUpperCase();
        byName.set(upper, [upper === "PATH" ? "PATH" : (byName.get(upper)?.[0] ?? k), v]);
      }
      return Object.fromEntries(byName.values());
    },
    sameDir: (a, b) => fold(trim(a)) === fold(trim(b)),
    home: (env) => (windows ? (env.USERPROFILE ?? env.HOME) : env.HOME) || undefined,
    killTree(pid) {
      if (windows) {
        // No process groups: taskkill walks the tree by parent ids.
        io.spawnDetached(["taskkill", "/T", "/F", "/PID", String(pid)]);
        return;
      }
      try {
        io.kill(-pid, "SIGKILL");
      } catch {
        try {
          io.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    },
    listProcesses: (run, query) => listProcessesOn(p, io, run, query),
    io,
  };
}

let host: Platform | undefined;

/** The machine Go Doctor runs on. */
export function hostPlatform(): Platform {
  host ??= platformFor(os.platform());
  return host;
}
