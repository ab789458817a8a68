// Where installers put go, per platform, searched after PATH and GOROOT: the
// official installers, package managers and golang.org/dl's ~/sdk/go1.x.y.

import type { Env } from "../base/envPath";
import type { Platform } from "../base/platform";
import { compareGo } from "./versionText";

const LINUX = [
  "/usr/local/go/bin",
  "/usr/lib/go/bin",
  "/opt/homebrew/bin",
  "/usr/local/bin",
  "/home/linuxbrew/.linuxbrew/bin",
  "/snap/bin",
];

/** Homebrew (Apple silicon, then Intel), the official .pkg, MacPorts. */
const DARWIN = ["/opt/homebrew/bin", "/usr/local/go/bin", "/usr/local/bin", "/opt/local/bin"];

/**
 * macOS's system PATH for GUI programs is built by path_helper from
 * /etc/paths and /etc/paths.d/*: read it, so that a go installed by a .pkg
 * (which writes /etc/paths.d/go) is found even when the capture fell back.
 */
export function etcPaths(platform: Platform): string[] {
  const files = [
    "/etc/paths",
    ...platform.io
      .readdir("/etc/paths.d")
      .sort()
      .map((n) => `/etc/paths.d/${n}`),
  ];
  return files.flatMap((f) =>
    (platform.io.readText(f) ?? "")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith("/")),
  );
}

function windowsDirs(platform: Platform, env: Env): string[] {
  const p = platform.path;
  const get = (k: string): string | undefined => platform.getEnv(env, k);
  const home = platform.home(env);
  const dirs: string[] = [];
  // The MSI installs into %ProgramFiles%\Go; very old ones into C:\Go.
  for (const pf of [get("ProgramFiles") ?? "C:\\Program Files", get("ProgramW6432"), get("ProgramFiles(x86)")])
    if (pf) dirs.push(p.join(pf, "Go", "bin"));
  dirs.push("C:\\Go\\bin");
  if (home) {
    dirs.push(p.join(home, "go", "bin"));
    // scoop: its shims directory, and the app itself.
    const scoop = get("SCOOP") ?? p.join(home, "scoop");
    dirs.push(p.join(scoop, "shims"), p.join(scoop, "apps", "go", "current", "bin"));
  }
  const choco = get("ChocolateyInstall");
  if (choco) dirs.push(p.join(choco, "bin"));
  return dirs;
}

/** ~/sdk/go1.x.y/bin directories (golang.org/dl downloads), newest first. */
export function sdkDirs(platform: Platform, env: Env): string[] {
  const home = platform.home(env);
  if (!home) return [];
  const sdk = platform.path.join(home, "sdk");
  const names = platform.io.readdir(sdk).filter((n) => /^go\d/.test(n));
  return names.sort((a, b) => compareGo(b, a)).map((n) => platform.path.join(sdk, n, "bin"));
}

/** The install directories of `platform`, in search order, without duplicates; ~/sdk comes apart (sdkDirs). */
export function goInstallDirs(platform: Platform, env: Env): string[] {
  const dirs =
    platform.name === "win32"
      ? windowsDirs(platform, env)
      : platform.name === "darwin"
        ? [...DARWIN, ...etcPaths(platform)]
        : LINUX;
  const seen = new Set<string>();
  return dirs.filter((d) => {
    const key = platform.name === "linux" ? d : d.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
