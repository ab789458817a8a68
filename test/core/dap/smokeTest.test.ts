import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { liveChildCount } from "../../../src/core/base/process";
import { SMOKE_STEPS, runSmokeTest, type SmokeStep } from "../../../src/core/dap/smokeTest";
import { debugEnv } from "../../support/dapServer";
import { fakeTool, goBinary, realDlv, removeDir, tempDir, writeFile } from "../../support/fixtures";

let root: string;
let env: Record<string, string>;

before(() => {
  root = tempDir("gd-smoke-");
  env = debugEnv(path.join(root, "home"));
  fs.mkdirSync(env.HOME, { recursive: true });
});
after(() => removeDir(root));

function smokeDirs(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith("go-doctor-smoke-"));
}

function names(steps: SmokeStep[]): string[] {
  return steps.map((s) => `${s.name}:${s.ok ? "ok" : "FAILED"}`);
}

void describe("runSmokeTest", { timeout: 90_000 }, () => {
  void it("passes every step with real go and real dlv, reporting each step as it goes", async () => {
    const before = new Set(smokeDirs());
    const seen: string[] = [];
    const r = await runSmokeTest({ dlvPath: realDlv, goBinary, env, onStep: (s) => seen.push(s.name) });
    assert.deepEqual(
      names(r.steps),
      SMOKE_STEPS.map((n) => `${n}:ok`),
      JSON.stringify(r.steps),
    );
    assert.equal(r.ok, true);
    assert.equal(r.finding, undefined);
    assert.deepEqual(seen, [...SMOKE_STEPS]);
    assert.ok(r.steps.every((s) => s.durationMs >= 0));
    assert.deepEqual(
      smokeDirs().filter((d) => !before.has(d)),
      [],
      "the temporary program is removed",
    );
    assert.equal(liveChildCount(), 0, "dlv and the debuggee are gone");
  });

  void it("fails at 'dlv start' with GD020 when the dlv path does not exist", async () => {
    const r = await runSmokeTest({ dlvPath: path.join(root, "no-such-dlv"), goBinary, env });
    assert.equal(r.ok, false);
    assert.deepEqual(names(r.steps), ["build:ok", "dlv start:FAILED"], JSON.stringify(r.steps));
    assert.equal(r.finding?.code, "GD020");
  });

  void it("fails at 'listening line' with GD090, dlv's words and exit code, for a dlv that exits at once", async () => {
    const fake = fakeTool(
      path.join(root, "old"),
      "dlv",
      'echo "Error: unknown command \\"dap\\" for \\"dlv\\"" >&2\nexit 1',
    );
    const r = await runSmokeTest({ dlvPath: fake, goBinary, env });
    assert.deepEqual(names(r.steps), ["build:ok", "dlv start:ok", "listening line:FAILED"], JSON.stringify(r.steps));
    assert.equal(r.finding?.code, "GD090");
    assert.match(r.steps.at(-1)?.detail ?? "", /exit code 1\): Error: unknown command "dap"/);
  });

  void it("fails at 'connect' with GD091 for a dlv that announces a port nobody listens on", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const fake = fakeTool(
      path.join(root, "liar"),
      "dlv",
      `echo "DAP server listening at: 127.0.0.1:${port}"\nsleep 30`,
    );
    const r = await runSmokeTest({ dlvPath: fake, goBinary, env });
    assert.deepEqual(
      names(r.steps),
      ["build:ok", "dlv start:ok", "listening line:ok", "connect:FAILED"],
      JSON.stringify(r.steps),
    );
    assert.equal(r.finding?.code, "GD091");
    assert.match(r.finding.message, new RegExp(`127\\.0\\.0\\.1:${port}: connection refused`));
    assert.equal(liveChildCount(), 0, "the stand-in was killed");
  });

  void it("fails at 'initialize' with GD092 for a dlv whose port accepts but never speaks", async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const fake = fakeTool(
      path.join(root, "mute"),
      "dlv",
      `echo "DAP server listening at: 127.0.0.1:${port}"\nsleep 30`,
    );
    try {
      const r = await runSmokeTest({ dlvPath: fake, goBinary, env, timeoutMs: 20_000 });
      assert.equal(r.steps.at(-1)?.name, "initialize");
      assert.equal(r.steps.at(-1)?.ok, false);
      assert.equal(r.finding?.code, "GD092");
    } finally {
      silent.close();
    }
  });

  void it("fails at 'launch' with GD023 when Delve refuses the Go version", async () => {
    // A stand-in that speaks DAP the way dlv refuses a Go release outside its window.
    const script = writeFile(
      path.join(root, "refusing-dlv.js"),
      `const net = require("net");
const refusal = "Failed to launch: Version of Delve is too old for Go version 1.28.0 (maximum supported version 1.27, suppress this error with --check-go-version=false)";
const server = net.createServer((s) => {
  let buf = Buffer.alloc(0);
  s.on("error", () => {});
  s.on("close", () => process.exit(0));
  s.on("data", (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const i = buf.indexOf("\\r\\n\\r\\n");
      if (i < 0) return;
      const n = Number(/Content-Length: (\\d+)/i.exec(buf.subarray(0, i).toString())[1]);
      if (buf.length < i + 4 + n) return;
      const m = JSON.parse(buf.subarray(i + 4, i + 4 + n).toString());
      buf = buf.subarray(i + 4 + n);
      const r = m.command === "launch"
        ? { seq: m.seq + 100, type: "response", request_seq: m.seq, command: m.command, success: false, message: "Failed to launch", body: { error: { id: 3000, format: refusal, showUser: true } } }
        : { seq: m.seq + 100, type: "response", request_seq: m.seq, command: m.command, success: true, body: {} };
      const body = JSON.stringify(r);
      s.write("Content-Length: " + Buffer.byteLength(body) + "\\r\\n\\r\\n" + body);
    }
  });
});
server.listen(0, "127.0.0.1", () => console.log("DAP server listening at: 127.0.0.1:" + server.address().port));
`,
    );
    const fake = fakeTool(path.join(root, "refusing"), "dlv", `exec "${process.execPath}" "${script}"`);
    const r = await runSmokeTest({ dlvPath: fake, goBinary, env });
    assert.deepEqual(names(r.steps).slice(-2), ["initialize:ok", "launch:FAILED"], JSON.stringify(r.steps));
    assert.equal(r.finding?.code, "GD023");
    assert.match(r.finding.message, /Version of Delve is too old for Go version 1\.28\.0/);
    assert.equal(liveChildCount(), 0);
  });

  void it("stops at the step in progress when cancelled, and cleans up", async () => {
    const abort = new AbortController();
    const before = new Set(smokeDirs());
    const r = await runSmokeTest({
      dlvPath: realDlv,
      goBinary,
      env,
      signal: abort.signal,
      onStep: (s) => s.name === "initialize" && abort.abort(),
    });
    assert.deepEqual(names(r.steps).slice(-2), ["initialize:ok", "launch:FAILED"], JSON.stringify(r.steps));
    assert.equal(r.steps.at(-1)?.detail, "cancelled");
    assert.deepEqual(
      smokeDirs().filter((d) => !before.has(d)),
      [],
    );
    assert.equal(liveChildCount(), 0);
  });

  void it("fails at 'build' when go cannot build (GOFLAGS names an unknown flag)", async () => {
    const r = await runSmokeTest({ dlvPath: realDlv, goBinary, env: { ...env, GOFLAGS: "-no-such-flag" } });
    assert.deepEqual(names(r.steps), ["build:FAILED"], JSON.stringify(r.steps));
    assert.match(r.steps[0]?.detail ?? "", /go build failed: exit code \d+: .*no-such-flag/);
  });
});
