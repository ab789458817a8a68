// Temporary HOMEs with real rc files for each shell family, an independent
// record of what the shell really exported (the rc writes `env -0` to a file,
// away from stdout), and a look into /proc for processes a capture left behind.

import * as fs from "node:fs";
import * as path from "node:path";
import which from "which";
import { RESOLVING_VARS } from "../../src/core/shell/loginShell";
import { CAPTURE_TOKEN_VAR } from "../../src/core/shell/shellSweep";
import { writeFile } from "./fixtures";

export type TestShell = "bash" | "zsh" | "sh" | "fish" | "tcsh";

export const TEST_SHELLS: readonly TestShell[] = ["bash", "zsh", "sh", "fish", "tcsh"];

/** Absolute path of an installed shell; tests of that shell fail loudly if it is missing. */
export function shellPath(name: TestShell): string {
  return which.sync(name === "sh" ? "dash" : name);
}

/** The file each shell reads last when run by captureLoginEnv, relative to HOME. */
export function rcFile(shell: TestShell): string {
  switch (shell) {
    case "bash":
      return ".bash_profile";
    case "zsh":
      return ".zshrc";
    case "sh":
      return ".profile";
    case "fish":
      return ".config/fish/config.fish";
    case "tcsh":
      return ".tcshrc";
  }
}

/** An rc line exporting NAME=value (value in that shell's double quotes, so $HOME and $PATH expand). */
export function exportLine(shell: TestShell, name: string, value: string): string {
  switch (shell) {
    case "fish":
      return name === "PATH"
        ? `set -gx PATH ${value
            .split(":")
            .map((v) => (v === "$PATH" ? v : `"${v}"`))
            .join(" ")}`
        : `set -gx ${name} "${value}"`;
    case "tcsh":
      return `setenv ${name} "${value.replace(/\$(\w+)/g, "$${$1}")}"`;
    default:
      return `export ${name}="${value}"`;
  }
}

export const DUMP_VAR = "GD_TEST_DUMP";

/** The rc line that records the exported environment, NUL-separated, in $GD_TEST_DUMP. */
export function dumpLine(_shell: TestShell): string {
  return `env -0 > "$${DUMP_VAR}"`;
}

/** Writes rc files into home; `files` maps a path relative to home to its content. */
export function writeRc(home: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) writeFile(path.join(home, rel), `${content}\n`);
}

/** The dump written by dumpLine, without what the capture itself adds (`_` is the last command run). */
export function readDump(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of fs.readFileSync(file, "utf8").split("\0")) {
    if (entry === "") continue;
    const eq = entry.indexOf("=");
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  delete env._;
  for (const name of [...RESOLVING_VARS, CAPTURE_TOKEN_VAR]) delete env[name];
  return env;
}

/**
 * An environment without SHLVL, for comparing a capture with a dump: bash and zsh lower SHLVL
 * when they exec the last command of `-c` instead of forking it, so it differs by one.
 */
export function comparable(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const { SHLVL: _shlvl, ...rest } = env;
  return rest;
}

/** A sleep duration unique to one test, so /proc can tell its process from every other sleep. */
export function uniqueSleepSeconds(base = 30): string {
  return `${base}.${process.pid}${Math.floor(Math.random() * 1e6)}`;
}

/** Live (not zombie) processes whose command line contains `arg`. */
export function livePidsWithArg(arg: string): number[] {
  const found: number[] = [];
  for (const pid of fs.readdirSync("/proc").filter((n) => /^[0-9]+$/.test(n))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (!cmdline.includes(arg)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
      if (state !== "Z") found.push(Number(pid));
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

/** Waits up to `ms` for every process with `arg` to be gone; returns the ones still alive. */
export async function gone(arg: string, ms = 1000): Promise<number[]> {
  const until = Date.now() + ms;
  let alive = livePidsWithArg(arg);
  while (alive.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    alive = livePidsWithArg(arg);
  }
  return alive;
}

/** Kills test leftovers by pid so that a failing test does not leak sleeps into the next. */
export function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone.
    }
  }
}
