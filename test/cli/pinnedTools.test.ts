import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import { reportSchema } from "../../src/core/model/report";
import { blindStart } from "../support/blindStart";
import { projectRoot, writeFile } from "../support/fixtures";
import { DLV_PKG, pinnedModule, pinVars, toolLine } from "../support/pinnedModule";

const cli = path.join(projectRoot, "dist", "cli.js");

describe("go-doctor on a module that pins Delve with a tool directive", { timeout: 180_000 }, () => {
  it("names the pinned dlv and its go.mod line on the Delve line, and in the JSON report", () => {
    const vars = pinVars();
    const s = blindStart({
      blind: false,
      profileExtra: Object.entries(vars)
        .map(([k, v]) => `export ${k}="${v}"`)
        .join("\n"),
    });
    try {
      const module = path.join(s.root, "work", "pinned");
      const line = toolLine(
        pinnedModule(module, "example.com/pinned", `${DLV_PKG}@v1.27.2`, { ...s.processEnv, ...vars }),
        DLV_PKG,
      );
      writeFile(path.join(module, "main.go"), 'package main\n\nfunc main() { println("hi") }\n');
      const run = (args: string[]) =>
        spawnSync(process.execPath, [cli, ...args, module], {
          env: s.processEnv,
          encoding: "utf8",
          timeout: 120_000,
          stdio: ["ignore", "pipe", "pipe"],
        });

      const text = run([]);
      assert.equal(text.status, 0, text.stdout + text.stderr);
      assert.match(
        text.stdout,
        new RegExp(
          `Delve debugger: dlv 1\\.27\\.2 at \\S+/dlv, built with Go [\\d.]+ \\(pinned: go\\.mod tool directive, go\\.mod:${line}\\)`,
        ),
      );
      assert.match(text.stdout, /• GD026 dlv is pinned by the tool directive at .*go\.mod:\d+/);
      assert.match(text.stdout, /Debug gate: open/);

      const json = run(["--json"]);
      const report = reportSchema.parse(JSON.parse(json.stdout));
      assert.equal(report.tools.dlv.reason, `go.mod tool directive, go.mod:${line}`);
      assert.deepEqual(
        report.tools.dlv.candidates.map((c) => c.source),
        [`go.mod tool directive, go.mod:${line}`, "GOPATH/bin"],
        "the GOPATH/bin dlv is the same release built with the same Go, so no GD026 warning",
      );
      assert.deepEqual(
        report.findings.filter((f) => f.code === "GD026").map((f) => f.severity),
        ["info"],
      );
    } finally {
      s.cleanup();
    }
  });
});
