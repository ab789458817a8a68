// The whole diagnosis on a simulated Windows editor (`Path`, no HOME,
// USERPROFILE) where Go Doctor finds no go, dlv or gopls: the findings are
// reported, unverified, and neither gate closes, so debugging and gopls keep
// working as they did without Go Doctor. The same machine judged as Linux
// closes both gates. And macOS conventions over a real healthy machine open both.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { systemClock } from "../../../src/core/base/clock";
import { diagnose, type DiagnoseOptions } from "../../../src/core/diagnosis/diagnose";
import { Readiness } from "../../../src/core/readiness/readiness";
import { reportSchema } from "../../../src/core/model/report";
import { removeDir, tempDir, writeModule } from "../../support/fixtures";
import { simulatedPlatform, WINDOWS_EDITOR_ENV } from "../../support/simulatedPlatform";
import { blindStart, loginDiagnosis } from "../../support/blindStart";
import { platformFor } from "../../../src/core/base/platform";

void describe("the gates on a platform the tests only simulate", () => {
  const root = tempDir("gd-platform-");
  after(() => removeDir(root));
  const folder = writeModule(root);

  const run = (name: "win32" | "darwin" | "linux", more: Pick<DiagnoseOptions, "signal" | "onStage"> = {}) =>
    diagnose({
      folder,
      processEnv: { ...WINDOWS_EDITOR_ENV },
      settings: {},
      shell: { enabled: false, timeoutMs: 1_000 },
      platform: simulatedPlatform(name).platform,
      ...more,
    });

  /** What the debug resolver gets for a `go` launch: the readiness machine over the whole diagnosis. */
  async function debugAnswer(name: "win32" | "linux") {
    const machine = new Readiness({
      clock: systemClock,
      diagnose: (req) => run(name, { signal: req.signal, onStage: req.onStage }),
      languageServerSpec: () => null,
      startLanguageServer: async () => undefined,
      stopLanguageServer: async () => undefined,
    });
    machine.dispatch({ type: "activate" });
    try {
      return await machine.waitForDebug();
    } finally {
      await machine.dispose();
    }
  }

  for (const name of ["win32", "darwin"] as const) {
    void it(`${name}: GD010, GD020 and GD030 are reported as unverified warnings and both gates stay open`, async () => {
      const report = reportSchema.parse(await run(name));
      const codes: string[] = report.findings.map((f) => f.code);
      for (const code of ["GD010", "GD020", "GD030"]) assert.ok(codes.includes(code), `${code} in ${codes.join(",")}`);
      for (const f of report.findings.filter((x) => ["GD010", "GD020", "GD030"].some((c) => c === x.code))) {
        assert.equal(f.severity, "warning", f.code);
        assert.ok(f.unverified, f.code);
      }
      assert.equal(report.gates.language.open, true, report.gates.language.reason);
      assert.equal(report.gates.debug.open, true, report.gates.debug.reason);
      assert.match(report.gates.debug.reason, /not verified on this platform/);
      assert.deepEqual(report.platform && [report.platform.name, report.platform.verified], [name, false]);
      assert.equal(report.summary.errors, 0);
    });
  }

  void it("linux: the same missing tools are errors and close both gates", async () => {
    const report = await run("linux");
    assert.equal(report.gates.language.open, false);
    assert.equal(report.gates.debug.open, false);
    assert.ok(report.gates.debug.codes.includes("GD010") && report.gates.language.codes.includes("GD010"));
    assert.ok(report.findings.every((f) => f.unverified === undefined));
    assert.deepEqual(report.platform, { name: "linux", verified: true, unverifiedCodes: [] });
  });

  void it("the debug resolver lets a Windows launch through to the system's dlv, and refuses it on Linux with GD010", async () => {
    const win = await debugAnswer("win32");
    assert.ok(win.ok, JSON.stringify(win));
    assert.equal(win.dlvPath, "dlv", "the bare name: the Go extension or the system's lookup finds dlv.exe");
    const linux = await debugAnswer("linux");
    assert.equal(linux.ok, false);
    assert.equal(!linux.ok && linux.code, "GD010");
  });

  void it("darwin conventions over a real healthy machine (real go, dlv, gopls, bash login profile): both gates open", async () => {
    const s = blindStart();
    try {
      const report = await diagnose(loginDiagnosis(s, { platform: platformFor("darwin") }));
      assert.equal(report.gates.language.open, true, report.gates.language.reason);
      assert.equal(report.gates.debug.open, true, report.gates.debug.reason);
      assert.equal(report.tools.dlv.version, "1.27.2");
      assert.equal(report.tools.gopls.version, "0.23.0");
      // The blind editor's drift is still told, as an unverified warning on this platform.
      const drift = report.findings.find((f) => f.code === "GD003");
      assert.equal(drift?.severity, "warning");
      assert.ok(drift.unverified);
      assert.equal(report.summary.errors, 0);
    } finally {
      s.cleanup();
    }
  });
});
