// Reads the processes a scenario started from /proc. Every scenario has a HOME
// of its own (a fresh temporary directory), so `HOME=<that dir>` in a
// process's environment marks it as ours, whatever process group it is in.

import * as fs from "node:fs";
import * as path from "node:path";

export interface ProcessInfo {
  pid: number;
  argv: string[];
  env: Record<string, string>;
}

function readNulList(file: string): string[] | undefined {
  try {
    return fs
      .readFileSync(file, "utf8")
      .split("\0")
      .filter((s) => s.length > 0);
  } catch {
    return undefined;
  }
}

export function listProcesses(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const argv = readNulList(`/proc/${name}/cmdline`);
    const envList = readNulList(`/proc/${name}/environ`);
    if (!argv || !envList) continue;
    const env: Record<string, string> = {};
    for (const entry of envList) {
      const eq = entry.indexOf("=");
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    result.push({ pid, argv, env });
  }
  return result;
}

/** Processes running with this HOME: started by the scenario's editor or its tools. */
export function processesOf(home: string): ProcessInfo[] {
  return listProcesses().filter((p) => p.env.HOME === home);
}

/** The running programs named `name` (by the basename of argv[0]) started by the scenario. */
export function programsOf(home: string, name: string): ProcessInfo[] {
  return processesOf(home).filter((p) => p.argv.length > 0 && path.basename(p.argv[0]) === name);
}

export function killProcessesOf(home: string): void {
  for (const p of processesOf(home)) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Exited meanwhile.
    }
  }
}
