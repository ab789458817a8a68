// The environment a terminal would have: the user's login shell is run once,
// interactively, and made to print its environment. A shell that hangs (GD001)
// or fails (GD002) leaves Go Doctor on the process environment; one that works
// is compared with it (GD003).

import { randomBytes } from "node:crypto";
import { finding } from "../model/findings";
import * as fs from "node:fs";
import * as os from "node:os";
import { computeDrift } from "./envDrift";
import { cleanEnv } from "../base/envPath";
import { fault } from "../model/faults";
import type { Finding } from "../model/findings";
import {
  describeFailure,
  evidenceOf,
  runProcess as defaultRunProcess,
  type ProcessResult,
  type RunOptions,
  type RunProcess,
} from "../base/process";
import { captureCommand, shellKind, usableNode, type CaptureFormat } from "./shellCommand";
import { parseCapture } from "./shellOutput";
import { CAPTURE_TOKEN_VAR, sweepCapture } from "./shellSweep";
import type { LoginEnv } from "../model/facts";
import type { Env } from "../base/envPath";
import type { Platform } from "../base/platform";
import type { Evidence } from "../base/process";
import { errorMessage } from "../base/errors";

export interface ShellCaptureOptions {
  /** The current process env (also the source of SHELL/HOME). */
  processEnv: Env;
  /** false => source "process", no finding. */
  enabled: boolean;
  /** 10000 at call sites by default. */
  timeoutMs: number;
  /** Override of $SHELL. */
  shell?: string;
  /** Injectable; defaults to runProcess from process.ts. */
  runProcess?: RunProcess;
  signal?: AbortSignal;
  /** Whose process lister sweeps what the rc files left running; the host's by default. */
  platform?: Platform;
}

/** Set for the shell so that rc files can skip slow or interactive steps, as they do for VS Code. */
export const RESOLVING_VARS = ["VSCODE_RESOLVING_ENVIRONMENT", "GO_DOCTOR_RESOLVING_ENVIRONMENT"] as const;

/** Shells tried, in order, when the configured one is missing or is not a shell. */
export const FALLBACK_SHELLS = ["/bin/bash", "/bin/sh"] as const;

/** How long to wait for stdout to close after the shell exits: an rc's `sleep 30 &` holds it open. */
const DRAIN_MS = 300;
const EVIDENCE_CHARS = 2000;

type Attempt =
  | {
      kind: "ok";
      shell: string;
      argv: string[];
      env: Record<string, string>;
      result: ProcessResult;
      evidence: Evidence;
    }
  | {
      kind: "timeout" | "cancelled" | "missing" | "failed";
      shell: string;
      argv: string[];
      reason: string;
      result: ProcessResult;
      evidence: Evidence;
    };
type Failed = Extract<Attempt, { reason: string }>;
export type CaptureAttempt = Attempt;

/**
 * How a profiling run differs from the plain capture (profiler.ts): its own argv around the same
 * capture program, variables of its own (taken out of the captured environment again), and where the
 * trace goes. Everything else — timeout, group kill, no stdin, the resolving variables — is shared.
 */
export interface CaptureVariant {
  /** Gets the plain capture's argv, whose last element is the program that prints the environment. */
  argv: (plain: string[]) => string[];
  env?: Record<string, string>;
  /** Names left out of the spawned environment. */
  unset?: readonly string[];
  files?: RunOptions["files"];
  onOutput?: RunOptions["onOutput"];
}

export function configuredShell(opts: ShellCaptureOptions): string | undefined {
  if (opts.shell) return opts.shell;
  if (opts.processEnv.SHELL) return opts.processEnv.SHELL;
  try {
    // The passwd entry is what a terminal would start when SHELL is not set (services, `env -i`).
    return os.userInfo().shell ?? undefined;
  } catch {
    return undefined;
  }
}

function homeDir(env: Env): string | undefined {
  const home = env.HOME;
  if (!home) return undefined;
  try {
    return fs.statSync(home).isDirectory() ? home : undefined;
  } catch {
    return undefined;
  }
}

function evidenceFor(r: ProcessResult, cwd: string | undefined, noise: string): Evidence {
  // The rc files' noise and stderr, never stdout: that holds the captured environment.
  return evidenceOf(
    r,
    cwd,
    EVIDENCE_CHARS,
    [r.spawnError ? describeFailure(r) : "", noise.trim(), r.stderr.trim()].filter(Boolean).join("\n"),
  );
}

/** What the capture itself puts into the shell's environment; `_` is the program that printed it. */
const CAPTURE_ONLY_VARS = [...RESOLVING_VARS, CAPTURE_TOKEN_VAR, "_"];

function withoutCaptureVars(
  captured: Record<string, string>,
  processEnv: Env,
  electron: boolean,
  added: Record<string, string> = {},
): Record<string, string> {
  const env = { ...captured };
  for (const name of CAPTURE_ONLY_VARS) delete env[name];
  // A variable a profiling run added is the run's, unless the rc files gave it a value of their own.
  for (const [name, value] of Object.entries(added)) if (env[name] === value) delete env[name];
  if (electron) {
    // Node mode was switched on for the capture; the editor's own value, if any, is what tools should see.
    const own = processEnv.ELECTRON_RUN_AS_NODE;
    if (own === undefined) delete env.ELECTRON_RUN_AS_NODE;
    else env.ELECTRON_RUN_AS_NODE = own;
  }
  return env;
}

