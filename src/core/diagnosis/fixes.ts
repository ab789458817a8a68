// Applies the command fixes that checks propose as data. Settings and launch
// fixes are applied by the editor (the CLI prints them as instructions).

import { cleanEnv } from "../base/envPath";
import type { FixAction, Finding } from "../model/findings";
import { runProcess, type ProcessResult, type RunProcess } from "../base/process";
import type { Env } from "../base/envPath";

export type RunFix = Extract<FixAction, { kind: "run" }>;

export interface ApplyOptions {
  onOutput?: (chunk: string) => void;
  signal?: AbortSignal;
  /** `go install` of gopls compiles for minutes on a small machine. */
  timeoutMs?: number;
  run?: RunProcess;
}

export async function applyRunFix(fix: RunFix, env: Env, opts: ApplyOptions = {}): Promise<ProcessResult> {
  const run = opts.run ?? runProcess;
  return run(fix.argv, {
    cwd: fix.cwd,
    env: { ...cleanEnv(env), ...(fix.env ?? {}) },
    timeoutMs: opts.timeoutMs ?? 15 * 60_000,
    signal: opts.signal,
    onOutput: opts.onOutput ? (_stream, chunk) => opts.onOutput?.(chunk) : undefined,
    drainMs: 2000,
  });
}

/** The distinct fixes of a set of findings, errors first; the same command proposed twice is one fix. */
export function planFixes(findings: readonly Finding[]): { fix: FixAction; codes: string[] }[] {
  const plan = new Map<string, { fix: FixAction; codes: string[] }>();
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      const key = fixKey(fix);
      const entry = plan.get(key);
      if (entry) {
        if (!entry.codes.includes(f.code)) entry.codes.push(f.code);
      } else {
        plan.set(key, { fix, codes: [f.code] });
      }
    }
  }
  return [...plan.values()];
}

export function fixKey(fix: FixAction): string {
  switch (fix.kind) {
    case "run":
      return `run|${JSON.stringify(fix.argv)}|${fix.cwd ?? ""}|${JSON.stringify(fix.env ?? {})}`;
    case "setting":
      return `setting|${fix.scope}|${fix.key}|${JSON.stringify(fix.value)}`;
    case "launch":
      return `launch|${fix.file}|${JSON.stringify(fix.path)}|${JSON.stringify(fix.value)}`;
    case "manual":
      return `manual|${fix.title}|${fix.detail}`;
  }
}

/** One line describing what a fix will do, for plans and pick lists. */
export function describeFix(fix: FixAction): string {
  switch (fix.kind) {
    case "run":
      return `run: ${fix.argv.map(quoteArg).join(" ")}${fix.cwd ? `  (in ${fix.cwd})` : ""}${
        fix.env && Object.keys(fix.env).length
          ? `  with ${Object.entries(fix.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(" ")}`
          : ""
      }`;
    case "setting":
      return fix.value === undefined
        ? `remove setting ${fix.key} (${fix.scope})`
        : `set ${fix.key} = ${JSON.stringify(fix.value)} (${fix.scope} settings)`;
    case "launch":
      return fix.value === undefined
        ? `remove ${fix.path.join(".")} from ${fix.file}`
        : `set ${fix.path.join(".")} = ${JSON.stringify(fix.value)} in ${fix.file}`;
    case "manual":
      return fix.detail;
  }
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
