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
import { writeFile, writeModule } from "../support/fixtures";
import { codeServerEntry } from "./harness/codeServer";

test("multi-root: both Go folders diagnosed, the second folder's GD013 named after it, and a launch there refused with it", { timeout: 240_000 }, async (t) => {
  if (!fs.existsSync(codeServerEntry)) {
    t.skip("code-server is not installed (scripts/setup-code-server.sh)");
    return;
  }
  const s = new Scenario("12-multi-root");
  // GOTOOLCHAIN=local (the standard profile): a go.mod asking for Go 1.99 cannot be served by a switch (GD013).
  s.healthy();
  const newer = path.join(s.root, "newer");
  writeModule(newer, { module: "example.com/newer", goLine: "1.99" });
  writeFile(
    path.join(newer, ".vscode", "launch.json"),
    JSON.stringify({ version: "0.2.0", configurations: [{ name: "Launch newer", type: "go", request: "launch", mode: "debug", program: "${workspaceFolder}" }] }, null, 2) + "\n",
  );
  const workspaceFile = path.join(s.root, "both.code-workspace");
  writeFile(workspaceFile, JSON.stringify({ folders: [{ path: "hello" }, { path: "newer" }] }, null, 2) + "\n");

  await withEditor(s, { open: workspaceFile }, async (editor) => {
    const wb = editor.workbench;
    const report = await poll("a report naming the second folder's GD013", 90_000, async () => {
      const r = s.report();
      return r?.findings.some((f) => f.code === "GD013" && f.message.startsWith('In folder "newer": ')) ? r : undefined;
    });
    // The gates follow the first Go folder, which is healthy.
    assert.equal(report.folder, s.workspace);
    assert.equal(report.gates.language.open, true, report.gates.language.reason);
    assert.equal(report.gates.debug.open, true, report.gates.debug.reason);
    assert.ok(!report.findings.some((f) => f.code === "GD013" && !f.message.startsWith("In folder")), "hello's own report has no GD013");
    // One gopls for the whole workspace (gopls's own telemetry child aside).
    await poll("one gopls server", 60_000, async () => (programsOf(s.home, "gopls").filter((p) => p.argv.includes("-mode=stdio")).length === 1 ? true : undefined));

    // Debug: Select and Start Debugging → "Launch newer" is stopped before dlv, with the folder's fault.
    await wb.runCommand("Debug: Select and Start Debugging");
    const rows = await wb.waitQuickPick();
    assert.ok(rows.some((r) => /Launch newer/.test(r)), JSON.stringify(rows));
    await wb.choosePicks(/Launch newer/);
    const refusal = await wb.waitNotification("refusing the launch in the second folder", /Go Doctor stopped "Launch newer"/, 60_000);
    assert.match(refusal, /In folder "newer"/);
    assert.match(refusal, /GD013/);
    assert.deepEqual(programsOf(s.home, "dlv"), [], "no dlv was started for the refused launch");
    await editor.screenshot("multi-root-refused");
  });
});
