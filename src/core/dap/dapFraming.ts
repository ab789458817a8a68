// DAP wire framing: `Content-Length: N\r\n\r\n` followed by N bytes of JSON.
// A tolerant, bounded parser: garbage headers and oversized frames become
// errors reported to the caller, never exceptions or unbounded buffers.

export const MAX_DAP_FRAME = 64 * 1024 * 1024;

export type FrameEvent = { kind: "message"; body: unknown; raw: Buffer } | { kind: "error"; reason: string };

export class DapFrameParser {
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly maxFrame = MAX_DAP_FRAME) {}

  /** Feeds bytes; returns the complete messages (and at most one error, after which input is ignored). */
  push(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const events: FrameEvent[] = [];
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) {
        if (this.buffer.length > 8192) return this.fail(events, "header section longer than 8 KiB");
        return events;
      }
      const header = this.buffer.subarray(0, headerEnd).toString("latin1");
      let length: number | undefined;
      for (const line of header.split("\r\n")) {
        const m = /^Content-Length:\s*(\d+)\s*$/i.exec(line);
        if (m?.[1] !== undefined) length = Number(m[1]);
        else if (!/^[A-Za-z-]+:/.test(line))
          return this.fail(events, `not a DAP header: ${JSON.stringify(line.slice(0, 80))}`);
      }
      if (length === undefined) return this.fail(events, "header without Content-Length");
      if (length > this.maxFrame)
        return this.fail(events, `frame of ${length} bytes exceeds the ${this.maxFrame} byte limit`);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return events;
      const raw = this.buffer.subarray(start, start + length);
      this.buffer = this.buffer.subarray(start + length);
      try {
        events.push({ kind: "message", body: JSON.parse(raw.toString("utf8")) as unknown, raw: Buffer.from(raw) });
      } catch {
        return this.fail(events, "frame body is not JSON");
      }
    }
  }

  private fail(events: FrameEvent[], reason: string): FrameEvent[] {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    events.push({ kind: "error", reason });
    return events;
  }
}

/** The boundary check on a frame's body: a DAP message has a numeric seq and a known type. */
export function isProtocolMessage(x: unknown): x is { seq: number; type: "request" | "response" | "event" } {
  if (typeof x !== "object" || x === null) return false;
  const m = x as Record<string, unknown>;
  return typeof m.seq === "number" && (m.type === "request" || m.type === "response" || m.type === "event");
}

export function encodeDapMessage(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "latin1"), body]);
}
