import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  childProcesses,
  RESTART_GO_SERVER,
  restartedSince,
  restartPendingFinding,
  uptimeSeconds,
} from "../../../src/core/checks/goServerRestart";
import { realGopls, removeDir, tempDir, writeFile } from "../../support/fixtures";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("GD070: a go.goroot or go.toolsGopath change the Go extension's server has not picked up", () => {
  it("is silent while the settings match what the server started with", () => {
    assert.equal(restartPendingFinding({ goroot: "/opt/go" }, { goroot: "/opt/go" }), null);
    assert.equal(restartPendingFinding({}, { toolsGopath: "" }), null);
  });

  it("names each changed setting with its old and new value and offers the restart", () => {
    const f = restartPendingFinding(
      { goroot: "/usr/local/go" },
      { goroot: "/opt/go1.26", toolsGopath: "/home/u/tools" },
      new Date(2026, 10, 25, 14, 3, 9),
    );
    assert.ok(f);
    assert.equal(f.code, "GD070");
    assert.equal(f.severity, "warning");
    assert.match(
      f.message,
      /^go\.goroot changed from "\/usr\/local\/go" to "\/opt\/go1\.26" and go\.toolsGopath changed from unset to "\/home\/u\/tools" at 14:03:09, but the Go extension's language server has not restarted since/,
    );
    assert.deepEqual(
      f.fixes?.map((x) => [x.kind, x.title]),
      [["manual", RESTART_GO_SERVER]],
    );
  });

  it("tells a gopls started after the change from one started before it, from /proc", async (t) => {
    if (uptimeSeconds() === null) {
      t.skip("no /proc on this system");
      return;
    }
    const before = uptimeSeconds()!;
    await sleep(50);
    // A real gopls as a child of this process, as the Go extension's server is a child of the extension host.
    const child = spawn(realGopls, ["serve"], { stdio: ["pipe", "ignore", "ignore"] });
    try {
      await sleep(300);
      const mine = childProcesses(process.pid, "gopls")?.find((c) => c.pid === child.pid);
      assert.ok(mine, "the gopls child is found");
      assert.ok(mine.startedAt >= before - 0.01, `${mine.startedAt} vs ${before}`);
      assert.equal(restartedSince(before), true, "started after the earlier change");
      await sleep(50);
      assert.equal(restartedSince(uptimeSeconds()!), false, "started before a later change");
      assert.equal(childProcesses(process.pid, "gopls-other")?.length, 0);
      // Only direct children count (gopls's own telemetry child is the child of gopls, not of this process).
      assert.deepEqual(
        childProcesses(process.pid, "gopls")?.map((c) => c.pid),
        [child.pid],
      );
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("cannot tell without /proc or without a gopls child, and says so with null", () => {
    const dir = tempDir();
    try {
      assert.equal(uptimeSeconds(path.join(dir, "none")), null);
      assert.equal(childProcesses(process.pid, "gopls", path.join(dir, "none")), null);
      assert.equal(restartedSince(0, process.pid, path.join(dir, "none")), null);
      const idle = spawn("sleep", ["5"]);
      try {
        assert.equal(restartedSince(0, idle.pid), null, "sleep runs no gopls");
      } finally {
        idle.kill("SIGKILL");
      }
      // A stat line whose command name holds spaces and parentheses is still read right.
      writeFile(path.join(dir, "uptime"), "1234.56 99.0\n");
      const fields = ["S", String(process.pid), ...Array.from({ length: 17 }, () => "0"), "12000", "0"];
      writeFile(path.join(dir, "42", "stat"), `42 (gopls) x (y)) ${fields.join(" ")}\n`);
      writeFile(path.join(dir, "42", "cmdline"), "/go/bin/gopls\0serve\0");
      assert.equal(uptimeSeconds(dir), 1234.56);
      assert.deepEqual(childProcesses(process.pid, "gopls", dir), [{ pid: 42, startedAt: 120 }]);
      assert.equal(restartedSince(119, process.pid, dir), true);
      assert.equal(restartedSince(121, process.pid, dir), false);
    } finally {
      removeDir(dir);
    }
  });
});
