// The log names every command with its exit code and duration, with secrets masked.

import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { MASK } from "../../src/core/base/redact";
import { captureLoginEnv } from "../../src/core/shell/loginShell";
import { loggingRun, secretMaskingLog } from "../../src/extension/runLog";
import { minimalPathDir, removeDir, tempDir, writeFile } from "../support/fixtures";

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

void describe("secretMaskingLog (the extension's log, as Ctx wires it)", () => {
  void it("masks the login profile's secrets in every line: commands, fix results, errors", async () => {
    const root = tempDir("gd-runlog-");
    try {
      const home = path.join(root, "home");
      // Plain values: only the secrets list can mask them (no token shape, not written as NAME=value).
      const token = "plainTokenValue4242";
      const password = "hunter2-plain-value";
      writeFile(path.join(home, ".bash_profile"), `export GITHUB_TOKEN="${token}"\nexport DB_PASSWORD="${password}"\n`);
      const processEnv = { HOME: home, SHELL: "/bin/bash", PATH: minimalPathDir(root) };
      const login = await captureLoginEnv({ processEnv, enabled: true, timeoutMs: 10_000 });
      assert.equal(login.source, "login-shell", JSON.stringify(login.findings));
      assert.equal(login.env.DB_PASSWORD, password);

      const lines: string[] = [];
      const channel = {
        name: "Go Doctor",
        info: (...a: unknown[]) => lines.push(`info ${a.map(String).join(" ")}`),
        warn: (...a: unknown[]) => lines.push(`warn ${a.map(String).join(" ")}`),
        error: (...a: unknown[]) => lines.push(`error ${a.map(String).join(" ")}`),
        appendLine: (a: string) => lines.push(`line ${a}`),
        shown: 0,
        show(): void {
          this.shown++;
        },
      };
      let captured = false;
      const { log, run } = secretMaskingLog(channel, () => (captured ? login.env : undefined), processEnv);
      log.info(`before the capture: ${password}`);
      captured = true;

      const r = await run(["sh", "-c", 'echo "$1" >/dev/null', "sh", password], { timeoutMs: 5000, cwd: root });
      assert.equal(r.exitCode, 0);
      log.info(`fix applied: go env -w GOPRIVATE=${token}`);
      log.warn(`$ git ls-remote ${token} → exit code 128\nfatal: ${password} rejected`);
      log.error(new Error(`could not write ${token}`));
      log.appendLine(`[debug Launch] ${password}`);
      log.show();

      assert.equal(log.name, "Go Doctor");
      assert.equal(channel.shown, 1, "methods other than writes reach the channel with it as this");
      assert.equal(lines.length, 6, lines.join("\n"));
      assert.ok(lines[0]?.includes(password), "before the capture only the process environment's secrets are known");
      const after = lines.slice(1).join("\n");
      assert.ok(!after.includes(token) && !after.includes(password), after);
      assert.equal(after.split(MASK).length - 1, 6, after);
      assert.match(lines[1] ?? "", /^info \$ sh -c .* sh «redacted» \(in .*\) → exit code 0 in \d+ ms$/);
      assert.match(lines[4] ?? "", /^error Error: could not write «redacted»/);
    } finally {
      removeDir(root);
    }
  });
});
