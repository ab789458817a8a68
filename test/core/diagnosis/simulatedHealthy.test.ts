// A healthy Windows and a healthy macOS, simulated through the platform seam:
// the whole diagnosis finds go, dlv and gopls in their native places, opens
// both gates and reports nothing at all. The tools answering are this machine's
// real go, dlv and gopls (test/support/simulatedMachine.ts). A launch
// configuration debugs a real PE or Mach-O binary cross-compiled for the
// simulated platform, which the binary reader reads: with its debug
// information it passes, stripped it is GD081.

import assert from "node:assert/strict";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { diagnose } from "../../../src/core/diagnosis/diagnose";
import { readBinaryInfo } from "../../../src/core/launch/binaryInfo";
import { reportSchema, type Report } from "../../../src/core/model/report";
import { goBuild, MINIMAL_MAIN } from "../../support/binaryBuild";
import { removeDir, tempDir, writeFile, writeModule } from "../../support/fixtures";
import { simulatedMachine } from "../../support/simulatedMachine";

const PLATFORMS = [
  { name: "win32", goos: "windows", goarch: "amd64", binary: "hello.exe", format: "pe" },
  { name: "darwin", goos: "darwin", goarch: "arm64", binary: "hello", format: "macho" },
] as const;

void describe("a healthy machine on a platform the tests only simulate", () => {
  const root = tempDir("gd-healthy-");
  after(() => removeDir(root));

  /** A module with a binary built for the simulated platform and a launch.json debugging it with mode "exec". */
  async function folderWithBinary(p: (typeof PLATFORMS)[number], dir: string, flags: string[]): Promise<string> {
    const folder = writeModule(path.join(dir, "work", "hello"), { main: MINIMAL_MAIN });
    await goBuild(dir, folder, path.join(folder, p.binary), flags, { GOOS: p.goos, GOARCH: p.goarch });
    writeFile(
      path.join(folder, ".vscode", "launch.json"),
      JSON.stringify({
        version: "0.2.0",
        configurations: [
          { name: "Launch", type: "go", request: "launch", mode: "debug", program: "${workspaceFolder}" },
          { name: "Binary", type: "go", request: "launch", mode: "exec", program: `\${workspaceFolder}/${p.binary}` },
        ],
      }),
    );
    return folder;
  }

  async function diagnoseOn(p: (typeof PLATFORMS)[number], dir: string, folder: string) {
    const machine = simulatedMachine(p.name, dir);
    const report: Report = reportSchema.parse(
      await diagnose({
        folder,
        processEnv: machine.processEnv,
        settings: {},
        shell: { enabled: false, timeoutMs: 1_000 },
        platform: machine.platform,
        run: machine.run,
      }),
    );
    return { machine, report };
  }

  for (const p of PLATFORMS) {
    void it(`${p.name}: go, dlv and gopls in their native places; both gates open and nothing is reported`, async () => {
      const dir = path.join(root, `${p.name}-healthy`);
      const folder = await folderWithBinary(p, dir, []);
      const binary = path.join(folder, p.binary);
      const info = await readBinaryInfo(binary);
      assert.deepEqual([info.format, info.hasDwarf, info.hasSymbols], [p.format, true, true]);

      const { machine, report } = await diagnoseOn(p, dir, folder);
      assert.deepEqual(
        report.findings.map((f) => `${f.code} ${f.severity}: ${f.message}`),
        [],
      );
      assert.equal(report.gates.language.open, true, report.gates.language.reason);
      assert.equal(report.gates.debug.open, true, report.gates.debug.reason);
      assert.doesNotMatch(report.gates.debug.reason, /not verified/, "open on its own merits, not by failing open");
      assert.deepEqual(report.platform && [report.platform.name, report.platform.verified], [p.name, false]);
      assert.equal(report.tools.go.path, machine.tools.go);
      assert.deepEqual(
        [report.tools.dlv.path, report.tools.dlv.version, report.tools.gopls.path, report.tools.gopls.version],
        [machine.tools.dlv, "1.27.2", machine.tools.gopls, "0.23.0"],
      );
      // Every check ran and passed; on macOS, with no login shell captured, the drift is not compared.
      const notOk = report.checks.filter((c) => c.status !== "ok").map((c) => `${c.id} ${c.status}`);
      assert.deepEqual(notOk, p.name === "darwin" ? ["editorEnv skipped"] : []);
      if (p.name === "win32") {
        assert.ok(
          machine.calls.some((c) => c[0] === "reg"),
          "the registry's Path was read",
        );
        assert.match(report.checks.find((c) => c.id === "editorEnv")?.summary ?? "", /registry/);
      }
      assert.ok(
        machine.calls.some((c) => c[0] === machine.tools.go && c[1] === "version" && c[2] === "-m" && c[3] === binary),
        "the exec configuration's binary was checked",
      );
    });

    void it(`${p.name}: the binary reader reads the ${p.format} binary of an exec configuration: stripped, it is GD081`, async () => {
      const dir = path.join(root, `${p.name}-stripped`);
      const folder = await folderWithBinary(p, dir, ["-ldflags=-s -w"]);
      const info = await readBinaryInfo(path.join(folder, p.binary));
      assert.deepEqual([info.format, info.hasDwarf], [p.format, false]);
      const { report } = await diagnoseOn(p, dir, folder);
      assert.deepEqual(
        report.findings.map((f) => [f.code, f.severity]),
        [["GD081", "error"]],
      );
      assert.match(report.findings[0]?.message ?? "", new RegExp(p.binary.replace(".", "\\.")));
      assert.equal(report.gates.debug.open, true, "GD081 is about that one configuration; it closes no gate");
    });
  }
});
