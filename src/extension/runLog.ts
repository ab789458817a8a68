// Every command Go Doctor runs, logged with its duration and exit code. Wraps
// the process runner; no vscode import, so it is tested under plain Node.

import { runProcess, type ProcessResult, type RunProcess } from "../core/base/process";
import { redactText } from "../core/base/redact";

export interface LineLog {
  info(message: string): void;
  warn(message: string): void;
}

export function loggingRun(
  log: LineLog,
  secrets: () => readonly string[] = () => [],
  inner: RunProcess = runProcess,
): RunProcess {
  return async (argv, options) => {
    const shown = redactText(argv.map(quote).join(" "), secrets());
    const where = options.cwd ? ` (in ${options.cwd})` : "";
    const r = await inner(argv, options);
    const line = `$ ${shown}${where} → ${outcome(r)} in ${Math.round(r.durationMs)} ms`;
    if (r.exitCode === 0 && !r.timedOut && !r.spawnError) log.info(line);
    else log.warn(line);
    return r;
  };
}

export function outcome(r: ProcessResult): string {
  if (r.spawnError) return `could not start (${r.spawnError.code})`;
  if (r.timedOut) return "timed out";
  if (r.cancelled) return "cancelled";
  if (r.signal) return `killed by ${r.signal}`;
  return `exit code ${r.exitCode}`;
}

function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
