// Fix texts that differ by platform: on Windows PATH lives in the registry
// (the Environment Variables dialog) and VS Code keeps the environment it
// started with until its last window closes; on macOS installers use
// /etc/paths.d and Homebrew. Undefined means: the caller's Unix text holds.

import { pathEntries, type Env } from "../base/envPath";
import type { Platform } from "../base/platform";
import type { FixAction } from "../model/findings";

/** What makes a changed user environment reach the editor. */
export function restartAdvice(platform: Platform): string {
  if (platform.name === "win32")
    return "Then quit every VS Code window (File → Exit) and start it again: VS Code keeps the environment it started with until its last window closes, so Reload Window or a new window is not enough.";
  if (platform.name === "darwin")
    return "Then quit VS Code (⌘Q, not just its windows) and start it again, so it reads the new PATH.";
  return "Then restart the editor completely so it reads the new PATH.";
}

/**
 * Putting `dir` on the user's Path on Windows. Not `setx PATH "%PATH%;dir"`:
 * that copies the machine Path into the user's and cuts it at 1024 characters.
 */
export function addToPathFix(platform: Platform, dir: string, label = dir): FixAction | undefined {
  if (platform.name !== "win32") return undefined;
  return {
    kind: "manual",
    title: `Add ${label} to your user Path`,
    detail: [
      `Start menu → "Edit environment variables for your account" → select Path → Edit → New → ${dir} → OK.`,
      `Or in PowerShell: [Environment]::SetEnvironmentVariable("Path", [Environment]::GetEnvironmentVariable("Path", "User") + ";${dir}", "User")`,
      restartAdvice(platform),
    ].join("\n"),
  };
}

/** Installing Go where the platform's installer puts it on PATH itself. */
export function installGoFix(platform: Platform): FixAction | undefined {
  if (platform.name === "win32")
    return {
      kind: "manual",
      title: "Install Go",
      detail: `Install Go with the MSI from https://go.dev/dl/ (or \`winget install GoLang.Go\`); it puts C:\\Program Files\\Go\\bin on Path. ${restartAdvice(platform)}`,
    };
  if (platform.name === "darwin")
    return {
      kind: "manual",
      title: "Install Go",
      detail: `Install Go with the .pkg from https://go.dev/dl/ (it adds /usr/local/go/bin through /etc/paths.d/go) or \`brew install go\`. ${restartAdvice(platform)}`,
    };
  return undefined;
}

/**
 * In WSL, a go.exe that only Windows has: on the PATH Windows interop appends
 * (/mnt/c/...), or at the MSI's location. WSL runs Linux programs, so it is no
 * go for the tools here; undefined outside WSL or when there is none.
 */
export function windowsOnlyGo(platform: Platform, env: Env): string | undefined {
  if (platform.name !== "linux" || !platform.getEnv(env, "WSL_DISTRO_NAME")) return undefined;
  const dirs = [...pathEntries(env, platform).filter((d) => d.startsWith("/mnt/")), "/mnt/c/Program Files/Go/bin"];
  return dirs.map((d) => platform.path.join(d, "go.exe")).find((f) => platform.io.fileKind(f) !== undefined);
}

export function installGoInWslFix(windowsGo: string): FixAction {
  return {
    kind: "manual",
    title: "Install Go inside WSL",
    detail: `${windowsGo} is the Windows Go: WSL's tools cannot use it. Install the Linux Go inside WSL (https://go.dev/dl/, the linux-amd64 archive into /usr/local/go), add \`export PATH="$PATH:/usr/local/go/bin"\` to ~/.profile, then reopen the WSL window.`,
  };
}
