// Serves Go Doctor's inline debug adapter on a TCP port, one adapter per
// connection, so that DebugClient from @vscode/debugadapter-testsupport can
// talk to it with `client.start(port)` as VS Code talks to an inline adapter.

import { execFileSync } from "node:child_process";
import * as net from "node:net";
import { EventEmitter } from "node:events";
import type { Readable, Writable } from "node:stream";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import { DapAdapter, type DapAdapterOptions } from "../../src/core/dap/dapAdapter";
import { DapFrameParser, encodeDapMessage } from "../../src/core/dap/dapFraming";
import { goBinary, hermeticEnv } from "./fixtures";

export interface DapTestServer {
  port: number;
  /** The adapters created so far, in connection order. */
  adapters: DapAdapter[];
  close(): Promise<void>;
}

export async function startDapServer(options: () => DapAdapterOptions): Promise<DapTestServer> {
  const adapters: DapAdapter[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const adapter = new DapAdapter(options());
    adapters.push(adapter);
    const parser = new DapFrameParser();
    adapter.onDidSendMessage((m) => {
      if (!socket.destroyed) socket.write(encodeDapMessage(m));
    });
    socket.on("data", (chunk: Buffer) => {
      for (const frame of parser.push(chunk)) {
        if (frame.kind === "error") {
          socket.destroy();
          return;
        }
        adapter.handleMessage(frame.body as Parameters<DapAdapter["handleMessage"]>[0]);
      }
    });
    socket.on("close", () => {
      sockets.delete(socket);
      adapter.dispose();
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    adapters,
    close: () =>
      new Promise<void>((resolve) => {
        // Resolves after every connection has closed, i.e. after every adapter was disposed.
        const open = [...sockets].map(
          (s) => new Promise((closed) => (s.closed ? closed(undefined) : s.once("close", closed))),
        );
        server.close(() => void Promise.all(open).then(() => resolve()));
        for (const s of sockets) s.destroy();
      }),
  };
}

/**
 * A DebugClient wired to one adapter in the same process, as VS Code runs an inline
 * adapter: no socket and no stream buffering between them, each message is handed over
 * synchronously (encoded once, because DebugClient speaks bytes).
 */
export class InProcessDebugClient extends DebugClient {
  readonly adapter: DapAdapter;

  constructor(options: DapAdapterOptions) {
    super("node", "unused", "go");
    this.adapter = new DapAdapter(options);
    const parser = new DapFrameParser();
    const fromAdapter = new EventEmitter();
    const toAdapter = {
      write: (data: string | Buffer): boolean => {
        for (const frame of parser.push(Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8"))) {
          if (frame.kind === "message")
            this.adapter.handleMessage(frame.body as Parameters<DapAdapter["handleMessage"]>[0]);
        }
        return true;
      },
    };
    this.adapter.onDidSendMessage((m) => fromAdapter.emit("data", encodeDapMessage(m)));
    // DebugClient only calls on("data") and write(); that is all these two provide.
    this.connect(fromAdapter as unknown as Readable, toAdapter as unknown as Writable);
  }

  /** Disposes the adapter (as VS Code does at the end of a session) and waits for dlv to be gone. */
  async close(): Promise<void> {
    this.adapter.dispose();
    await this.adapter.closed();
  }
}

/** The machine's build cache, which the other build-heavy tests share too. */
const sharedGoCache = execFileSync(goBinary, ["env", "GOCACHE"], { encoding: "utf8" }).trim();

/**
 * Environment for debugging a real Go program: the hermetic base plus the shared build
 * cache (content-addressed, so sharing cannot leak state), because dlv's
 * `-gcflags=all=-N -l` build of the standard library takes tens of seconds cold.
 */
export function debugEnv(home: string): Record<string, string> {
  return hermeticEnv(home, { GOCACHE: sharedGoCache });
}

/** A program whose line numbers the debug tests rely on. */
export const DEBUGGEE = `package main

import (
	"fmt"
	"os"
)

func main() {
	total := 0
	for i := 0; i < 3; i++ {
		total += i
	}
	greeting := os.Getenv("GREETING")
	message := fmt.Sprintf("%s total=%d", greeting, total)
	fmt.Println(message)
}
`;
/** The line of `fmt.Println(message)` in DEBUGGEE. */
export const PRINT_LINE = 15;
