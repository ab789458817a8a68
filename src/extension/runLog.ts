// Every command Go Doctor runs, logged with its duration and exit code. Wraps
// the process runner; no vscode import, so it is tested under plain Node.

import { runProcess, type ProcessResult, type RunProcess } from "../core/base/process";
import type { Env } from "../core/base/envPath";
import { redactDeep, redactText, secretValues } from "../core/base/redact";

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

/** The methods of a (log) output channel that write text. */
const WRITES = new Set(["append", "appendLine", "replace", "trace", "debug", "info", "warn", "error"]);

/**
 * The log as the extension writes it: every line, whoever writes it (commands,
 * fix results, errors, the gopls client), masked with the secrets a report
 * masks — the values of credential-named variables of the process environment
 * and of the captured login environment (`loginEnv`, read at each line) — and
 * the commands run through `run` logged the same way.
 */
export function secretMaskingLog<L extends LineLog>(
  channel: L,
  loginEnv: () => Env | undefined,
  processEnv: Env = process.env,
): { log: L; secrets: () => string[]; run: RunProcess } {
  const secrets = (): string[] => secretValues({ ...processEnv, ...loginEnv() });
  const mask = (a: unknown): unknown => {
    if (typeof a === "string") return redactText(a, secrets());
    if (a instanceof Error) return redactText(a.stack ?? a.message, secrets());
    return a !== null && typeof a === "object" ? redactDeep(a, secrets()) : a;
  };
  // A proxy over an empty object, not over the channel: VS Code's channel is frozen, and a
  // proxy of a frozen object must return its own methods.
  const log = new Proxy({} as L, {
    get(_target, prop) {
      const value: unknown = Reflect.get(channel, prop);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof prop === "string" && WRITES.has(prop))
        return (...args: unknown[]) => method.apply(channel, args.map(mask));
      return method.bind(channel);
    },
  });
  return { log, secrets, run: loggingRun(log, secrets) };
}
