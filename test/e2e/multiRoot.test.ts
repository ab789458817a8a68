// A multi-root workspace in the real editor: every Go folder is diagnosed with
// the one login-shell capture, a folder's own fault shows in the report named
// after its folder, and a launch in that folder is stopped with that fault's
// code while the other folder's gates stay open.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { programsOf } from "./harness/processes";
import { withEditor } from "./harness/run";
import { Scenario } from "./harness/scenario";
import { poll } from "./harness/workbench";
import { writeFile, writeFileProxy, writeModule } from "../support/fixtures";

test(
  "multi-root: both Go folders diagnosed, the second folder's GD013 named after it, and a launch there refused with it",
  { timeout: 240_000 },
  async () => {
    const s = new Scenario("12-multi-root");
    // GOTOOLCHAIN=local (the standard profile): a go.mod asking for Go 1.99 cannot be served by a switch (GD013).
    s.setUp();
    const newer = path.join(s.root, "newer");
    writeModule(newer, { module: "example.com/newer", goLine: "1.99" });
    writeFile(
      path.join(newer, ".vscode", "launch.json"),
      JSON.stringify(
        {
          version: "0.2.0",
          configurations: [
            { name: "Launch newer", type: "go", request: "launch", mode: "debug", program: "${workspaceFolder}" },
          ],
        },
        null,
        2,
      ) + "\n",
    );
    const workspaceFile = path.join(s.root, "both.code-workspace");
    writeFile(workspaceFile, JSON.stringify({ folders: [{ path: "hello" }, { path: "newer" }] }, null, 2) + "\n");

    await withEditor(s, { open: workspaceFile }, async (editor) => {
      const wb = editor.workbench;
      const report = await poll("a report naming the second folder's GD013", 90_000, async () => {
        const r = s.report();
        return r?.findings.some((f) => f.code === "GD013" && f.message.startsWith('In folder "newer": '))
          ? r
          : undefined;
      });
      // The gates follow the first Go folder, which is healthy.
      assert.equal(report.folder, s.workspace);
      assert.equal(report.gates.language.open, true, report.gates.language.reason);
      assert.equal(report.gates.debug.open, true, report.gates.debug.reason);
      assert.ok(
        !report.findings.some((f) => f.code === "GD013" && !f.message.startsWith("In folder")),
        "hello's own report has no GD013",
      );
      // One gopls for the whole workspace (gopls's own telemetry child aside).
      await poll("one gopls server", 60_000, async () =>
        programsOf(s.home, "gopls").filter((p) => p.argv.includes("-mode=stdio")).length === 1 ? true : undefined,
      );

      // Debug: Select and Start Debugging → "Launch newer" is stopped before dlv, with the folder's fault.
      await wb.runCommand("Debug: Select and Start Debugging");
      const rows = await wb.waitQuickPick();
      assert.ok(
        rows.some((r) => /Launch newer/.test(r)),
        JSON.stringify(rows),
      );
      await wb.choosePicks(/Launch newer/);
      const refusal = await wb.waitNotification(
        "refusing the launch in the second folder",
        /Go Doctor stopped "Launch newer"/,
        60_000,
      );
      assert.match(refusal, /In folder "newer"/);
      assert.match(refusal, /GD013/);
      assert.deepEqual(programsOf(s.home, "dlv"), [], "no dlv was started for the refused launch");
      await editor.screenshot("multi-root-refused");
    });
  },
);

test(
  "multi-root: a launch in the second folder waits for that folder's missing modules, downloads them, and stops at its breakpoint",
  { timeout: 300_000 },
  async () => {
    const s = new Scenario("13-multi-root-modules");
    const gobin = s.setUp();
    // The second folder needs a module that no cache has yet; a private module cache, so nothing is left behind.
    const greeter = path.join(s.root, "greeter");
    const proxy = writeFileProxy(
      s.root,
      "example.com/greet",
      "v1.0.0",
      'package greet\n\n// Word is what main prints.\nfunc Word() string { return "hello" }\n',
    );
    writeModule(greeter, {
      module: "example.com/greeter",
      requires: ["example.com/greet v1.0.0"],
      main: `package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n)\n\nfunc main() {\n\tgreeting := greet.Word()\n\tfmt.Println(greeting)\n}\n`,
    });
    writeFile(
      path.join(greeter, ".vscode", "launch.json"),
      JSON.stringify(
        {
          version: "0.2.0",
          configurations: [
            { name: "Launch greeter", type: "go", request: "launch", mode: "debug", program: "${workspaceFolder}" },
          ],
        },
        null,
        2,
      ) + "\n",
    );
    const modCache = path.join(s.home, "modcache");
    s.writeProfile([
      ...s.standardGoVars({ gobin }).filter(([k]) => k !== "GOMODCACHE"),
      ["GOMODCACHE", modCache],
      ["GOPROXY", proxy],
      ["GOSUMDB", "off"],
    ]);
    s.writeGoSum(greeter, proxy);
    const inCache = (): boolean => fs.existsSync(path.join(modCache, "example.com", "greet@v1.0.0"));
    const workspaceFile = path.join(s.root, "both.code-workspace");
    writeFile(workspaceFile, JSON.stringify({ folders: [{ path: "hello" }, { path: "greeter" }] }, null, 2) + "\n");

    // gopls would fetch the module itself; this scenario is about the debug launch.
    await withEditor(
      s,
      { open: workspaceFile, userSettings: { "goDoctor.languageServer": "never" } },
      async (editor) => {
        const wb = editor.workbench;
        const report = await poll("a report naming the second folder's GD042", 90_000, async () => {
          const r = s.report();
          return r?.findings.some((f) => f.code === "GD042" && f.message.startsWith('In folder "greeter": '))
            ? r
            : undefined;
        });
        assert.equal(report.gates.debug.open, true, "the main folder's debug gate is open");
        assert.equal(inCache(), false);

        await wb.openFile("greeter/main.go");
        await wb.toggleBreakpoint(11);
        await wb.runCommand("Debug: Select and Start Debugging");
        await wb.waitQuickPick();
        await wb.choosePicks(/Launch greeter/);
        await wb.waitStopped(120_000);
        await wb.waitVariable("greeting", '"hello"', 15_000);
        // Go Doctor downloaded the module before dlv built the program (a quick download shows no notification, only the log).
        assert.ok(inCache(), "the module is in the cache now");
        const log = goDoctorLog(s.root);
        assert.match(log, /folder "greeter": \S*go mod download: 1 modules in \d+ ms/);
        assert.ok(
          log.indexOf('folder "greeter": ') < log.indexOf("[debug Launch greeter] starting"),
          "the download came before dlv started",
        );
        await wb.stopDebugging();
        // The re-check after the download clears the folder's GD042.
        await poll("a report without the second folder's GD042", 60_000, async () => {
          const r = s.report();
          return r && !r.findings.some((f) => f.code === "GD042") ? r : undefined;
        });
      },
    );
  },
);

/** The text of Go Doctor's output channel, from the editor's log folder. */
function goDoctorLog(root: string): string {
  const find = (dir: string): string | undefined => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        const hit = find(p);
        if (hit) return hit;
      } else if (e.name === "Go Doctor.log") return p;
    }
    return undefined;
  };
  const file = find(path.join(root, "user-data", "logs"));
  assert.ok(file, "Go Doctor's log file exists");
  return fs.readFileSync(file, "utf8");
}
