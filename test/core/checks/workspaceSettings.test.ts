import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { readWorkspaceSettings } from "../../../src/core/checks/workspaceSettings";
import { removeDir, tempDir, writeFile } from "../../support/fixtures";

// GD_FUZZ_RUNS raises the run count (npm run fuzz).
const numRuns = Number(process.env.GD_FUZZ_RUNS ?? "") || 2000;

describe("workspace settings for the CLI", () => {
  it("reads go.* settings from JSONC with comments and trailing commas", () => {
    const dir = tempDir();
    try {
      writeFile(
        path.join(dir, ".vscode", "settings.json"),
        '\uFEFF{\n  // tools\n  "go.alternateTools": { "dlv": "/opt/dlv", },\n  "go.toolsGopath": "/x",\n}\n',
      );
      const r = readWorkspaceSettings(dir, true);
      assert.deepEqual(r.settings, { alternateTools: { dlv: "/opt/dlv" }, toolsGopath: "/x" });
      assert.deepEqual(r.findings, []);
    } finally {
      removeDir(dir);
    }
  });

  it("ignores settings that name programs when the folder is not trusted", () => {
    const dir = tempDir();
    try {
      writeFile(
        path.join(dir, ".vscode", "settings.json"),
        '{ "go.alternateTools": { "go": "/tmp/evil" }, "go.goroot": "/tmp/r" }',
      );
      const r = readWorkspaceSettings(dir, false);
      assert.deepEqual(r.settings, {});
      assert.deepEqual(r.ignored.sort(), ["go.alternateTools", "go.goroot"]);
    } finally {
      removeDir(dir);
    }
  });

  it("refuses a malformed file with GD070 and its line, and a wrong type with GD070", () => {
    const dir = tempDir();
    try {
      const file = writeFile(
        path.join(dir, ".vscode", "settings.json"),
        '{\n  "go.goroot": "/x",\n  "go.alternateTools": {\n}}}',
      );
      const bad = readWorkspaceSettings(dir, true);
      assert.equal(bad.findings[0]?.code, "GD070");
      assert.equal(bad.findings[0]?.location?.file, file);
      writeFile(file, '{ "go.alternateTools": "dlv" }');
      assert.equal(readWorkspaceSettings(dir, true).findings[0]?.code, "GD070");
    } finally {
      removeDir(dir);
    }
  });

  it("never throws on arbitrary file contents", () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, ".vscode", "settings.json");
      const jsonish = fc.oneof(
        fc.string(),
        fc.json(),
        fc.jsonValue().map((v) => JSON.stringify({ "go.alternateTools": v, "go.goroot": v })),
      );
      fc.assert(
        fc.property(jsonish, (text) => {
          writeFile(file, text);
          const r = readWorkspaceSettings(dir, true);
          assert.ok(r.findings.every((f) => f.code === "GD070"));
        }),
        { numRuns },
      );
    } finally {
      removeDir(dir);
    }
  });
});