async function attempt(
  shell: string,
  opts: ShellCaptureOptions,
  deadline: number,
  run: RunProcess,
  variant?: CaptureVariant,
): Promise<Attempt> {
  const marker = `GoDoctorEnv${randomBytes(12).toString("hex")}`;
  const token = randomBytes(12).toString("hex");
  const nodePath = usableNode(process.execPath);
  const plain = captureCommand(shell, marker, nodePath);
  const argv = variant ? variant.argv(plain.argv) : plain.argv;
  const injected: Record<string, string> = {
    ...variant?.env,
    VSCODE_RESOLVING_ENVIRONMENT: "1",
    GO_DOCTOR_RESOLVING_ENVIRONMENT: "1",
    [CAPTURE_TOKEN_VAR]: token,
  };
  // Inside an Electron host (the VS Code extension host) process.execPath is Electron, which runs as Node only when told.
  const electron = process.versions.electron !== undefined;
  if (electron) injected.ELECTRON_RUN_AS_NODE = "1";
  const cwd = homeDir(opts.processEnv);
  const env = cleanEnv(opts.processEnv);
  for (const name of variant?.unset ?? []) delete env[name];
  const result = await run(argv, {
    cwd,
    env: { ...env, ...injected },
    timeoutMs: Math.max(1, Math.round(deadline - performance.now())),
    drainMs: DRAIN_MS,
    signal: opts.signal,
    files: variant?.files,
    onOutput: variant?.onOutput,
  });
  // The sweep runs while the capture is parsed; it is done before the capture is handed on.
  const swept = sweepCapture(token, opts.platform, run);
  const a = classify(shell, argv, plain.format, marker, result, cwd, opts.processEnv, electron);
  await swept;
  if (a.kind !== "ok" || !variant?.env) return a;
  return { ...a, env: withoutCaptureVars(a.env, opts.processEnv, false, variant.env) };
}

function classify(
  shell: string,
  argv: string[],
  format: CaptureFormat,
  marker: string,
  result: ProcessResult,
  cwd: string | undefined,
  processEnv: Env,
  electron: boolean,
): Attempt {
  const parsed = parseCapture(result.stdout, marker, format);
  const evidence = evidenceFor(result, cwd, parsed.noise);
  const base = { shell, argv, result, evidence };
  if (result.spawnError) {
    const missing =
      result.spawnError.code === "ENOENT" ||
      result.spawnError.code === "EACCES" ||
      result.spawnError.code === "ENOTDIR";
    return { ...base, kind: missing ? "missing" : "failed", reason: describeFailure(result) };
  }
  if (result.cancelled) return { ...base, kind: "cancelled", reason: "cancelled" };
  if (result.timedOut) return { ...base, kind: "timeout", reason: describeFailure(result) };
  if (parsed.ok) return { ...base, kind: "ok", env: withoutCaptureVars(parsed.env, processEnv, electron) };
  if (result.exitCode !== 0 || result.signal) return { ...base, kind: "failed", reason: describeFailure(result) };
  return { ...base, kind: "failed", reason: `exit code 0, but it ${parsed.reason}` };
}

/** The shell and its flags, without the long program Go Doctor passed it. */
function command(a: { argv: string[] }): string {
  return (a.argv.length > 1 ? a.argv.slice(0, -1) : a.argv).join(" ");
}

function timeoutFinding(a: Attempt, timeoutMs: number): Finding {
  return finding(
    "GD001",
    `Your login shell (${command(a)}) did not finish within ${timeoutMs} ms (stopped after ${a.result.durationMs} ms), so Go Doctor uses the editor's own environment, which may lack what your profile adds.`,
    {
      details: a.evidence.output ? [`Shell output before it was stopped: ${a.evidence.output}`] : undefined,
      fixes: [
        {
          kind: "manual",
          title: "Make your shell start quickly without a terminal",
          detail:
            `Time \`${command(a)} true\` in a terminal. Steps that wait for input, update plugins or call the network should be skipped ` +
            "when GO_DOCTOR_RESOLVING_ENVIRONMENT or VSCODE_RESOLVING_ENVIRONMENT is set, or when standard input is not a terminal (`[ -t 0 ]`).",
        },
      ],
    },
  );
}

