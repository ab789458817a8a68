import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseListenLine } from "../../../src/core/dap/dlvDapServer";
import { probeDapEndpoint, probeFinding, type ProbeResult } from "../../../src/core/dap/dapProbe";
import { runProcess } from "../../../src/core/base/process";
import { DEBUGGEE, debugEnv } from "../../support/dapServer";
import { goBinary, realDlv, removeDir, tempDir, writeModule } from "../../support/fixtures";

let root: string;
let env: Record<string, string>;

before(() => {
  root = tempDir("gd-dap-probe-");
  env = debugEnv(path.join(root, "home"));
  fs.mkdirSync(env.HOME, { recursive: true });
});
after(() => removeDir(root));

/** Runs a real dlv until `use` is done with the address it announced. */
async function withDlv(args: string[], cwd: string, use: (port: number) => Promise<void>): Promise<void> {
  const abort = new AbortController();
  let out = "";
  let announce: (port: number) => void = () => undefined;
  const announced = new Promise<number>((resolve) => (announce = resolve));
  const run = runProcess([realDlv, ...args], {
    env,
    cwd,
    timeoutMs: 60_000,
    signal: abort.signal,
    onOutput: (_s, chunk) => {
      out += chunk;
      // `dlv dap` says "DAP server listening at:", a headless server "API server listening at:".
      const m = /listening at:\s*127\.0\.0\.1:(\d+)/.exec(out);
      if (m) announce(Number(m[1]));
    },
  });
  const port = await Promise.race([announced, run.then((r) => assert.fail(`dlv exited: ${r.stdout}${r.stderr}`))]);
  try {
    await use(port);
  } finally {
    abort.abort();
    await run;
  }
}

