// Issue 14 in the real editor: a module pins Delve with go.mod's `tool`
// directive, and the dlv in GOBIN is an older stand-in that must never be run.
// F5 must stop at the breakpoint through the pinned build (the binary
// `go tool -n dlv` prints, in the build cache).

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { fakeTool } from "../support/fixtures";
import { DLV_PKG, pinnedModule, pinVars, toolLine } from "../support/pinnedModule";
import { programsOf } from "./harness/processes";
import { withEditor } from "./harness/run";
import { BREAKPOINT_LINE, goBinDir, Scenario, waitReport } from "./harness/scenario";
import { poll } from "./harness/workbench";

test(
  "pinned dlv: go.mod's tool directive wins over an older dlv in GOBIN; F5 stops at the breakpoint through the pinned build",
  { timeout: 300_000 },
  async () => {
    const s = new Scenario("13-pinned-dlv");
    const vars = pinVars();
    const gobin = s.setUp({
      dlv: false,
      extra: [
        ["GOPROXY", vars.GOPROXY],
        ["GOSUMDB", "off"],
      ],
    });
    const ranMarker = path.join(s.root, "stand-in-ran");
    // Answers its version like an older Delve; anything else it is asked to do is recorded and fails.
    fakeTool(
      gobin,
      "dlv",
      `if [ "$1" = version ]; then printf 'Delve Debugger\\nVersion: 1.25.0\\nBuild: $Id: stand-in $\\n'; exit 0; fi\ntouch '${ranMarker}'; exit 1`,
    );
    const gomod = pinnedModule(s.workspace, "example.com/hello", `${DLV_PKG}@v1.27.2`, {
      HOME: s.home,
      PATH: `${goBinDir}:/usr/bin:/bin`,
      ...vars,
    });
    const line = toolLine(gomod, DLV_PKG);
    assert.ok(line > 0, gomod);

    await withEditor(s, {}, async (editor) => {
      const wb = editor.workbench;
      const report = await waitReport(
        s,
        "the pinned dlv and the debug gate open",
        (r) => r.gates.debug.open && r.tools.dlv.reason.startsWith("go.mod tool directive"),
        120_000,
      );
      assert.equal(report.tools.dlv.reason, `go.mod tool directive, go.mod:${line}`);
      assert.equal(report.tools.dlv.version, "1.27.2");
      const pinned = report.tools.dlv.path;
      assert.ok(pinned && !pinned.startsWith(gobin), `the pinned build, not GOBIN's: ${pinned}`);

      await wb.openFile("main.go");
      await wb.toggleBreakpoint(BREAKPOINT_LINE);
      await wb.startDebugging();
      await wb.waitStopped(120_000);
      await poll(
        "the call stack paused on the breakpoint",
        15_000,
        async () => (/paused on breakpoint/i.test(await wb.callStackState()) ? true : undefined),
        () => wb.callStackState(),
      );
      const running = programsOf(s.home, "dlv");
      assert.ok(
        running.length > 0 && running.every((p) => p.argv[0] === pinned),
        `the dlv debugging is the pinned one (${pinned}): ${JSON.stringify(running.map((p) => p.argv))}`,
      );
      assert.equal(fs.existsSync(ranMarker), false, "GOBIN's stand-in dlv was never run for the session");
      await editor.screenshot("stopped");
      await wb.stopDebugging();
    });
  },
);
