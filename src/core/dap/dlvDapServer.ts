// Starting `dlv dap` and connecting to it: the moment the debug hand-off
// breaks in practice. Each way it fails becomes a finding with dlv's own
// words in it: no listening line (GD090), port taken (GD093), no connection (GD091).

import type * as net from "node:net";
import { fault, type FaultCode } from "../model/faults";
import type { Finding } from "../model/findings";
import { evidenceOf, runProcess as defaultRunProcess, type ProcessResult, type RunProcess } from "../base/process";
import { cleanEnv } from "../base/envPath";
import { connectSocket } from "./dapProbe";
import type { Env } from "../base/envPath";
import type { Evidence } from "../base/process";
import { within } from "../base/timeout";

export interface DlvDapOptions {
  dlvPath: string;
  env: Env;
  cwd?: string;
  /** Extra flags before `--listen`, e.g. a launch configuration's `dlvFlags`. */
  dlvFlags?: string[];
  /** host:port for `--listen`; port 0 lets dlv choose. */
  listen?: string;
  listenTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Upper bound on the whole dlv session (the process is killed after it). */
  sessionTimeoutMs?: number;
  runProcess?: RunProcess;
  /** Abandons the start: dlv is killed and the result is a failure saying so. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Called as start-up progresses, for the smoke test's step timings. */
  onStage?: (stage: "spawned" | "listening" | "connected") => void;
}

/** A running `dlv dap` with a connected socket. */
export interface DlvDapServer {
  host: string;
  port: number;
  socket: net.Socket;
  argv: string[];
  /** dlv's stdout and stderr so far. */
  output(): string;
  /** Settles when dlv exits (or is killed). */
  exited: Promise<ProcessResult>;
  /** Kills dlv's process group and waits for the exit. */
  stop(): Promise<ProcessResult>;
}

export type DlvDapStart =
  | { ok: true; server: DlvDapServer }
  | { ok: false; stage: "spawn" | "listen" | "connect"; finding: Finding; evidence: Evidence };

export const DEFAULT_LISTEN_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

const LISTEN_LINE = /DAP server listening at:\s*(?:\[([^\]]+)\]|([^\s:]+)):(\d+)/;

/** host and port from dlv's "DAP server listening at: 127.0.0.1:PORT" line (IPv6 in brackets). */
export function parseListenLine(text: string): { host: string; port: number } | undefined {
  const m = LISTEN_LINE.exec(text);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  return { host: m[1] ?? m[2], port };
}

export function dlvDapArgv(dlvPath: string, listen: string, dlvFlags: readonly string[] = []): string[] {
  return [dlvPath, "dap", ...dlvFlags, `--listen=${listen}`];
}

function tail(text: string, max = 1500): string {
  const t = text.trim();
  return t.length > max ? `…${t.slice(-max)}` : t;
}

function finding(code: FaultCode, message: string, details: string[], fixTitle: string, fixDetail: string): Finding {
  const f = fault(code);
  return {
    code,
    severity: f.severity,
    message: `${code}: ${message}`,
    details,
    fixes: [{ kind: "manual", title: fixTitle, detail: fixDetail }],
  };
}

