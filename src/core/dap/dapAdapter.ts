// Go Doctor's debug adapter: holds the client's messages until the debug gate
// opens, then starts `dlv dap` (or reaches a remote server) with the gate's
// environment and relays both ways. Shaped like vscode.DebugAdapter so the
// extension wraps it in DebugAdapterInlineImplementation; no vscode import.
// A remote target (attach mode remote, or launch with a port) needs no local
// dlv and so does not wait for the gate. Failures answer the pending requests
// with the fault code in the message, then send `terminated`.
//
// Sequence numbers: dlv's messages pass through untouched, so the client sees
// dlv's numbering; the adapter's own messages (answers while holding, errors,
// a final `terminated`) continue after the highest number dlv has used.

import type * as net from "node:net";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { DapFrameParser, encodeDapMessage, isProtocolMessage, type FrameEvent } from "./dapFraming";
import { startDlvDap, type DlvDapServer } from "./dlvDapServer";
import { dapHandshake, probeFinding } from "./dapProbe";
import { translateLaunch, type DapArguments, type LaunchTarget } from "../launch/launchTranslate";
import type { RunProcess } from "../base/process";
import type { Env } from "../base/envPath";
import { errorMessage } from "../base/errors";
import { within } from "../base/timeout";

export type DebugProtocolMessage = DebugProtocol.ProtocolMessage;

export type GateResult = { ok: true; dlvPath: string; env: Env } | { ok: false; code: string; message: string };

export interface DapAdapterOptions {
  /** Resolves when the debug gate opens (or fails); aborted when the session ends first. */
  waitForGate: (signal: AbortSignal) => Promise<GateResult>;
  /**
   * The resolved launch configuration, when the caller knows it up front (the extension
   * does). Every message, `initialize` included, is then held and dlv answers it. Without
   * it the adapter answers `initialize` itself, so that the client sends its launch/attach.
   */
  configuration?: DapArguments & { request?: string };
  listenTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** `--listen` address for a local dlv; default 127.0.0.1:0 (dlv picks a free port). */
  listen?: string;
  log?: (line: string) => void;
  runProcess?: RunProcess;
}

/** What dlv 1.27 answers to initialize; claimed when the adapter must answer before dlv runs. */
export const DLV_CAPABILITIES: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsFunctionBreakpoints: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsEvaluateForHovers: true,
  exceptionBreakpointFilters: [
    { filter: "unrecovered-panic", label: "Unrecovered Panics", default: true },
    { filter: "runtime-fatal-throw", label: "Fatal Throws", default: true },
  ],
  supportsSetVariable: true,
  supportsRestartRequest: true,
  supportsExceptionInfoRequest: true,
  supportsDelayedStackTraceLoading: true,
  supportsLogPoints: true,
  supportsDataBreakpoints: true,
  supportsReadMemoryRequest: true,
  supportsWriteMemoryRequest: true,
  supportsDisassembleRequest: true,
  supportsClipboardContext: true,
  supportsSteppingGranularity: true,
  supportsInstructionBreakpoints: true,
};

type State =
  | { kind: "holding" }
  | { kind: "starting" }
  | { kind: "relaying"; socket: net.Socket; dlv?: DlvDapServer }
  | { kind: "failed"; message: string }
  | { kind: "ended" };

const isRequest = (m: DebugProtocolMessage): m is DebugProtocol.Request => m.type === "request";
const isLaunchOrAttach = (m: DebugProtocolMessage): m is DebugProtocol.Request =>
  isRequest(m) && (m.command === "launch" || m.command === "attach");

export class DapAdapter {
  private readonly listeners = new Set<(m: DebugProtocolMessage) => void>();
  private state: State = { kind: "holding" };
  private held: DebugProtocolMessage[] = [];
  private gate: GateResult | undefined;
  private readonly sessionAbort = new AbortController();
  /** seq of an initialize the adapter answered itself; dlv's answer to it is swallowed. */
  private answeredInitialize: number | undefined;
  private readonly swallow = new Set<number>();
  /** Client requests dlv has not answered yet: seq → command. */
  private readonly inflight = new Map<number, string>();
  private lastSeq = 0;
  private sentTerminated = false;
  private disconnecting = false;
  private target: LaunchTarget | undefined;
  private readonly log: (line: string) => void;
  private starting: Promise<void> = Promise.resolve();
  private stopping: Promise<void> = Promise.resolve();

