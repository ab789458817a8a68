// GD004: a login shell that took longer than the threshold (or timed out) is
// profiled once more, and the finding names the lines that cost the time, the
// three costliest first, with the guard for the costliest line in the user's
// own files as the fix. Nothing is profiled when the capture was quick, unless
// the user asked.

import * as fs from "node:fs";
import { fault } from "../model/faults";
import type { Finding, FixAction } from "../model/findings";
import type { LoginEnv } from "../model/facts";
import type { RunProcess } from "../base/process";
import type { Env } from "../base/envPath";
import { homeRelative, profileLoginShell, type ProfileMethod, type ProfileRun } from "./profiler";
import { describeGuardInline, GUARD_VAR, planGuard, type GuardPlan } from "./rcGuard";
import { WHOLE_FILE, type CostlyLine } from "./profileParse";

export const DEFAULT_SLOW_SHELL_MS = 1000;
/** Below this, a profiling run could not even start most shells. */
const MIN_PROFILE_MS = 500;
/** The fix title when guarding would hide PATH or GO* from the editor. */
export const LAZY_LOAD_TITLE = "Load";

export interface SlowShellOptions {
  processEnv: Env;
  timeoutMs: number;
  /** Profile when the capture took longer than this. */
  thresholdMs: number;
  /** Profile even when the capture was quick (`go-doctor --profile-shell`). */
  always?: boolean;
  runProcess?: RunProcess;
  signal?: AbortSignal;
}

const METHOD_NAMES: Record<ProfileMethod, string> = {
  "bash-xtrace": "bash xtrace",
  "zsh-xtrace": "zsh xtrace",
  "fish-profile": "fish --profile-startup",
  "posix-files": "file timing",
  "csh-files": "file timing",
};

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** `~/.zshrc:42  1.31 s  nvm use default`, the location padded to `width`. */
export function costLine(l: CostlyLine, home: string | undefined, width = 0): string {
  const where = homeRelative(l.file, home) + (l.line > 0 ? `:${l.line}` : "");
  return `${where.padEnd(width)}  ${seconds(l.ms)}  ${l.command}`;
}

export function costLines(lines: readonly CostlyLine[], home: string | undefined): string[] {
  const where = (l: CostlyLine): string => homeRelative(l.file, home) + (l.line > 0 ? `:${l.line}` : "");
  const width = Math.max(0, ...lines.map((l) => where(l).length));
  return lines.map((l) => costLine(l, home, width));
}

/** The costliest line the user can edit: one of their own files, at a known line. */
export function guardTarget(run: ProfileRun, home: string | undefined): CostlyLine | undefined {
  if (!home) return undefined;
  return run.profile.lines.find((l) => l.line > 0 && l.file.startsWith(`${home}/`));
}

export function guardPlanFor(run: ProfileRun, home: string | undefined): GuardPlan | undefined {
  const target = guardTarget(run, home);
  if (!target) return undefined;
  return planGuard({ file: target.file, line: target.line, shell: run.shell, setsGoVar: target.setsGoVar });
}

function fixesFor(run: ProfileRun, home: string | undefined): FixAction[] {
  const target = guardTarget(run, home);
  if (!target) {
    return [
      {
        kind: "manual",
        title: "Find the slow step",
        detail:
          run.profile.granularity === "file"
            ? `This shell can only be timed file by file; run \`bash -x\`, zsh or fish to see single lines, or bisect the slowest file.`
            : "None of the costly lines is in your own files; check what your rc files run from the system files above.",
      },
    ];
  }
  const where = `${homeRelative(target.file, home)}:${target.line}`;
  const plan = guardPlanFor(run, home)!;
  if (!plan.ok)
    return [{ kind: "manual", title: `Skip ${where} when an editor reads your environment`, detail: plan.message }];
  const edit = describeGuardInline(plan, homeRelative(target.file, home));
  return [
    plan.warning
      ? {
          kind: "manual",
          title: `${LAZY_LOAD_TITLE} ${where} lazily`,
          detail: `${plan.warning} The guard would be: ${edit}`,
        }
      : {
          kind: "manual",
          title: `Skip ${where} when an editor reads your environment`,
          detail: `${edit} VS Code and Go Doctor set ${GUARD_VAR} while they read your environment; your terminal does not. \`go-doctor --profile-shell --fix\` or "Go Doctor: Profile Login Shell" makes this edit after asking, with a backup.`,
        },
  ];
}

const BY_FILE = "by file: ";
const MAX_FILES = 6;

/** The files' own times, costliest first: where the start-up went, file by file. */
function byFile(run: ProfileRun, home: string | undefined): string[] {
  const files = [...run.profile.files]
    .filter((f) => f.ms >= 5)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, MAX_FILES);
  if (run.profile.granularity === "file" || files.length === 0) return [];
  return [`${BY_FILE}${files.map((f) => `${homeRelative(f.file, home)} ${seconds(f.ms)}`).join(", ")}`];
}

export interface ProfileBar {
  kind: "file" | "line";
  label: string;
  ms: number;
}

