import { strict as assert } from "node:assert";
import * as net from "node:net";
import { describe, it } from "node:test";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { DapClient, DapClosedError, DapTimeoutError } from "../../../src/core/dap/dapClient";
import { DapFrameParser, encodeDapMessage } from "../../../src/core/dap/dapFraming";

/** A client connected to a server whose behaviour per request is given by `answer`. */
async function pair(
  answer: (req: DebugProtocol.Request, socket: net.Socket) => void,
): Promise<{ client: DapClient; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const parser = new DapFrameParser();
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => {
      for (const f of parser.push(chunk)) if (f.kind === "message") answer(f.body as DebugProtocol.Request, socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const socket = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  const client = new DapClient(socket);
  return {
    client,
    close: async () => {
      client.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const respond = (socket: net.Socket, req: DebugProtocol.Request, body: unknown = {}): boolean =>
  socket.write(
    encodeDapMessage({
      seq: 100 + req.seq,
      type: "response",
      request_seq: req.seq,
      command: req.command,
      success: true,
      body,
    }),
  );

void describe("DapClient", () => {
  void it("matches responses to requests by seq, whatever order they come in", async () => {
    const held: [DebugProtocol.Request, net.Socket][] = [];
    const { client, close } = await pair((req, socket) => {
      held.push([req, socket]);
      if (held.length === 2) for (const [r, s] of held.reverse()) respond(s, r, { for: r.command });
    });
    try {
      const [a, b] = await Promise.all([
        client.send("threads", undefined, 2000),
        client.send("scopes", { frameId: 1 }, 2000),
      ]);
      assert.deepEqual([a.body, b.body], [{ for: "threads" }, { for: "scopes" }]);
    } finally {
      await close();
    }
  });

  void it("finds an event that arrived before the wait, and each event only once", async () => {
    const { client, close } = await pair((req, socket) => {
      socket.write(encodeDapMessage({ seq: 1, type: "event", event: "initialized" }));
      respond(socket, req);
    });
    try {
      await client.send("launch", {}, 2000);
      await client.waitForEvent("initialized", 2000);
      await assert.rejects(client.waitForEvent("initialized", 100), DapTimeoutError);
    } finally {
      await close();
    }
  });

  void it("rejects with DapTimeoutError naming the request when no answer comes", async () => {
    const { client, close } = await pair(() => undefined);
    try {
      await assert.rejects(
        client.send("initialize", {}, 150),
        (e: Error) => e instanceof DapTimeoutError && /initialize request: no answer within 150 ms/.test(e.message),
      );
    } finally {
      await close();
    }
  });

  void it("rejects pending waits with DapClosedError when the other side closes or sends something that is not DAP", async () => {
    const closing = await pair((_req, socket) => socket.end());
    try {
      await assert.rejects(closing.client.send("initialize", {}, 2000), DapClosedError);
      assert.equal(closing.client.closed, true);
    } finally {
      await closing.close();
    }
    const garbage = await pair((_req, socket) => socket.write('{"jsonrpc":"2.0"}\r\n\r\n'));
    try {
      await assert.rejects(
        garbage.client.send("initialize", {}, 2000),
        (e: Error) => e instanceof DapClosedError && /does not speak DAP/.test(e.message),
      );
    } finally {
      await garbage.close();
    }
  });
});