  constructor(private readonly options: DapAdapterOptions) {
    this.log = options.log ?? (() => undefined);
    void options.waitForGate(this.sessionAbort.signal).then(
      (r) => this.onGate(r),
      (e: unknown) =>
        this.onGate({
          ok: false,
          code: "GD099",
          message: `the debug gate failed: ${errorMessage(e)}`,
        }),
    );
  }

  /** vscode.DebugAdapter's event: messages for the client. */
  readonly onDidSendMessage = (listener: (m: DebugProtocolMessage) => void): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  handleMessage(message: DebugProtocolMessage): void {
    switch (this.state.kind) {
      case "ended":
        if (isRequest(message)) this.answerAfterFailure(message, "the debug session has ended");
        return;
      case "relaying":
        this.forward(this.state.socket, message);
        return;
      case "failed":
        if (isRequest(message)) this.answerAfterFailure(message, this.state.message);
        return;
      case "holding":
      case "starting":
        this.hold(message);
    }
  }

  dispose(): void {
    if (this.state.kind === "ended") return;
    const previous = this.state;
    this.state = { kind: "ended" };
    this.sessionAbort.abort();
    this.listeners.clear();
    if (previous.kind === "relaying") this.stopping = this.shutdown(previous.socket, previous.dlv);
  }

  /** Settles once dlv (if one was started) has exited and the connection is closed. */
  async closed(): Promise<void> {
    await this.starting;
    await this.stopping;
  }

  // ---- holding ------------------------------------------------------------------------

  private hold(message: DebugProtocolMessage): void {
    if (isRequest(message) && (message.command === "disconnect" || message.command === "terminate")) {
      // The user gave up while the gate was closed: nothing to start.
      this.log(`${message.command} before dlv started; ending the session`);
      this.sessionAbort.abort();
      for (const m of this.held)
        if (isRequest(m) && m.seq !== this.answeredInitialize)
          this.respond(m, false, "the debug session was stopped before it started");
      this.held = [];
      this.respond(message, true);
      this.state = { kind: "ended" };
      return;
    }
    this.held.push(message);
    if (
      isRequest(message) &&
      message.command === "initialize" &&
      this.options.configuration === undefined &&
      this.answeredInitialize === undefined
    ) {
      this.answeredInitialize = message.seq;
      this.respond(message, true, undefined, DLV_CAPABILITIES);
    }
    this.tryStart();
  }

  private onGate(result: GateResult): void {
    this.gate = result;
    this.log(result.ok ? `debug gate open: ${result.dlvPath}` : `debug gate failed: ${result.code}: ${result.message}`);
    this.tryStart();
  }

  /**
   * Starts as soon as enough is known. A remote target needs no local dlv, so it does not
   * wait for the gate (nor fail with it); a local one waits for the gate to open.
   */
  private tryStart(): void {
    if (this.state.kind !== "holding") return;
    const config = this.options.configuration;
    const request = config
      ? { command: config.request ?? "launch", arguments: config }
      : this.held.find(isLaunchOrAttach);
    const translated = request
      ? translateLaunch(request.command, (request.arguments ?? {}) as DapArguments)
      : undefined;
    if (translated && !translated.ok) {
      this.fail(translated.finding.message);
      return;
    }
    const target = translated?.target;
    if (target?.kind === "remote") {
      // The client's own initialize opens the connection (and doubles as the probe).
      const initialize = this.held.find(
        (m): m is DebugProtocol.InitializeRequest => isRequest(m) && m.command === "initialize",
      );
      if (!initialize) return;
      this.target = target;
      this.state = { kind: "starting" };
      this.sessionAbort.abort();
      this.starting = this.startRemote(target, initialize);
      return;
    }
    // Without a configuration, the launch/attach decides (it may be remote and need no gate).
    if (this.gate === undefined || !target) return;
    if (!this.gate.ok) {
      const { code, message } = this.gate;
      this.fail(message.startsWith(code) ? message : `${code}: ${message}`);
      return;
    }
    this.target = target;
    this.state = { kind: "starting" };
    this.starting = this.startLocal(target, this.gate.dlvPath, this.gate.env);
  }