/**
 * The bars of the start-up picture, read back from a GD004 finding's details (the report carries
 * no other copy of the profile): the costly lines, and the files by their own time.
 */
export function profileBars(details: readonly string[] = []): ProfileBar[] {
  const bars: ProfileBar[] = [];
  for (const d of details) {
    const line = /^(\S+) +(\d+\.\d\d) s {2}(.*)$/.exec(d);
    if (line) {
      const whole = line[3] === WHOLE_FILE;
      bars.push({
        kind: whole ? "file" : "line",
        label: whole ? line[1] : `${line[1]}  ${line[3]}`,
        ms: Number(line[2]) * 1000,
      });
    }
    if (d.startsWith(BY_FILE)) {
      for (const part of d.slice(BY_FILE.length).split(", ")) {
        const f = /^(.+) (\d+\.\d\d) s$/.exec(part);
        if (f) bars.push({ kind: "file", label: f[1], ms: Number(f[2]) * 1000 });
      }
    }
  }
  return bars;
}

export function slowShellFinding(
  run: ProfileRun,
  capture: { durationMs: number; timedOut: boolean; thresholdMs: number },
  home: string | undefined,
): Finding {
  const info = fault("GD004");
  const slow = capture.timedOut || capture.durationMs > capture.thresholdMs;
  const top = run.profile.lines.slice(0, 3);
  const first = top[0];
  const costliest = first
    ? `${homeRelative(first.file, home)}${first.line > 0 ? `:${first.line}` : ""} (${seconds(first.ms)}): ${first.command}`
    : undefined;
  const shell = run.shell;
  const head = capture.timedOut
    ? `Your login shell (${shell}) did not finish starting; profiled again until it was stopped`
    : slow
      ? `Your login shell (${shell}) took ${seconds(capture.durationMs)} to start (Go Doctor warns above ${seconds(capture.thresholdMs)})`
      : `Your login shell (${shell}) took ${seconds(capture.durationMs)} to start, under the ${seconds(capture.thresholdMs)} threshold`;
  const tail = costliest
    ? `the costliest ${run.profile.granularity === "file" ? "file" : "line"} is ${costliest}.`
    : "the profile named no line (the shell printed no trace).";
  const target = guardTarget(run, home);
  return {
    code: info.code,
    severity: slow ? info.severity : "info",
    message: `${head}; ${tail}`,
    details: [
      ...costLines(top, home),
      `total ${seconds(run.profile.totalMs)} (${METHOD_NAMES[run.method]}${run.profile.complete ? "" : ", stopped before the end"})`,
      ...byFile(run, home),
      ...run.profile.notes,
    ],
    location: target ? { file: target.file, line: target.line } : undefined,
    fixes: fixesFor(run, home),
  };
}

/**
 * The last profile of each shell, reused while none of the files it read has changed: a slow shell
 * stays slow on every re-diagnosis, and profiling it each time would double the wait.
 */
const lastRuns = new Map<string, ProfileRun & { stamp: string }>();

function stampOf(run: ProfileRun): string {
  return run.profile.files
    .map((f) => {
      try {
        const st = fs.statSync(f.file);
        return `${f.file}:${st.size}:${st.mtimeMs}`;
      } catch {
        return `${f.file}:-`;
      }
    })
    .join("|");
}

/**
 * Adds GD004 to a capture that was slow or timed out (or always, when asked), after one profiling run
 * of the same shell with the same time limit. A capture that was disabled or quick is returned as is.
 */
export async function profileIfSlow(loginEnv: LoginEnv, opts: SlowShellOptions): Promise<LoginEnv> {
  if (!loginEnv.shell) return loginEnv;
  const timedOut = loginEnv.findings.some((f) => f.code === "GD001");
  const slow = loginEnv.source === "login-shell" && loginEnv.durationMs > opts.thresholdMs;
  if (!timedOut && !slow && !(opts.always && loginEnv.source === "login-shell")) return loginEnv;
  // No time left for a second run (the capture used up the diagnosis's limit): GD001 still says it was slow.
  if (opts.timeoutMs < MIN_PROFILE_MS) return loginEnv;
  const key = JSON.stringify([loginEnv.shell, opts.processEnv.HOME, opts.timeoutMs]);
  const earlier = lastRuns.get(key);
  const run =
    !opts.always && earlier && stampOf(earlier) === earlier.stamp
      ? earlier
      : await profileLoginShell({
          shell: loginEnv.shell,
          processEnv: opts.processEnv,
          enabled: true,
          timeoutMs: opts.timeoutMs,
          runProcess: opts.runProcess,
          signal: opts.signal,
        });
  if (run !== earlier) lastRuns.set(key, { ...run, stamp: stampOf(run) });
  const finding = slowShellFinding(
    run,
    { durationMs: loginEnv.durationMs, timedOut, thresholdMs: opts.thresholdMs },
    opts.processEnv.HOME,
  );
  return { ...loginEnv, findings: [...loginEnv.findings, finding], evidence: [...loginEnv.evidence, run.evidence] };
}
