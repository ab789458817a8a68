import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { it } from "node:test";
import { processesWithHome, projectRoot } from "../support/fixtures";
import { blindStart } from "../support/blindStart";

it("Ctrl-C during a diagnosis ends go-doctor and every process it started", async () => {
  const s = blindStart({ profileExtra: "sleep 20; true" });
  try {
    const child = spawn(process.execPath, [path.join(projectRoot, "dist", "cli.js"), s.module], {
      env: s.processEnv,
      stdio: "ignore",
    });
    // Wait until the login shell (and its sleep) are running.
    const deadline = Date.now() + 10_000;
    while (processesWithHome(s.home).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(processesWithHome(s.home).length >= 3, "the login shell was started");
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    assert.equal(await exited, 130);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(processesWithHome(s.home), []);
  } finally {
    s.cleanup();
  }
});
