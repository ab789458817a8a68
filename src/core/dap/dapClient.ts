// A minimal DAP client over a socket, for the remote probe and the smoke test:
// send requests, await their responses and events, each under a timeout.
// Frames are parsed with dapFraming; anything that is not DAP ends the client.

import type * as net from "node:net";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { DapFrameParser, encodeDapMessage, isProtocolMessage } from "./dapFraming";

const MAX_KEPT_EVENTS = 1000;

export class DapTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what}: no answer within ${timeoutMs} ms`);
  }
}

export class DapClosedError extends Error {}

interface Waiter {
  match(message: DebugProtocol.ProtocolMessage): boolean;
  resolve(message: DebugProtocol.ProtocolMessage): void;
  reject(error: Error): void;
}

export class DapClient {
  private readonly parser = new DapFrameParser();
  private seq = 1;
  private waiters = new Set<Waiter>();
  private closedReason: string | undefined;
  /** Events received so far, oldest first, so that a wait after the fact still sees them. */
  readonly events: DebugProtocol.Event[] = [];

  constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("close", () => this.close("the connection closed"));
    socket.on("error", (e) => this.close(`connection error: ${e.message}`));
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  send(command: string, args: unknown, timeoutMs: number): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    const reply = this.wait<DebugProtocol.Response>(
      (m) => m.type === "response" && (m as DebugProtocol.Response).request_seq === seq,
      `${command} request`,
      timeoutMs,
    );
    const message: DebugProtocol.Request = { seq, type: "request", command };
    if (args !== undefined) message.arguments = args;
    if (!this.closed) this.socket.write(encodeDapMessage(message));
    return reply;
  }

  /** The first event named `event` (already received or still to come) that satisfies `predicate`. */
  waitForEvent(
    event: string,
    timeoutMs: number,
    predicate: (e: DebugProtocol.Event) => boolean = () => true,
  ): Promise<DebugProtocol.Event> {
    const match = (m: DebugProtocol.ProtocolMessage): boolean =>
      m.type === "event" && (m as DebugProtocol.Event).event === event && predicate(m as DebugProtocol.Event);
    const seen = this.events.find(match);
    if (seen) {
      this.forget(seen);
      return Promise.resolve(seen);
    }
    return this.wait<DebugProtocol.Event>(match, `${event} event`, timeoutMs, true);
  }

  close(reason = "closed by the client"): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    this.socket.destroy();
    for (const w of this.waiters) w.reject(new DapClosedError(reason));
    this.waiters.clear();
  }

  /** Removes an event that a wait has taken, so that the next wait sees the next one. */
  private forget(event: DebugProtocol.Event): void {
    const i = this.events.indexOf(event);
    if (i >= 0) this.events.splice(i, 1);
  }

  private wait<T extends DebugProtocol.ProtocolMessage>(
    match: (m: DebugProtocol.ProtocolMessage) => boolean,
    what: string,
    timeoutMs: number,
    consumesEvent = false,
  ): Promise<T> {
    if (this.closedReason !== undefined) return Promise.reject(new DapClosedError(this.closedReason));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new DapTimeoutError(what, timeoutMs));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (m) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (consumesEvent) this.forget(m as DebugProtocol.Event);
          resolve(m as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.add(waiter);
    });
  }

  private onData(chunk: Buffer): void {
    for (const frame of this.parser.push(chunk)) {
      if (frame.kind === "error") {
        this.close(`the other side does not speak DAP: ${frame.reason}`);
        return;
      }
      if (!isProtocolMessage(frame.body)) {
        this.close(`the other side sent a frame that is not a DAP message`);
        return;
      }
      const message = frame.body as DebugProtocol.ProtocolMessage;
      if (message.type === "event") {
        this.events.push(message as DebugProtocol.Event);
        // Only recent events can still be waited for; a long session must not grow without bound.
        if (this.events.length > MAX_KEPT_EVENTS) this.events.splice(0, this.events.length - MAX_KEPT_EVENTS);
      }
      for (const w of this.waiters) {
        if (w.match(message)) {
          w.resolve(message);
          break;
        }
      }
    }
  }
}