/** Starts `dlv dap`, waits for its listening line and connects. Never throws; kills dlv on any failure. */
export async function startDlvDap(options: DlvDapOptions): Promise<DlvDapStart> {
  const run = options.runProcess ?? defaultRunProcess;
  const listen = options.listen ?? "127.0.0.1:0";
  const listenTimeoutMs = options.listenTimeoutMs ?? DEFAULT_LISTEN_TIMEOUT_MS;
  const argv = dlvDapArgv(options.dlvPath, listen, options.dlvFlags);
  const log = options.log ?? (() => undefined);
  const abort = new AbortController();
  const onCancel = (): void => abort.abort();
  options.signal?.addEventListener("abort", onCancel, { once: true });
  if (options.signal?.aborted) abort.abort();
  let output = "";
  let announced: ((at: { host: string; port: number }) => void) | undefined;
  const listening = new Promise<{ host: string; port: number }>((resolve) => (announced = resolve));

  log(`starting ${argv.join(" ")}`);
  const exited = run(argv, {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    timeoutMs: options.sessionTimeoutMs ?? MAX_TIMER_MS,
    signal: abort.signal,
    drainMs: 200,
    onOutput: (_stream, chunk) => {
      output += chunk;
      if (output.length > 64 * 1024) output = output.slice(-32 * 1024);
      const at = parseListenLine(output);
      if (at) announced?.(at);
      for (const line of chunk.split("\n")) if (line.trim()) log(`dlv: ${line.trimEnd()}`);
    },
  });
  options.onStage?.("spawned");

  const stop = async (): Promise<ProcessResult> => {
    abort.abort();
    return exited;
  };
  const failed = (stage: "spawn" | "listen" | "connect", f: Finding, r?: ProcessResult): DlvDapStart => ({
    ok: false,
    stage,
    finding: f,
    evidence: r ? evidenceOf(r, options.cwd) : { command: argv, cwd: options.cwd, output: tail(output) },
  });

  const first = await within(
    Promise.race([
      listening.then((at) => ({ kind: "listening" as const, at })),
      exited.then((r) => ({ kind: "exited" as const, r })),
    ]),
    listenTimeoutMs,
    () => ({ kind: "timeout" as const }),
  );

  if (first.kind !== "listening") {
    const r = first.kind === "exited" ? first.r : await stop();
    if (r.spawnError) {
      const code: FaultCode = r.spawnError.code === "ENOENT" ? "GD020" : "GD025";
      return failed(
        "spawn",
        finding(
          code,
          `could not start ${options.dlvPath}: ${r.spawnError.code} (${r.spawnError.message}).`,
          [],
          "Install or point to a working dlv",
          "Run `go install github.com/go-delve/delve/cmd/dlv@latest` with the Go you debug, and make sure its directory is on PATH.",
        ),
        r,
      );
    }
    const text = tail(output || `${r.stdout}${r.stderr}`);
    if (options.signal?.aborted) {
      return failed(
        "listen",
        finding(
          "GD090",
          `dlv dap start-up was cancelled before it printed its listening line.`,
          text ? [text] : [],
          "Start the debug session again",
          "The session ended while dlv was starting.",
        ),
        r,
      );
    }
    if (/address already in use|EADDRINUSE|only one usage of each socket address/i.test(text)) {
      return failed(
        "listen",
        finding(
          "GD093",
          `dlv dap could not listen on ${listen}: the address is already in use${r.exitCode !== null ? ` (exit code ${r.exitCode})` : ""}: ${text}`,
          [text],
          "Free the port or let dlv choose",
          `Stop whatever listens on ${listen}, or drop the fixed port (port 0 picks a free one).`,
        ),
        r,
      );
    }
    const seconds = listenTimeoutMs >= 1000 ? `${+(listenTimeoutMs / 1000).toFixed(1)} s` : `${listenTimeoutMs} ms`;
    const how =
      first.kind === "timeout"
        ? `did not print its listening line within ${seconds} (killed)`
        : `exited before printing its listening line (${r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`})`;
    const logDest = options.dlvFlags?.find((f) => /^--log-dest(=|$)/.test(f));
    if (logDest && first.kind === "timeout") {
      // dlv writes its listening line to the --log-dest target instead of stdout.
      return failed(
        "listen",
        finding(
          "GD090",
          `dlv dap ${how}: dlvFlags has ${logDest}, which sends the listening line to the log destination instead of stdout.`,
          text ? [text] : [],
          "Drop --log-dest from dlvFlags",
          "Remove --log-dest from dlvFlags in launch.json (keep --log and --log-output; the log then goes to dlv's stderr, which Go Doctor shows in its output).",
        ),
        r,
      );
    }
    return failed(
      "listen",
      finding(
        "GD090",
        `dlv dap ${how}: ${text || "no output"}`,
        text ? [text] : [],
        "Check dlv itself",
        `Run \`${argv.join(" ")}\` in a terminal with the same environment; it should print "DAP server listening at: 127.0.0.1:PORT". Reinstall Delve if it does not.`,
      ),
      r,
    );
  }

  options.onStage?.("listening");
  const { host, port } = first.at;
  const connected = await connectSocket(host, port, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  if (!connected.ok) {
    const r = await stop();
    const why =
      connected.kind === "refused"
        ? "connection refused"
        : connected.kind === "timeout"
          ? `timed out (${connected.detail})`
          : `${connected.code ?? "error"}: ${connected.detail}`;
    return failed(
      "connect",
      finding(
        "GD091",
        `could not connect to dlv dap at ${host}:${port}: ${why}.`,
        [tail(output)],
        "Check local connections",
        "A firewall or a sandbox may block connections to 127.0.0.1; try again, or run dlv with --log to see what it does.",
      ),
      r,
    );
  }
  // From here on the caller owns dlv's lifetime (and ends it gracefully).
  options.signal?.removeEventListener("abort", onCancel);
  options.onStage?.("connected");
  log(`connected to dlv dap at ${host}:${port}`);
  return { ok: true, server: { host, port, socket: connected.socket, argv, output: () => output, exited, stop } };
}
