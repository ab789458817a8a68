// Every child process Go Doctor starts goes through here: argv arrays only,
// its own process group, a timeout that kills the whole group, bounded output,
// and a promise that settles exactly once.

import { spawn } from "node:child_process";
import type { Env } from "./envPath";
import { hostPlatform } from "./platform";

export interface RunOptions {
  cwd?: string;
  env?: Env;
  timeoutMs: number;
  /** Bytes kept per stream; the rest is dropped and `truncated` is set. */
  maxOutputBytes?: number;
  /** Cancels the run like a timeout (the group is killed). */
  signal?: AbortSignal;
  /** Called with each chunk of output, for streaming fixes to the user. */
  onOutput?: (stream: "stdout" | "stderr", chunk: string) => void;
  /**
   * After the main process exits, how long to wait for its stdout/stderr to
   * close. A background child of a shell rc file can hold them open forever.
   */
  drainMs?: number;
  /**
   * Open file descriptors to hand the child instead of pipes: `stderr` replaces the stderr pipe, `fd3`
   * becomes the child's descriptor 3 (a shell trace written to a file of its own).
   */
  files?: { stderr?: number; fd3?: number };
}

export interface ProcessResult {
  argv: string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  truncated: boolean;
  /** Set when the process could not be started (ENOENT, EACCES, …). */
  spawnError?: { code: string; message: string };
  durationMs: number;
}

export type RunProcess = (argv: string[], options: RunOptions) => Promise<ProcessResult>;

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

function killGroup(pid: number | undefined): void {
  if (pid !== undefined) hostPlatform().killTree(pid);
}

/** Processes started by runProcess and not yet settled, so that a shutdown can kill them all. */
const live = new Set<number>();

export function killAllChildren(): void {
  for (const pid of live) killGroup(pid);
  live.clear();
}

export function liveChildCount(): number {
  return live.size;
}

export const runProcess: RunProcess = (argv, options) => {
  const started = performance.now();
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise<ProcessResult>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: ProcessResult["spawnError"];
    let drainTimer: NodeJS.Timeout | undefined;

    const [command, ...args] = argv;
    if (command === undefined) {
      resolve({
        argv,
        exitCode: null,
        signal: null,
        stdout: "",
        stderr: "",
        timedOut: false,
        cancelled: false,
        truncated: false,
        spawnError: { code: "EINVAL", message: "empty argv" },
        durationMs: 0,
      });
      return;
    }

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        // On Windows a child given both `Path` and `PATH` sees only one of them.
        env: options.env && hostPlatform().normaliseEnv(options.env),
        stdio: [
          "ignore",
          "pipe",
          options.files?.stderr ?? "pipe",
          ...(options.files?.fd3 !== undefined ? [options.files.fd3] : []),
        ],
        detached: true,
        windowsHide: true,
      });
    } catch (e) {
      // Some failures (a symlink loop: ELOOP) are thrown at once instead of emitted.
      const err = e as NodeJS.ErrnoException;
      resolve({
        argv,
        exitCode: null,
        signal: null,
        stdout: "",
        stderr: "",
        timedOut: false,
        cancelled: false,
        truncated: false,
        spawnError: { code: err.code ?? "UNKNOWN", message: err.message },
        durationMs: Math.round(performance.now() - started),
      });
      return;
    }
    if (child.pid !== undefined) live.add(child.pid);

    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (drainTimer) clearTimeout(drainTimer);
      options.signal?.removeEventListener("abort", onAbort);
      // Whatever is left of the group (a background child holding a pipe) goes too.
      killGroup(child.pid);
      if (child.pid !== undefined) live.delete(child.pid);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        argv,
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
        cancelled,
        truncated,
        spawnError,
        durationMs: Math.round(performance.now() - started),
      });
    };

    const collect = (stream: "stdout" | "stderr", chunks: Buffer[]) => (chunk: Buffer) => {
      const used = stream === "stdout" ? outBytes : errBytes;
      const room = max - used;
      if (room <= 0) {
        truncated = true;
      } else {
        const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
        if (kept.length < chunk.length) truncated = true;
        chunks.push(kept);
        if (stream === "stdout") outBytes += kept.length;
        else errBytes += kept.length;
      }
      options.onOutput?.(stream, chunk.toString("utf8"));
    };
    child.stdout?.on("data", collect("stdout", out));
    child.stderr?.on("data", collect("stderr", err));

    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
      finish();
    }, options.timeoutMs);

    const onAbort = (): void => {
      cancelled = true;
      killGroup(child.pid);
      finish();
    };
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (e: NodeJS.ErrnoException) => {
      spawnError = { code: e.code ?? "UNKNOWN", message: e.message };
      finish();
    });
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      drainTimer = setTimeout(finish, options.drainMs ?? 500);
    });
    child.on("close", () => finish());
  });
};

/** The first line of output that explains a failure, for messages. */
export function describeFailure(r: ProcessResult): string {
  if (r.spawnError) return `${r.spawnError.code}: ${r.spawnError.message}`;
  if (r.timedOut) return `no answer within the time limit (killed after ${r.durationMs} ms)`;
  if (r.cancelled) return "cancelled";
  if (r.signal) return `killed by ${r.signal}`;
  const text = (r.stderr.trim() || r.stdout.trim()).split("\n").slice(0, 3).join(" / ");
  return `exit code ${r.exitCode}${text ? `: ${text}` : ""}`;
}

/** `output` replaces the default (stdout then stderr), for output that must not be kept whole. */
export function evidenceOf(r: ProcessResult, cwd?: string, outputLimit = 2000, output?: string): Evidence {
  const text = (
    output ??
    [r.stdout, r.stderr]
      .map((t) => t.trim())
      .filter(Boolean)
      .join("\n")
  ).trim();
  return {
    command: r.argv,
    cwd,
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut: r.timedOut || undefined,
    durationMs: r.durationMs,
    output: text.length > outputLimit ? `${text.slice(0, outputLimit)}… (${text.length} characters)` : text,
  };
}

/** What a check ran and what came back, for `--verbose` and the report. */
export interface Evidence {
  /** argv of the command, or a short description such as "read go.mod". */
  command: string[];
  cwd?: string;
  exitCode?: number | null;
  signal?: string | null;
  timedOut?: boolean;
  durationMs?: number;
  /** Trimmed output, already redacted by the reporter before it is shown. */
  output?: string;
}