/** One GD002 for the shells that could not be used: the configured one first, then any fallbacks tried. */
function failureFinding(failures: readonly Failed[], usedInstead: string | undefined): Finding {
  const [first, ...rest] = failures as [Failed, ...Failed[]];
  const what =
    first.kind === "missing"
      ? `Your login shell ${first.shell} could not be started (${first.reason})`
      : `Your login shell (${command(first)}) did not print its environment (${first.reason})`;
  const outcome =
    usedInstead !== undefined
      ? `Go Doctor used ${usedInstead} instead, which may read different profile files.`
      : "Go Doctor uses the editor's own environment, which may lack what your profile adds.";
  const details = [
    ...(first.evidence.output ? first.evidence.output.split("\n").slice(0, 20) : []),
    ...rest.map((a) => `Fallback ${a.shell}: ${a.reason}`),
  ];
  return finding("GD002", `${what}; ${outcome}`, {
    details: details.length > 0 ? details : undefined,
    fixes: [
      first.kind === "missing"
        ? {
            kind: "manual",
            title: "Point SHELL at an installed shell",
            detail: `SHELL (or your account's login shell) names ${first.shell}, which cannot be run. Set it to an installed shell, for example with \`chsh\`, and restart the editor.`,
          }
        : {
            kind: "manual",
            title: "Fix the shell's start-up files",
            detail: `Run \`${command(first)} env\` in a terminal: it must exit 0 and print your environment. An rc file that exits, replaces the shell with \`exec\`, sends standard output elsewhere, or fails stops it here.`,
          },
    ],
  });
}

/** The shell printed a whole environment and then failed (a logout file, an EXIT trap): the environment is used. */
function lateFailureFinding(a: Attempt): Finding {
  return {
    code: fault("GD002").code,
    severity: "info",
    message: `Your login shell (${command(a)}) printed its environment and then ended with ${describeFailure(a.result)}; Go Doctor uses that environment.`,
    details: a.evidence.output ? a.evidence.output.split("\n").slice(0, 20) : undefined,
  };
}

function processFallback(
  opts: ShellCaptureOptions,
  started: number,
  last: Attempt | undefined,
  findings: Finding[],
  evidence: Evidence[],
): LoginEnv {
  return {
    source: "process",
    env: opts.processEnv,
    shell: last?.shell,
    argv: last?.argv,
    durationMs: Math.round(performance.now() - started),
    findings,
    evidence,
    drift: {},
  };
}

async function safeAttempt(
  shell: string,
  opts: ShellCaptureOptions,
  deadline: number,
  run: RunProcess,
  variant?: CaptureVariant,
): Promise<Attempt> {
  try {
    return await attempt(shell, opts, deadline, run, variant);
  } catch (e) {
    // An injected runProcess that throws is a failed attempt, not a crash of the diagnosis.
    const message = errorMessage(e);
    const result: ProcessResult = {
      argv: [shell],
      exitCode: null,
      signal: null,
      stdout: "",
      stderr: message,
      timedOut: false,
      cancelled: false,
      truncated: false,
      spawnError: { code: "EXCEPTION", message },
      durationMs: 0,
    };
    return {
      kind: "failed",
      shell,
      argv: [shell],
      reason: message,
      result,
      evidence: evidenceFor(result, undefined, ""),
    };
  }
}

/** One run of `shell` as the capture runs it, changed by `variant`, under the same time limit. */
export function captureOnce(shell: string, opts: ShellCaptureOptions, variant: CaptureVariant): Promise<Attempt> {
  const deadline = performance.now() + opts.timeoutMs;
  return safeAttempt(shell, opts, deadline, opts.runProcess ?? defaultRunProcess, variant);
}

export async function captureLoginEnv(opts: ShellCaptureOptions): Promise<LoginEnv> {
  const started = performance.now();
  // Windows has no login shell that sets up the environment: the process env is the user's env.
  if (!opts.enabled || process.platform === "win32") return processFallback(opts, started, undefined, [], []);
  const run = opts.runProcess ?? defaultRunProcess;
  const deadline = started + opts.timeoutMs;
  const configured = configuredShell(opts);
  const candidates = [...new Set([configured, ...FALLBACK_SHELLS].filter((s): s is string => !!s))];

  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  const failures: Failed[] = [];
  for (const shell of candidates) {
    // The first shell always runs (a zero timeout is then a GD001); fallbacks only in the time left.
    if (failures.length > 0 && performance.now() >= deadline) break;
    const a = await safeAttempt(shell, opts, deadline, run);
    evidence.push(a.evidence);
    if (a.kind === "ok") {
      if (failures.length > 0) findings.push(failureFinding(failures, shell));
      if (a.result.exitCode !== 0) findings.push(lateFailureFinding(a));
      const { drift, finding } = computeDrift(opts.processEnv, a.env);
      if (finding) findings.push(finding);
      return {
        source: "login-shell",
        env: a.env,
        shell,
        argv: a.argv,
        durationMs: Math.round(performance.now() - started),
        findings,
        evidence,
        drift,
      };
    }
    if (a.kind === "cancelled") return processFallback(opts, started, a, findings, evidence);
    if (a.kind === "timeout") {
      findings.push(timeoutFinding(a, opts.timeoutMs));
      return processFallback(opts, started, a, findings, evidence);
    }
    failures.push(a);
    // A missing shell, or a configured program that is not a shell (nologin, true), gives way to a fallback.
    // A real shell that fails would fail the same way in bash reading the same files: stop there.
    const givesWay = a.kind === "missing" || (shell === configured && shellKind(shell) === "unknown");
    if (!givesWay) break;
  }
  if (failures.length > 0) findings.push(failureFinding(failures, undefined));
  return processFallback(opts, started, failures.at(-1), findings, evidence);
}
