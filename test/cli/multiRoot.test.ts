import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { reportSchema } from "../../src/core/model/report";
import { writeFile, writeModule } from "../support/fixtures";
import { blindStart } from "../support/blindStart";
import { goDoctor } from "../support/goDoctorCli";

describe("go-doctor on a multi-root workspace", () => {
  it("diagnoses several folders as one workspace: the first gives the gates, the second's own GD013 is named after it", () => {
    const s = blindStart({ blind: false });
    try {
      const newer = writeModule(path.join(s.root, "work", "newer"), { goLine: "1.99" });
      const r = goDoctor(["--json", s.module, newer], s.processEnv);
      assert.equal(r.code, 1, r.stderr);
      const report = reportSchema.parse(JSON.parse(r.stdout));
      assert.equal(report.folder, s.module);
      assert.equal(report.gates.debug.open, true, report.gates.debug.reason);
      const named = report.findings.filter((f) => f.message.startsWith('In folder "newer": '));
      assert.deepEqual([...new Set(named.map((f) => f.code))], ["GD013"]);
      const text = goDoctor([s.module, newer], s.processEnv);
      assert.equal(text.code, 1);
      assert.match(text.stdout, /In folder "newer": .*1\.99/);
    } finally {
      s.cleanup();
    }
  });

  it("reads the folders of a .code-workspace file (comments, trailing commas, names) and exits 0 when all are healthy", () => {
    const s = blindStart({ blind: false });
    try {
      const second = writeModule(path.join(s.root, "work", "second"));
      const file = writeFile(
        path.join(s.root, "work", "both.code-workspace"),
        `{\n  // the two modules\n  "folders": [\n    { "path": "hello" },\n    { "path": "second", "name": "Second one" },\n  ],\n}\n`,
      );
      const r = goDoctor(["--json", file], s.processEnv);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const report = reportSchema.parse(JSON.parse(r.stdout));
      assert.equal(report.folder, s.module);
      assert.ok(
        !report.findings.some((f) => f.message.startsWith("In folder")),
        "a healthy second folder adds nothing",
      );
      assert.ok(fs.existsSync(path.join(second, "go.mod")));
    } finally {
      s.cleanup();
    }
  });

  it("refuses a malformed or wrong .code-workspace file with exit 2 and says why", () => {
    const s = blindStart({ blind: false });
    try {
      const cases: [string, string, RegExp][] = [
        ["broken.code-workspace", '{ "folders": [ { "path": "hello" } ', /is not valid JSON \(.* on line 1\)/],
        ["nofolders.code-workspace", '{ "settings": {} }', /has no "folders" list/],
        ["missing.code-workspace", '{ "folders": [ { "path": "gone" } ] }', /names gone, which is not a folder/],
        ["empty.code-workspace", '{ "folders": [] }', /lists no folders/],
      ];
      for (const [name, text, why] of cases) {
        const file = writeFile(path.join(s.root, "work", name), text);
        const r = goDoctor([file], s.processEnv);
        assert.equal(r.code, 2, `${name}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, why, name);
        assert.equal(r.stdout, "", `${name}: nothing on stdout`);
        assert.equal(fs.readFileSync(file, "utf8"), text, `${name} is left as it was`);
      }
    } finally {
      s.cleanup();
    }
  });
});
