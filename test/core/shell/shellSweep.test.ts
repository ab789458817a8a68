// The sweep after a capture, through each platform's process lister: what it
// kills and what it leaves, with fixture `ps -E` output and a fixture /proc.
// The real Linux sweep of real shells is in test/hostile/shells.test.ts.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CAPTURE_TOKEN_VAR, sweepCapture } from "../../../src/core/shell/shellSweep";
import { fixtureRunner, simulatedPlatform } from "../../support/simulatedPlatform";

void describe("sweeping what a capture left running", () => {
  const token = "0f1e2d3c4b5a";
  const mine = `${CAPTURE_TOKEN_VAR}=${token}`;

  void it("macOS: kills the capture's processes found by `ps -E`, group and process, but not a daemon, a zombie or another capture's", async () => {
    const listing = [
      " 300   1 300 Ss  00:02 /usr/bin/ssh-agent", // the rc's daemon: its own session
      " 301   1 301 S   00:02 sleep", // a job in a group of its own
      " 302 301 301 S   00:02 sleep", // in that job's group
      " 303   1 303 Z   00:02 (sleep)", // a zombie
      " 304   1 304 S   00:02 sleep", // another capture's
    ].join("\n");
    const environments = [
      ` 300 ssh-agent ${mine}`,
      ` 301 sleep 60 HOME=/Users/g ${mine}`,
      ` 302 sleep 60 ${mine}`,
      ` 303 (sleep) ${mine}`,
      ` 304 sleep 60 ${CAPTURE_TOKEN_VAR}=ffffffffffff`,
    ].join("\n");
    const { run } = fixtureRunner((argv) =>
      argv[1] === "-axwwE" ? environments : argv[0] === "ps" ? listing : undefined,
    );
    const mac = simulatedPlatform("darwin", { alive: [301, 302] });
    assert.deepEqual(await sweepCapture(token, mac.platform, run), [301, 302]);
    assert.deepEqual(mac.signals, [
      [-301, "SIGKILL"],
      [301, "SIGKILL"],
      [-301, "SIGKILL"],
      [302, "SIGKILL"],
    ]);
  });

  void it("Linux: the same decisions from /proc/<pid>/environ and stat", async () => {
    const stat = (pid: number, state: string, pgrp: number, session: number): string =>
      `${pid} (sleep) ${state} 1 ${pgrp} ${session} 0`;
    const linux = simulatedPlatform("linux", {
      alive: [401],
      dirs: { "/proc": ["400", "401", "402", "403"] },
      texts: {
        "/proc/400/stat": stat(400, "S", 400, 400),
        "/proc/400/environ": `${mine}\0`,
        "/proc/401/stat": stat(401, "S", 401, 399),
        "/proc/401/environ": `A=1\0${mine}\0`,
        "/proc/402/stat": stat(402, "Z", 402, 399),
        "/proc/402/environ": `${mine}\0`,
        "/proc/403/stat": stat(403, "S", 403, 399),
      },
    });
    assert.deepEqual(await sweepCapture(token, linux.platform, fixtureRunner(() => undefined).run), [401]);
    assert.deepEqual(linux.signals, [
      [-401, "SIGKILL"],
      [401, "SIGKILL"],
    ]);
  });

  void it("Windows shows no other process's environment: nothing is listed or killed", async () => {
    const { run, calls } = fixtureRunner(() => "[]");
    const win = simulatedPlatform("win32");
    assert.deepEqual(await sweepCapture(token, win.platform, run), []);
    assert.deepEqual(calls, []);
    assert.deepEqual([win.signals, win.spawned], [[], []]);
  });

  void it("a failed `ps` kills nothing", async () => {
    const mac = simulatedPlatform("darwin", { alive: [1] });
    assert.deepEqual(await sweepCapture(token, mac.platform, fixtureRunner(() => undefined).run), []);
    assert.deepEqual(mac.signals, []);
  });
});
