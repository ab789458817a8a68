// Save Report writes a complete, redacted, schema-valid report.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { diagnose } from "../../src/core/diagnosis/diagnose";
import { reportSchema } from "../../src/core/model/report";
import { reportJson, writeReportFile } from "../../src/extension/reportFile";
import { hermeticEnv, removeDir, tempDir, writeModule } from "../support/fixtures";

void describe("report file", () => {
  let root: string;
  before(() => {
    root = tempDir("gd-reportfile-");
  });
  after(() => removeDir(root));

  void it(
    "writes a real diagnosis as schema-valid JSON with secrets masked, replacing an older file whole",
    { timeout: 60_000 },
    async () => {
      const home = path.join(root, "home");
      fs.mkdirSync(home, { recursive: true });
      const mod = writeModule(path.join(root, "mod"));
      const secret = "hunter2-very-secret-token";
      const env = hermeticEnv(home, {
        GOPATH: path.join(home, "go"),
        GOCACHE: path.join(home, "cache"),
        GOPROXY: `https://user:${secret}@proxy.example.com`,
        MY_API_TOKEN: secret,
      });
      const report = await diagnose({
        folder: mod,
        processEnv: env,
        settings: {},
        shell: { enabled: false, timeoutMs: 1000 },
      });
      const file = path.join(root, "out", "nested", "report.json");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, "x".repeat(100_000));
      writeReportFile(file, report, env);
      const text = fs.readFileSync(file, "utf8");
      assert.ok(!text.includes(secret), "the secret leaked into the saved report");
      const parsed = reportSchema.parse(JSON.parse(text));
      assert.equal(parsed.folder, mod);
      assert.equal(text, reportJson(report, env));
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ["report.json"], "no temporary file is left behind");
    },
  );
});