/** A TCP server with the given connection handler on a free port. */
async function tcpServer(onConnection: (s: net.Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => undefined);
    onConnection(s);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function freePort(): Promise<number> {
  const s = await tcpServer(() => undefined);
  await s.close();
  return s.port;
}

void describe("probeDapEndpoint against real endpoints", { timeout: 60_000 }, () => {
  void it("finds DAP and its capabilities at a real `dlv dap --listen=127.0.0.1:0`", async () => {
    await withDlv(["dap", "--listen=127.0.0.1:0"], root, async (port) => {
      const r = await probeDapEndpoint("127.0.0.1", port, 5000);
      assert.equal(r.kind, "dap");
      assert.ok(r.kind === "dap" && r.capabilities.supportsConfigurationDoneRequest);
      assert.equal(probeFinding("127.0.0.1", port, r), undefined);
    });
  });

  void it("finds DAP at a real headless `dlv exec --accept-multiclient` server (Delve ≥ 1.7.3 serves DAP there too)", async () => {
    const dir = writeModule(path.join(root, "headless"), { main: DEBUGGEE });
    const build = await runProcess([goBinary, "build", "-gcflags=all=-N -l", "-o", "prog", "."], {
      cwd: dir,
      env,
      timeoutMs: 120_000,
    });
    assert.equal(build.exitCode, 0, build.stderr);
    await withDlv(
      ["exec", path.join(dir, "prog"), "--headless", "--listen=127.0.0.1:0", "--api-version=2", "--accept-multiclient"],
      dir,
      async (port) => {
        const r = await probeDapEndpoint("127.0.0.1", port, 5000);
        assert.equal(r.kind, "dap");
      },
    );
  });

  void it("says refused, and GD091, where nothing listens", async () => {
    const port = await freePort();
    const r = await probeDapEndpoint("127.0.0.1", port, 2000);
    assert.deepEqual(r, { kind: "refused" });
    const f = probeFinding("127.0.0.1", port, r);
    assert.equal(f?.code, "GD091");
    assert.match(f.message, new RegExp(`127\\.0\\.0\\.1:${port}: the connection was refused`));
  });

  void it("says timeout, and GD092, for a server that accepts and never answers", async () => {
    const silent = await tcpServer(() => undefined);
    try {
      const started = performance.now();
      const r = await probeDapEndpoint("127.0.0.1", silent.port, 400);
      assert.deepEqual(r, { kind: "timeout", phase: "initialize" });
      assert.ok(performance.now() - started < 2000);
      assert.match(
        probeFinding("127.0.0.1", silent.port, r)?.message ?? "",
        /^GD092: .* did not answer a DAP initialize in time/,
      );
    } finally {
      await silent.close();
    }
  });

  void it("says not-dap for a legacy JSON-RPC server that drops a DAP frame (as net/rpc does on a decode error)", async () => {
    // Delve before 1.7.3 served only net/rpc/jsonrpc: a request that is not JSON ends the connection.
    const legacy = await tcpServer((s) => s.once("data", () => s.end()));
    try {
      const r = await probeDapEndpoint("127.0.0.1", legacy.port, 2000);
      assert.deepEqual(r, { kind: "not-dap", detail: "closed the connection without answering" });
      const f = probeFinding("127.0.0.1", legacy.port, r);
      assert.equal(f?.code, "GD092");
      assert.match(f.fixes?.[0]?.kind === "manual" ? f.fixes[0].detail : "", /1\.7\.3/);
    } finally {
      await legacy.close();
    }
  });

  void it("says not-dap, quoting the answer, for a JSON-RPC reply and for an HTTP server", async () => {
    const jsonrpc = await tcpServer((s) =>
      s.once("data", () =>
        s.write('{"id":null,"result":null,"error":"invalid character \'C\' looking for beginning of value"}\n'),
      ),
    );
    const web = http.createServer((_req, res) => res.end("hello"));
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    try {
      const r1 = await probeDapEndpoint("127.0.0.1", jsonrpc.port, 2000);
      assert.equal(r1.kind, "not-dap");
      assert.match(r1.kind === "not-dap" ? r1.detail : "", /invalid character 'C'/);
      const r2 = await probeDapEndpoint("127.0.0.1", (web.address() as net.AddressInfo).port, 2000);
      assert.equal(r2.kind, "not-dap");
      assert.match(r2.kind === "not-dap" ? r2.detail : "", /HTTP\/1\.1 400 Bad Request/);
    } finally {
      await jsonrpc.close();
      web.closeAllConnections();
      await new Promise((resolve) => web.close(resolve));
    }
  });
});

void describe("probeFinding", () => {
  void it("reports a connect timeout as GD091 naming the endpoint", () => {
    const f = probeFinding("10.0.0.9", 2345, { kind: "timeout", phase: "connect" });
    assert.equal(f?.code, "GD091");
    assert.match(f.message, /10\.0\.0\.9:2345: the connection timed out/);
  });

  void it("brackets IPv6 hosts", () => {
    assert.match(probeFinding("::1", 2345, { kind: "refused" })?.message ?? "", /\[::1\]:2345/);
  });

  void it("for a listen address, says GD093 when anything answers and nothing when refused", () => {
    const answered: ProbeResult[] = [
      { kind: "dap", capabilities: {}, success: true },
      { kind: "not-dap", detail: "x" },
      { kind: "timeout", phase: "initialize" },
    ];
    for (const r of answered) assert.equal(probeFinding("127.0.0.1", 2345, r, "listen")?.code, "GD093");
    assert.equal(probeFinding("127.0.0.1", 2345, { kind: "refused" }, "listen"), undefined);
  });

  void it("treats a DAP server that rejects initialize as GD092 with its message", () => {
    const f = probeFinding("127.0.0.1", 2345, { kind: "dap", capabilities: {}, success: false, message: "busy" });
    assert.equal(f?.code, "GD092");
    assert.match(f.message, /busy/);
  });
});

void describe("parseListenLine", () => {
  void it("reads IPv4, IPv6 and host names, and rejects nonsense", () => {
    assert.deepEqual(parseListenLine("DAP server listening at: 127.0.0.1:41299\n"), { host: "127.0.0.1", port: 41299 });
    assert.deepEqual(parseListenLine("noise\nDAP server listening at: [::1]:2345"), { host: "::1", port: 2345 });
    assert.deepEqual(parseListenLine("DAP server listening at: localhost:9"), { host: "localhost", port: 9 });
    assert.equal(parseListenLine("API server listening at: 127.0.0.1:2345"), undefined);
    assert.equal(parseListenLine("DAP server listening at: 127.0.0.1:99999"), undefined);
  });
});
