// The log names every command with its exit code and duration, with secrets masked.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loggingRun } from "../../src/extension/runLog";

void describe("loggingRun", () => {
  void it("logs a real command's argv, exit code and duration; failures as warnings; secrets masked", async () => {
    const lines: { level: string; text: string }[] = [];
    const log = {
      info: (text: string) => lines.push({ level: "info", text }),
      warn: (text: string) => lines.push({ level: "warn", text }),
    };
    const run = loggingRun(log, () => ["s3cr3t-value"]);
    const ok = await run(["sh", "-c", "echo hi"], { timeoutMs: 5000, cwd: "/" });
    assert.equal(ok.stdout, "hi\n");
    const bad = await run(["sh", "-c", "exit 3", "s3cr3t-value"], { timeoutMs: 5000 });
    assert.equal(bad.exitCode, 3);
    const missing = await run(["/nonexistent/tool", "version"], { timeoutMs: 5000 });
    assert.ok(missing.spawnError);
    assert.equal(lines.length, 3);
    assert.equal(lines[0]?.level, "info");
    assert.match(lines[0]?.text ?? "", /^\$ sh -c 'echo hi' \(in \/\) → exit code 0 in \d+ ms$/);
    assert.equal(lines[1]?.level, "warn");
    assert.match(lines[1]?.text ?? "", /→ exit code 3 in \d+ ms$/);
    assert.ok(!(lines[1]?.text ?? "").includes("s3cr3t-value"));
    assert.match(lines[2]?.text ?? "", /\/nonexistent\/tool version → could not start \(ENOENT\)/);
  });
});
