import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DapFrameParser, encodeDapMessage, isProtocolMessage } from "../../../src/core/dap/dapFraming";

/** Splits `bytes` at the given cut points (any order, duplicates allowed). */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  return chunks;
}

// GD_FUZZ_RUNS raises the run count (npm run fuzz).
const numRuns = Number(process.env.GD_FUZZ_RUNS ?? "") || 2000;

const message = fc.record({
  seq: fc.nat(),
  type: fc.constantFrom("request", "response", "event"),
  command: fc.string({ unit: "grapheme" }),
  body: fc.jsonValue(),
});

void describe("DapFrameParser", () => {
  void it("returns the same messages however the bytes are chunked (multi-byte UTF-8 included)", () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 20 }), (messages, points) => {
        const wire = Buffer.concat(messages.map(encodeDapMessage));
        const parser = new DapFrameParser();
        const out = cut(wire, points).flatMap((c) => parser.push(c));
        assert.ok(out.every((e) => e.kind === "message"));
        assert.deepEqual(
          out.map((e) => (e.kind === "message" ? e.body : null)),
          messages.map((m) => JSON.parse(JSON.stringify(m)) as unknown),
        );
      }),
      { numRuns },
    );
  });

  void it("splits at every single byte boundary of a frame and still returns the message", () => {
    const wire = encodeDapMessage({ seq: 7, type: "event", event: "output", body: { output: "héllo ✓\n" } });
    for (let i = 0; i <= wire.length; i++) {
      const parser = new DapFrameParser();
      const out = [...parser.push(wire.subarray(0, i)), ...parser.push(wire.subarray(i))];
      assert.equal(out.length, 1, `cut at byte ${i}`);
      assert.equal(out[0]?.kind, "message");
    }
  });

  void it("never throws on arbitrary bytes, garbage headers or huge Content-Length, and reports at most one error", () => {
    const header = fc.oneof(
      fc.constant("Content-Length: 99999999999\r\n\r\n"),
      fc.constant("Content-Length: -1\r\n\r\n"),
      fc.constant("Content-Type: x\r\n\r\n"),
      fc.string().map((t) => `${t}\r\n\r\n`),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
            header.map((h) => Buffer.from(h, "latin1")),
          ),
          { maxLength: 8 },
        ),
        (chunks) => {
          const parser = new DapFrameParser(1024);
          const events = chunks.flatMap((c) => parser.push(c));
          assert.ok(events.filter((e) => e.kind === "error").length <= 1);
        },
      ),
      { numRuns },
    );
  });

  void it("keeps each frame's raw bytes", () => {
    const parser = new DapFrameParser();
    const [e] = parser.push(encodeDapMessage({ seq: 1, text: "grüße" }));
    assert.equal(e?.kind === "message" && e.raw.toString("utf8"), '{"seq":1,"text":"grüße"}');
  });

  void it("accepts other headers and any case of Content-Length", () => {
    const body = '{"seq":1}';
    const parser = new DapFrameParser();
    const events = parser.push(
      Buffer.from(
        `content-length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`,
      ),
    );
    assert.deepEqual(
      events.map((e) => e.kind),
      ["message"],
    );
  });

  void it("reports what is wrong with input that is not DAP, once, and ignores the rest", () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('{"id":1,"result":null}\n\r\n\r\n'), /not a DAP header/],
      [Buffer.from("X-Other: 1\r\n\r\n{}"), /without Content-Length/],
      [Buffer.from("Content-Length: 2\r\n\r\n{x"), /not JSON/],
      [Buffer.alloc(9000, 0x41), /longer than 8 KiB/],
    ];
    for (const [bytes, reason] of cases) {
      const parser = new DapFrameParser();
      const events = parser.push(bytes);
      assert.equal(events.length, 1);
      assert.match(events[0]?.kind === "error" ? events[0].reason : "", reason);
      assert.deepEqual(parser.push(encodeDapMessage({ seq: 2 })), []);
    }
  });

  void it("refuses a frame larger than its limit before buffering it", () => {
    const parser = new DapFrameParser(1024);
    const events = parser.push(Buffer.from("Content-Length: 5000\r\n\r\n"));
    assert.match(events[0]?.kind === "error" ? events[0].reason : "", /5000 bytes exceeds the 1024 byte limit/);
  });

  void it("isProtocolMessage accepts requests, responses and events, and nothing else", () => {
    assert.ok(isProtocolMessage({ seq: 1, type: "event", event: "stopped" }));
    assert.ok(isProtocolMessage({ seq: 0, type: "request", command: "next" }));
    for (const x of [
      null,
      [],
      "x",
      3,
      { seq: "1", type: "event" },
      { seq: 1, type: "notification" },
      { type: "response" },
    ])
      assert.equal(isProtocolMessage(x), false, JSON.stringify(x));
  });
});
