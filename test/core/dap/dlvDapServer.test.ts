import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { DapClient } from "../../../src/core/dap/dapClient";
import { dlvDapArgv, startDlvDap } from "../../../src/core/dap/dlvDapServer";
import { liveChildCount } from "../../../src/core/base/process";
import { debugEnv } from "../../support/dapServer";
import { fakeTool, realDlv, removeDir, tempDir } from "../../support/fixtures";

let root: string;
let env: Record<string, string>;

before(() => {
  root = tempDir("gd-dap-gate-");
  env = debugEnv(path.join(root, "home"));
  fs.mkdirSync(env.HOME, { recursive: true });
});
after(() => removeDir(root));

void describe("startDlvDap", { timeout: 60_000 }, () => {
  void it("starts real dlv dap on a free port, connects, and stops it", async () => {
    const stages: string[] = [];
    const r = await startDlvDap({ dlvPath: realDlv, env, cwd: root, onStage: (s) => stages.push(s) });
    assert.ok(r.ok, r.ok ? "" : r.finding.message);
    assert.deepEqual(stages, ["spawned", "listening", "connected"]);
    assert.equal(r.server.host, "127.0.0.1");
    assert.match(r.server.output(), new RegExp(`DAP server listening at: 127\\.0\\.0\\.1:${r.server.port}`));
    const client = new DapClient(r.server.socket);
    const init = await client.send("initialize", { adapterID: "go" }, 5000);
    assert.equal(init.success, true);
    client.close();
    await r.server.stop();
    assert.equal(liveChildCount(), 0, "dlv's process group is gone");
  });

  void it("puts dlvFlags before --listen", () => {
    assert.deepEqual(dlvDapArgv("/x/dlv", "127.0.0.1:0", ["--log", "--log-output=dap"]), [
      "/x/dlv",
      "dap",
      "--log",
      "--log-output=dap",
      "--listen=127.0.0.1:0",
    ]);
  });

  void it("GD093 with dlv's own words when the listen address is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await startDlvDap({ dlvPath: realDlv, env, cwd: root, listen: `127.0.0.1:${port}` });
      assert.ok(!r.ok);
      assert.equal(r.stage, "listen");
      assert.equal(r.finding.code, "GD093");
      assert.match(
        r.finding.message,
        /exit code 1\): couldn't start listener: listen tcp 127\.0\.0\.1:\d+: bind: address already in use/,
      );
      assert.equal(r.evidence.exitCode, 1);
    } finally {
      blocker.close();
    }
  });

  void it("GD090 naming the limit and dlv's output when the listening line does not come in time", async () => {
    const fake = fakeTool(path.join(root, "slow"), "dlv", 'echo "still building..."; sleep 30');
    const started = performance.now();
    const r = await startDlvDap({ dlvPath: fake, env, listenTimeoutMs: 1500 });
    assert.ok(performance.now() - started < 4000);
    assert.ok(!r.ok);
    assert.equal(r.finding.code, "GD090");
    assert.match(
      r.finding.message,
      /^GD090: dlv dap did not print its listening line within 1\.5 s \(killed\): still building\.\.\./,
    );
    assert.equal(liveChildCount(), 0, "the stand-in was killed");
  });

  void it("GD090 that names --log-dest when dlvFlags send the listening line to a log file", async () => {
    const logFile = path.join(root, "dlv.log");
    const r = await startDlvDap({
      dlvPath: realDlv,
      env,
      cwd: root,
      dlvFlags: ["--log", `--log-dest=${logFile}`],
      listenTimeoutMs: 1500,
    });
    assert.ok(!r.ok);
    assert.equal(r.finding.code, "GD090");
    assert.match(
      r.finding.message,
      /dlvFlags has --log-dest=.*dlv\.log, which sends the listening line to the log destination/,
    );
    assert.match(
      fs.readFileSync(logFile, "utf8"),
      /DAP server listening at: 127\.0\.0\.1:\d+/,
      "dlv did print it, to the file",
    );
    assert.equal(liveChildCount(), 0);
  });

  void it("GD020 when the dlv path does not exist, GD025 when it cannot be executed", async () => {
    const missing = await startDlvDap({ dlvPath: path.join(root, "nope"), env });
    assert.ok(!missing.ok && missing.stage === "spawn" && missing.finding.code === "GD020");
    const notExec = path.join(root, "not-executable");
    fs.writeFileSync(notExec, "#!/bin/sh\n", { mode: 0o644 });
    const denied = await startDlvDap({ dlvPath: notExec, env });
    assert.ok(!denied.ok && denied.stage === "spawn" && denied.finding.code === "GD025");
    assert.match(denied.finding.message, /EACCES/);
  });

  void it("gives up at once, killing dlv, when cancelled", async () => {
    const fake = fakeTool(path.join(root, "hang"), "dlv", "sleep 30");
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const started = performance.now();
    const r = await startDlvDap({ dlvPath: fake, env, signal: abort.signal });
    assert.ok(performance.now() - started < 2000);
    assert.ok(!r.ok && /cancelled/.test(r.finding.message));
    assert.equal(liveChildCount(), 0);
  });
});
