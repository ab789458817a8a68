// The one seam between Go Doctor and the operating system's conventions: how
// paths are spelled, what an executable is called, how environment keys are
// cased, where home is. `hostPlatform()` is the machine's; `platformFor`
// gives any of them, so the Linux test suite runs every Windows and macOS
// branch with `path.win32` and fixture data.

import * as path from "node:path";
import * as os from "node:os";
import type { Env } from "./envPath";

export type PlatformName = "linux" | "darwin" | "win32";

export interface Platform {
  name: PlatformName;
  /** path.posix or path.win32. */
  path: path.PlatformPath;
  /** `go` → `go.exe` on Windows; unchanged elsewhere. */
  executable(name: string): string;
  /** The names a lookup of `name` tries in one directory: `.exe` and `.com` only on Windows, never PATHEXT's scripts. */
  executableNames(name: string): string[];
  /** Environment keys are case-insensitive on Windows. */
  envKeysFoldCase: boolean;
  /** The user's home directory from the environment: HOME, or USERPROFILE on Windows. */
  home(env: Env): string | undefined;
}

function makePlatform(name: PlatformName): Platform {
  const windows = name === "win32";
  return {
    name,
    path: windows ? path.win32 : path.posix,
    executable: (n) => (windows && !/\.(exe|com)$/i.test(n) ? `${n}.exe` : n),
    executableNames: (n) => (windows ? (/\.(exe|com)$/i.test(n) ? [n] : [`${n}.exe`, `${n}.com`]) : [n]),
    envKeysFoldCase: windows,
    home: (env) => (windows ? (env.USERPROFILE ?? env.HOME) : env.HOME) || undefined,
  };
}

const PLATFORMS: Record<PlatformName, Platform> = {
  linux: makePlatform("linux"),
  darwin: makePlatform("darwin"),
  win32: makePlatform("win32"),
};

/** The conventions of `name`; any other Unix is taken as Linux. */
export function platformFor(name: NodeJS.Platform | PlatformName): Platform {
  return name === "win32" || name === "darwin" ? PLATFORMS[name] : PLATFORMS.linux;
}

/** The machine Go Doctor runs on. */
export function hostPlatform(): Platform {
  return platformFor(os.platform());
}
