// Is there a debug adapter at host:port? Connect under a timeout, send a DAP
// `initialize` and classify what comes back. The same hand-shake opens a
// remote-attach session in the adapter (with the user's own initialize), so
// probing never costs a single-use `dlv dap` server its one connection.

import * as net from "node:net";
import { finding } from "../model/findings";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { DapFrameParser, encodeDapMessage, type FrameEvent } from "./dapFraming";
import { fault } from "../model/faults";
import type { Finding } from "../model/findings";

export type SocketResult =
  | { ok: true; socket: net.Socket }
  | { ok: false; kind: "refused" | "timeout" | "error"; code?: string; detail: string };

/** A TCP connection under a timeout; refused and timed out are told apart. */
export function connectSocket(host: string, port: number, timeoutMs: number): Promise<SocketResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, kind: "timeout", detail: `no connection within ${timeoutMs} ms` });
    }, timeoutMs);
    const onError = (e: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      socket.destroy();
      if (e.code === "ECONNREFUSED")
        resolve({ ok: false, kind: "refused", code: e.code, detail: "connection refused" });
      else resolve({ ok: false, kind: "error", code: e.code, detail: e.message });
    };
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      // A later error is always followed by "close", which every user of the socket watches;
      // this keeps an error that comes before they attach from crashing the process.
      socket.on("error", () => undefined);
      resolve({ ok: true, socket });
    });
    socket.once("error", onError);
  });
}

export type DapHandshake =
  | {
      kind: "dap";
      socket: net.Socket;
      parser: DapFrameParser;
      response: DebugProtocol.InitializeResponse;
      /** Frames that arrived together with the response, still to be handled by the caller. */
      rest: FrameEvent[];
    }
  | { kind: "refused" }
  | { kind: "timeout"; phase: "connect" | "initialize" }
  | { kind: "not-dap"; detail: string }
  | { kind: "error"; code?: string; detail: string };

const DAP_PREFIX = "content-length";

/** Printable start of what a non-DAP server said, for the message. */
function excerpt(bytes: Buffer): string {
  const text = bytes
    .subarray(0, 200)
    .toString("utf8")
    .replace(/[^\x20-\x7e]+/g, " ")
    .trim();
  return text.length > 0 ? JSON.stringify(text) : `${bytes.length} bytes of binary data`;
}

/**
 * Connects and sends `initialize` (with the given seq and arguments); resolves once
 * the answer shows whether the endpoint speaks DAP. On success the socket stays open.
 */
export async function dapHandshake(
  host: string,
  port: number,
  timeoutMs: number,
  initialize: DebugProtocol.InitializeRequest,
): Promise<DapHandshake> {
  const deadline = performance.now() + timeoutMs;
  const connected = await connectSocket(host, port, timeoutMs);
  if (!connected.ok) {
    if (connected.kind === "refused") return { kind: "refused" };
    if (connected.kind === "timeout") return { kind: "timeout", phase: "connect" };
    return { kind: "error", code: connected.code, detail: connected.detail };
  }
  const socket = connected.socket;
  const parser = new DapFrameParser();
  return new Promise<DapHandshake>((resolve) => {
    let received = Buffer.alloc(0);
    let settled = false;
    const settle = (result: DapHandshake): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onError);
      if (result.kind !== "dap") socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        settle(
          received.length > 0
            ? { kind: "not-dap", detail: `answered ${excerpt(received)}` }
            : { kind: "timeout", phase: "initialize" },
        ),
      Math.max(1, deadline - performance.now()),
    );
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]).subarray(0, 4096);
      const head = received.subarray(0, DAP_PREFIX.length).toString("latin1").toLowerCase();
      if (!DAP_PREFIX.startsWith(head)) {
        settle({ kind: "not-dap", detail: `answered ${excerpt(received)}` });
        return;
      }
      const frames = parser.push(chunk);
      for (let i = 0; i < frames.length; i++) {
        const frame = frames[i];
        if (frame.kind === "error") {
          settle({ kind: "not-dap", detail: frame.reason });
          return;
        }
        const m = frame.body as Partial<DebugProtocol.Response> | null;
        if (m?.type === "response" && m.request_seq === initialize.seq) {
          if (m.command !== "initialize") {
            settle({ kind: "not-dap", detail: `answered initialize with a ${String(m.command)} response` });
            return;
          }
          settle({
            kind: "dap",
            socket,
            parser,
            response: m as DebugProtocol.InitializeResponse,
            rest: frames.slice(i + 1),
          });
          return;
        }
      }
    };
    const onClose = (): void =>
      settle({
        kind: "not-dap",
        detail:
          received.length > 0
            ? `answered ${excerpt(received)} and closed the connection`
            : "closed the connection without answering",
      });
    const onError = (e: NodeJS.ErrnoException): void => settle({ kind: "error", code: e.code, detail: e.message });
    socket.on("data", onData);
    socket.on("close", onClose);
    socket.on("error", onError);
    socket.write(encodeDapMessage(initialize));
  });
}