  private async startLocal(target: Extract<LaunchTarget, { kind: "local" }>, dlvPath: string, env: Env): Promise<void> {
    const started = await startDlvDap({
      dlvPath,
      env,
      cwd: target.dlvCwd,
      dlvFlags: target.dlvFlags,
      listen: this.options.listen,
      listenTimeoutMs: this.options.listenTimeoutMs,
      connectTimeoutMs: this.options.connectTimeoutMs,
      runProcess: this.options.runProcess,
      signal: this.sessionAbort.signal,
      log: this.log,
    });
    if (!started.ok) {
      this.fail(started.finding.message);
      return;
    }
    const dlv = started.server;
    if (this.state.kind !== "starting") {
      // Disposed while dlv was starting.
      await dlv.stop();
      return;
    }
    this.state = { kind: "relaying", socket: dlv.socket, dlv };
    void dlv.exited.then((r) =>
      this.onDlvGone(`dlv exited (${r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`})`),
    );
    this.relay(dlv.socket, new DapFrameParser(), []);
    this.replayHeld(dlv.socket, undefined);
  }

  private async startRemote(
    target: Extract<LaunchTarget, { kind: "remote" }>,
    initialize: DebugProtocol.InitializeRequest,
  ): Promise<void> {
    const timeoutMs = this.options.connectTimeoutMs ?? 5_000;
    this.log(`connecting to the remote debug server at ${target.host}:${target.port}`);
    const h = await dapHandshake(target.host, target.port, timeoutMs, initialize);
    if (h.kind !== "dap") {
      this.fail(probeFinding(target.host, target.port, h)?.message ?? `could not reach ${target.host}:${target.port}`);
      return;
    }
    if (this.state.kind !== "starting") {
      h.socket.destroy();
      return;
    }
    this.state = { kind: "relaying", socket: h.socket };
    this.fromDlv(initialize.seq === this.answeredInitialize ? this.swallowed(h.response) : h.response);
    this.relay(h.socket, h.parser, h.rest);
    this.replayHeld(h.socket, initialize.seq);
  }

  /** Marks dlv's answer to an initialize the client never sent to it (or already got answered). */
  private swallowed(response: DebugProtocol.InitializeResponse): DebugProtocol.InitializeResponse {
    this.swallow.add(response.request_seq);
    return response;
  }

  private replayHeld(socket: net.Socket, alreadySent: number | undefined): void {
    const held = this.held;
    this.held = [];
    for (const m of held) {
      if (m.seq === alreadySent && isRequest(m) && m.command === "initialize") continue;
      if (m.seq === this.answeredInitialize && isRequest(m) && m.command === "initialize") this.swallow.add(m.seq);
      if (this.state.kind !== "relaying") return;
      this.forward(socket, m);
    }
  }

  // ---- relaying -----------------------------------------------------------------------

  private relay(socket: net.Socket, parser: DapFrameParser, rest: FrameEvent[]): void {
    const handle = (frames: FrameEvent[]): void => {
      for (const frame of frames) {
        if (frame.kind === "error") {
          this.onDlvGone(`the debug server sent something that is not DAP: ${frame.reason}`);
          return;
        }
        if (!isProtocolMessage(frame.body)) {
          this.onDlvGone(
            `the debug server sent a frame that is not a DAP message: ${JSON.stringify(frame.body).slice(0, 200)}`,
          );
          return;
        }
        this.fromDlv(frame.body);
      }
    };
    handle(rest);
    socket.on("data", (chunk: Buffer) => handle(parser.push(chunk)));
    socket.on("close", () => this.onDlvGone("the connection to the debug server closed"));
    socket.on("error", (e) => this.log(`debug server connection: ${e.message}`));
  }

  private fromDlv(message: DebugProtocolMessage): void {
    if (typeof message.seq === "number" && message.seq > this.lastSeq) this.lastSeq = message.seq;
    if (message.type === "response") {
      const r = message as DebugProtocol.Response;
      if (this.swallow.delete(r.request_seq)) {
        // The client got the adapter's answer already; tell it what this dlv really supports.
        if (
          r.command === "initialize" &&
          r.success &&
          r.body &&
          JSON.stringify(r.body) !== JSON.stringify(DLV_CAPABILITIES)
        ) {
          const event: DebugProtocol.CapabilitiesEvent = {
            seq: r.seq,
            type: "event",
            event: "capabilities",
            body: { capabilities: r.body as DebugProtocol.Capabilities },
          };
          this.emit(event);
        }
        return;
      }
      this.inflight.delete(r.request_seq);
    } else if (message.type === "event" && (message as DebugProtocol.Event).event === "terminated") {
      this.sentTerminated = true;
    }
    this.emit(message);
  }

  private forward(socket: net.Socket, message: DebugProtocolMessage): void {
    let out = message;
    if (isRequest(message)) {
      if (message.command === "disconnect" || message.command === "terminate") this.disconnecting = true;
      if (isLaunchOrAttach(message)) {
        // Without a known configuration the target was derived from this very request; with one,
        // dlv was started from the configuration and the request still needs its envFile read.
        const t =
          this.options.configuration === undefined && this.target
            ? { ok: true as const, target: this.target }
            : translateLaunch(message.command, (message.arguments ?? {}) as DapArguments);
        if (!t.ok) {
          this.respond(message, false, t.finding.message);
          return;
        }
        out = { ...message, arguments: t.target.arguments } as DebugProtocol.Request;
      }
      if (!this.swallow.has(message.seq)) this.inflight.set(message.seq, message.command);
    }
    socket.write(encodeDapMessage(out));
  }

  private onDlvGone(reason: string): void {
    if (this.state.kind !== "relaying") return;
    const { socket, dlv } = this.state;
    const output = (dlv?.output() ?? "")
      .split("\n")
      .filter((l) => !l.startsWith("DAP server listening at:"))
      .join("\n");
    this.state = { kind: "ended" };
    this.log(reason);
    const expected = this.disconnecting;
    for (const [seq, command] of this.inflight) {
      this.respond(
        { seq, command },
        command === "disconnect" || command === "terminate",
        `${reason}${output ? `: ${output.trim().slice(-1000)}` : ""}`,
      );
    }
    this.inflight.clear();
    if (!expected) {
      const detail = output.trim() ? `${reason}:\n${output.trim().slice(-2000)}\n` : `${reason}.\n`;
      this.emit({
        seq: this.nextSeq(),
        type: "event",
        event: "output",
        body: { category: "stderr", output: detail },
      } as DebugProtocol.OutputEvent);
      if (!this.sentTerminated) this.terminated();
    }
    this.stopping = this.shutdown(socket, dlv);
  }

  /** Lets dlv end its debuggee (and remove its build) before the process group is killed. */
  private async shutdown(socket: net.Socket, dlv: DlvDapServer | undefined): Promise<void> {
    if (dlv && !this.disconnecting && !socket.destroyed) {
      socket.write(
        encodeDapMessage({ seq: 0, type: "request", command: "disconnect", arguments: { terminateDebuggee: true } }),
      );
      await within(dlv.exited, 2000, () => undefined);
    }
    socket.destroy();
    if (dlv) await dlv.stop();
  }

  // ---- the adapter's own messages -----------------------------------------------------

  private fail(message: string): void {
    if (this.state.kind === "ended") return;
    this.state = { kind: "failed", message };
    this.log(message);
    const pending = this.held.filter(
      (m): m is DebugProtocol.Request => isRequest(m) && m.seq !== this.answeredInitialize,
    );
    this.held = [];
    for (const m of pending) this.respond(m, false, message);
    if (pending.length > 0) this.terminated();
  }

  private answerAfterFailure(request: DebugProtocol.Request, message: string): void {
    const harmless = request.command === "disconnect" || request.command === "terminate";
    this.respond(request, harmless, harmless ? undefined : message);
    if (!this.sentTerminated && !harmless) this.terminated();
    if (harmless && this.state.kind === "failed") this.state = { kind: "ended" };
  }

  private terminated(): void {
    this.sentTerminated = true;
    this.emit({ seq: this.nextSeq(), type: "event", event: "terminated" } as DebugProtocol.TerminatedEvent);
  }

  private respond(
    request: Pick<DebugProtocol.Request, "seq" | "command">,
    success: boolean,
    message?: string,
    body?: unknown,
  ): void {
    const response: DebugProtocol.Response = {
      seq: this.nextSeq(),
      type: "response",
      request_seq: request.seq,
      command: request.command,
      success,
    };
    if (message !== undefined) {
      response.message = message;
      if (!success) response.body = { error: { id: 2090, format: message.replace(/[{}]/g, ""), showUser: true } };
    }
    if (body !== undefined) response.body = body;
    this.emit(response);
  }

  private nextSeq(): number {
    return ++this.lastSeq;
  }

  private emit(message: DebugProtocolMessage): void {
    for (const l of this.listeners) l(message);
  }
}
