import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import {
  childProcesses,
  RESTART_GO_SERVER,
  restartedSince,
  restartPendingFinding,
} from "../../../src/core/checks/goServerRestart";
import { PS_COLUMNS } from "../../../src/core/base/processList";
import { realGopls } from "../../support/fixtures";
import { fixtureRunner, simulatedPlatform } from "../../support/simulatedPlatform";

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

  it("tells a gopls started after the change from one started before it, from the real /proc", async () => {
    const before = Date.now();
    await sleep(50);
    // A real gopls as a child of this process, as the Go extension's server is a child of the extension host.
    const child = spawn(realGopls, ["serve"], { stdio: ["pipe", "ignore", "ignore"] });
    try {
      await sleep(300);
      const mine = (await childProcesses("gopls"))?.find((c) => c.pid === child.pid);
      assert.ok(mine?.ageSeconds !== undefined, "the gopls child is found, with its age");
      assert.ok(mine.ageSeconds >= 0.25 && mine.ageSeconds < 5, `${mine.ageSeconds} s`);
      assert.equal(await restartedSince(before), true, "started after the earlier change");
      await sleep(50);
      assert.equal(await restartedSince(Date.now()), false, "started before a later change");
      assert.equal((await childProcesses("gopls-other"))?.length, 0);
      // Only direct children count (gopls's own telemetry child is the child of gopls, not of this process).
      assert.deepEqual(
        (await childProcesses("gopls"))?.map((c) => c.pid),
        [child.pid],
      );
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("cannot tell without a process list or without a gopls child, and says so with null", async () => {
    const noProc = simulatedPlatform("linux").platform;
    assert.equal(await childProcesses("gopls", { platform: noProc }), null);
    assert.equal(await restartedSince(0, { platform: noProc }), null);
    const idle = spawn("sleep", ["5"]);
    try {
      assert.equal(await restartedSince(0, { parentPid: idle.pid }), null, "sleep runs no gopls");
    } finally {
      idle.kill("SIGKILL");
    }
    const { run } = fixtureRunner(() => undefined);
    assert.equal(await restartedSince(0, { platform: simulatedPlatform("darwin").platform, run }), null, "ps failed");
  });

  it("Linux fixture: gopls children aged from /proc/uptime, names with spaces and parentheses read right", async () => {
    const stat = (ppid: number): string =>
      ["S", String(ppid), ...Array.from({ length: 17 }, () => "0"), "12000", "0"].join(" ");
    const plain = simulatedPlatform("linux", {
      dirs: { "/proc": ["42", "43", "44"] },
      texts: {
        "/proc/uptime": "1234.56 99.0\n",
        "/proc/42/stat": `42 (gopls) ${stat(7)}\n`,
        "/proc/43/stat": `43 (gopls) ${stat(8)}\n`,
        "/proc/44/stat": `44 (gopls) x (y)) ${stat(7)}\n`,
      },
    }).platform;
    const lookup = { platform: plain, parentPid: 7, nowMs: 2_000_000 };
    assert.deepEqual(
      (await childProcesses("gopls", lookup))?.map((c) => [c.pid, c.ageSeconds?.toFixed(2)]),
      [[42, "1114.56"]],
      "43 is another process's child; 44 is called `gopls) x (y`",
    );
    // Started 1114.56 s before now: a change 1115 s ago is older, one 1114 s ago newer.
    assert.equal(await restartedSince(2_000_000 - 1_115_000, lookup), true);
    assert.equal(await restartedSince(2_000_000 - 1_114_000, lookup), false);
  });

  it("macOS: gopls found by its path in `ps` output, aged from its elapsed time", async () => {
    const ps = [
      "    1     0     1 Ss   12-03:04:05 /sbin/launchd",
      "  501     1   501 S       02:00:00 /Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper (Plugin).app/Contents/MacOS/Code Helper (Plugin)",
      "  777   501   501 S          01:05 /Users/gopher/go/bin/gopls",
      "  778   777   501 S          01:04 /Users/gopher/go/bin/gopls",
      "  779   501   501 S          00:10 /opt/homebrew/bin/gopls-helper",
    ].join("\n");
    const { run, calls } = fixtureRunner((argv) => (argv[0] === "ps" ? ps : undefined));
    const mac = { platform: simulatedPlatform("darwin").platform, run, parentPid: 501, nowMs: 1_000_000 };
    assert.deepEqual(
      (await childProcesses("gopls", mac))?.map((c) => [c.pid, c.ageSeconds]),
      [[777, 65]],
    );
    assert.deepEqual(calls[0], ["ps", "-axww", "-o", PS_COLUMNS]);
    assert.equal(await restartedSince(1_000_000 - 70_000, mac), true, "changed 70 s ago, gopls 65 s old");
    assert.equal(await restartedSince(1_000_000 - 60_000, mac), false, "changed 60 s ago");
  });

  it("Windows: gopls.exe found in PowerShell's Win32_Process JSON, aged from its creation time", async () => {
    // The lister ages processes by the real clock, as PowerShell's creation times are wall-clock times.
    const nowMs = Date.now();
    const json = JSON.stringify([
      { ProcessId: 0, ParentProcessId: 0, Name: "System Idle Process", Started: null },
      { ProcessId: 4100, ParentProcessId: 900, Name: "Code.exe", Started: nowMs - 3_600_000 },
      { ProcessId: 4200, ParentProcessId: 4100, Name: "GOPLS.EXE", Started: nowMs - 30_000 },
      { ProcessId: 4300, ParentProcessId: 4100, Name: "gopls", Started: nowMs - 5_000 },
    ]);
    const { run, calls } = fixtureRunner((argv) => (argv[0] === "powershell.exe" ? json : undefined));
    const win = { platform: simulatedPlatform("win32").platform, run, parentPid: 4100, nowMs };
    const found = await childProcesses("gopls", win);
    assert.deepEqual(
      found?.map((c) => [c.pid, c.pgid, Math.floor(c.ageSeconds ?? -1)]),
      [[4200, 4200, 30]],
    );
    assert.deepEqual(calls[0]?.slice(0, -1), [
      "powershell.exe",
      "-NoLogo",
      "-NoProfile",
      "-NonInteractive",
      "-Command",
    ]);
    assert.equal(await restartedSince(nowMs - 31_000, win), true);
    assert.equal(await restartedSince(nowMs - 29_000, win), false);
  });
});
