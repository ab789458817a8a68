import assert from "node:assert/strict";
import * as fs from "node:fs";
import { describe, it } from "node:test";
import { describeFailure, liveChildCount, runProcess } from "../../../src/core/base/process";

function pidsWithArg(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

describe("runProcess", () => {
  it("returns output and exit code of a real command", async () => {
    const r = await runProcess(["sh", "-c", "echo out; echo err >&2; exit 3"], { timeoutMs: 5000 });
    assert.equal(r.exitCode, 3);
    assert.equal(r.stdout, "out\n");
    assert.equal(r.stderr, "err\n");
    assert.equal(r.timedOut, false);
  });

  it("kills the whole process group on timeout, grandchildren included", async () => {
    const marker = `gd-timeout-${process.pid}-${Date.now()}`;
    const started = Date.now();
    // Each inner shell carries the marker as its $0 and cannot exec away, so /proc shows it while it lives.
    const r = await runProcess(
      ["sh", "-c", `sh -c 'sleep 30; true' ${marker}-a & sh -c 'sleep 31; true' ${marker}-b; wait`],
      { timeoutMs: 300 },
    );
    assert.equal(r.timedOut, true);
    assert.ok(r.durationMs >= 300);
    assert.ok(Date.now() - started < 3000, "settles soon after the timeout");
    await new Promise((res) => setTimeout(res, 200));
    assert.deepEqual(pidsWithArg(marker), []);
    assert.match(describeFailure(r), /time limit/);
  });

  it("does not hang when a background child keeps stdout open after the main process exits", async () => {
    const marker = `gd-bg-${process.pid}-${Date.now()}`;
    const started = Date.now();
    const r = await runProcess(["sh", "-c", `sh -c 'sleep 20; true' ${marker} & echo done`], {
      timeoutMs: 15_000,
      drainMs: 200,
    });
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, "done\n");
    assert.ok(Date.now() - started < 5000);
    await new Promise((res) => setTimeout(res, 200));
    assert.deepEqual(pidsWithArg(marker), []);
  });

  it("reports a missing program as a spawn error, not an exception", async () => {
    const r = await runProcess(["/nonexistent/go-doctor-tool"], { timeoutMs: 1000 });
    assert.equal(r.spawnError?.code, "ENOENT");
    assert.match(describeFailure(r), /ENOENT/);
  });

  it("reports a program that is a symlink loop as a spawn error (node throws ELOOP at once)", async () => {
    const dir = fs.mkdtempSync("/tmp/gd-loop-");
    try {
      fs.symlinkSync(`${dir}/b`, `${dir}/a`);
      fs.symlinkSync(`${dir}/a`, `${dir}/b`);
      const r = await runProcess([`${dir}/a`], { timeoutMs: 1000 });
      assert.equal(r.spawnError?.code, "ELOOP");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports death by signal", async () => {
    const r = await runProcess(["sh", "-c", "kill -SEGV $$"], { timeoutMs: 5000 });
    assert.equal(r.signal, "SIGSEGV");
    assert.match(describeFailure(r), /SIGSEGV/);
  });

  it("bounds the output it keeps", async () => {
    const r = await runProcess(["sh", "-c", "head -c 3000000 /dev/zero"], { timeoutMs: 10_000, maxOutputBytes: 1000 });
    assert.equal(r.stdout.length, 1000);
    assert.equal(r.truncated, true);
  });

  it("cancels on abort and kills the group", async () => {
    const ac = new AbortController();
    const p = runProcess(["sleep", "30"], { timeoutMs: 60_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const r = await p;
    assert.equal(r.cancelled, true);
    assert.equal(liveChildCount(), 0);
  });

  it("keeps no record of settled children", async () => {
    const r = await runProcess(["true"], { timeoutMs: 5000 });
    assert.equal(r.exitCode, 0);
    assert.equal(liveChildCount(), 0);
  });
});