export type ProbeResult =
  | { kind: "dap"; capabilities: DebugProtocol.Capabilities; success: boolean; message?: string }
  | { kind: "refused" }
  | { kind: "timeout"; phase: "connect" | "initialize" }
  | { kind: "not-dap"; detail: string }
  | { kind: "error"; code?: string; detail: string };

export const PROBE_INITIALIZE: DebugProtocol.InitializeRequest = {
  seq: 1,
  type: "request",
  command: "initialize",
  arguments: {
    clientID: "go-doctor",
    clientName: "Go Doctor",
    adapterID: "go",
    linesStartAt1: true,
    columnsStartAt1: true,
    pathFormat: "path",
  },
};

/** One look at host:port: a separate connection that is closed afterwards. */
export async function probeDapEndpoint(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  const h = await dapHandshake(host, port, timeoutMs, PROBE_INITIALIZE);
  if (h.kind !== "dap") return h;
  h.socket.destroy();
  return { kind: "dap", capabilities: h.response.body ?? {}, success: h.response.success, message: h.response.message };
}

function endpoint(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The finding for a probe, or undefined when the endpoint is a working debug adapter.
 * `purpose: "listen"` asks whether dlv could listen there: anything answering means the port is taken.
 */
export function probeFinding(
  host: string,
  port: number,
  result: ProbeResult,
  purpose: "attach" | "listen" = "attach",
): Finding | undefined {
  const where = endpoint(host, port);
  if (purpose === "listen") {
    if (result.kind === "refused") return undefined;
    const f = fault("GD093");
    return finding(
      "GD093",
      `${f.code}: ${where} is already in use (something accepted a connection there), so dlv dap cannot listen on it.`,
      {
        fixes: [
          {
            kind: "manual",
            title: "Free the port or choose another",
            detail: `Stop the program listening on ${where}, or use port 0 to let dlv pick a free one.`,
          },
        ],
      },
    );
  }
  switch (result.kind) {
    case "dap": {
      if (result.success) return undefined;
      return notDap(where, `answered initialize with an error: ${result.message ?? "no message"}`);
    }
    case "refused":
      return connectFailed(
        where,
        "the connection was refused (nothing listens there)",
        "Start the headless server first, e.g. `dlv dap --listen=" +
          where +
          "` or `dlv debug --headless --listen=" +
          where +
          "`, or fix host/port in launch.json.",
      );
    case "timeout":
      return result.phase === "connect"
        ? connectFailed(
            where,
            "the connection timed out (a firewall, a wrong host, or a server that does not accept)",
            "Check that the host is reachable and that the port is forwarded.",
          )
        : notDap(
            where,
            "accepted the connection but did not answer a DAP initialize in time (it may be busy with another client or not be a debug adapter)",
          );
    case "not-dap":
      return notDap(where, result.detail);
    case "error":
      return connectFailed(
        where,
        `the connection failed: ${result.code ?? ""} ${result.detail}`.replace(/\s+/g, " "),
        "Check host and port in launch.json.",
      );
  }
}

function connectFailed(where: string, why: string, next: string): Finding {
  const f = fault("GD091");
  return finding("GD091", `${f.code}: could not connect to the debug adapter at ${where}: ${why}.`, {
    fixes: [{ kind: "manual", title: "Start or reach the debug server", detail: next }],
  });
}

function notDap(where: string, why: string): Finding {
  const f = fault("GD092");
  return finding("GD092", `${f.code}: the endpoint at ${where} does not speak DAP: ${why}.`, {
    fixes: [
      {
        kind: "manual",
        title: "Point the launch configuration at a DAP server",
        detail:
          "Delve older than 1.7.3 answers JSON-RPC only; start `dlv dap --listen=...` or a current `dlv --headless` and attach to that.",
      },
    ],
  });
}
