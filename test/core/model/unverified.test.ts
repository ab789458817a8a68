// Fail open where unverified: on a platform the tests only simulate (Windows,
// macOS) a finding that may be an artefact of the platform is reported as an
// unverified warning and keeps no gate shut; on Linux the same finding closes
// its gates as before. The GD010 here is real: locateGo given the environment
// a Windows editor has (`Path`, no HOME, USERPROFILE).

import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { gatesOf } from "../../../src/core/diagnosis/diagnose";
import { locateGo } from "../../../src/core/go/goLocator";
import type { GoInfo, ToolInfo } from "../../../src/core/model/facts";
import type { FaultCode } from "../../../src/core/model/faults";
import { finding, type Finding } from "../../../src/core/model/findings";
import type { ReportCheck, ReportFinding } from "../../../src/core/model/report";
import { onPlatform, platformNote } from "../../../src/core/model/unverified";
import { emptyFacts, languageGate } from "../../../src/core/readiness/gates";
import { goBinary } from "../../support/fixtures";

const windowsEnv = {
  Path: `${path.dirname(goBinary)}`,
  USERPROFILE: "C:\\Users\\gopher",
  SystemRoot: "C:\\Windows",
  PATHEXT: ".COM;.EXE;.BAT;.CMD",
};

const missing = (name: ToolInfo["name"]): ToolInfo => ({
  name,
  path: null,
  version: null,
  builtWith: null,
  reason: "not found",
  candidates: [],
});
const noGo: GoInfo = { tool: missing("go"), goEnv: null, activeVersion: null, localVersion: null };
const none = { go: noGo, dlv: missing("dlv"), gopls: missing("gopls") };

const asReported = (fs: readonly Finding[], platform: string, check: string): ReportFinding[] =>
  fs.map((f) => ({ ...onPlatform(f, platform), check }));

function checkOf(id: string, findings: ReportFinding[]): ReportCheck {
  return { id, title: id, status: "ok", summary: "", startMs: 0, durationMs: 0, findings, evidence: [] };
}

async function windowsGoFindings(): Promise<Finding[]> {
  const r = await locateGo({ env: windowsEnv, settings: {}, wellKnownDirs: [] });
  assert.equal(r.tool.path, null, "the go on `Path` is not seen through `PATH`");
  return r.findings;
}

void describe("fail open where unverified", () => {
  void it("GD010 from a Windows environment is an unverified warning there and leaves both gates open", async () => {
    const found = asReported(await windowsGoFindings(), "win32", "go");
    const gd010 = found.find((f) => f.code === "GD010");
    assert.ok(gd010, "GD010 is still reported");
    assert.equal(gd010.severity, "warning");
    assert.match(gd010.unverified ?? "", /Not verified on Windows/);
    assert.ok(gd010.details?.some((d) => d.includes("Not verified on Windows")));
    const gates = gatesOf(found, none);
    assert.equal(gates.language.open, true, gates.language.reason);
    assert.equal(gates.debug.open, true, gates.debug.reason);
    assert.match(gates.debug.reason, /GD010 not verified on this platform/);
  });

  void it("the same GD010 on Linux is an error that closes both gates", async () => {
    const found = asReported(await windowsGoFindings(), "linux", "go");
    assert.equal(found.find((f) => f.code === "GD010")?.severity, "error");
    const gates = gatesOf(found, none);
    assert.equal(gates.language.open, false);
    assert.equal(gates.debug.open, false);
    assert.ok(gates.debug.codes.includes("GD010") && gates.language.codes.includes("GD010"));
  });

  for (const [platform, open] of [
    ["win32", true],
    ["darwin", true],
    ["linux", false],
  ] as const) {
    void it(`dlv and gopls not found (GD020, GD030) on ${platform}: the gates are ${open ? "open" : "closed"}`, () => {
      const go: GoInfo = { ...noGo, tool: { ...missing("go"), path: "/go/bin/go" }, goEnv: { GOVERSION: "go1.26.8" } };
      const found = [
        ...asReported([finding("GD020", "dlv not found")], platform, "dlv"),
        ...asReported([finding("GD030", "gopls not found")], platform, "gopls"),
      ];
      const gates = gatesOf(found, { ...none, go });
      assert.equal(gates.debug.open, open, gates.debug.reason);
      assert.equal(gates.language.open, open, gates.language.reason);

      const facts = emptyFacts();
      facts.checks.set("shell", checkOf("shell", []));
      facts.checks.set("go", checkOf("go", []));
      facts.go = go;
      facts.gopls = missing("gopls");
      facts.checks.set(
        "gopls",
        checkOf(
          "gopls",
          found.filter((f) => f.check === "gopls"),
        ),
      );
      assert.equal(languageGate(facts).status, open ? "open" : "closed", languageGate(facts).reason);
    });
  }

  void it("the readiness machine's early language gate stays open on Windows with go missing", async () => {
    const facts = emptyFacts();
    facts.checks.set("shell", checkOf("shell", []));
    facts.checks.set("go", checkOf("go", asReported(await windowsGoFindings(), "win32", "go")));
    facts.go = noGo;
    facts.gopls = missing("gopls");
    facts.checks.set("gopls", checkOf("gopls", asReported([finding("GD030", "gopls not found")], "win32", "gopls")));
    assert.equal(languageGate(facts).status, "open", languageGate(facts).reason);
    facts.checks.set("go", checkOf("go", asReported(await windowsGoFindings(), "linux", "go")));
    assert.equal(languageGate(facts).status, "closed");
  });

  void it("faults of the project, not of the platform, still close the gates on Windows and macOS", () => {
    for (const platform of ["win32", "darwin"]) {
      for (const code of ["GD023", "GD042", "GD043", "GD044"] as FaultCode[]) {
        const found = asReported([finding(code, code)], platform, "x");
        assert.equal(found[0]?.unverified, undefined, `${code} on ${platform}`);
        assert.equal(gatesOf(found, none).debug.open, false, `${code} on ${platform}`);
      }
    }
  });

  void it("the report says which codes are not verified on each platform", () => {
    assert.deepEqual(platformNote("linux"), { name: "linux", verified: true, unverifiedCodes: [] });
    const win = platformNote("win32");
    assert.equal(win.verified, false);
    for (const code of ["GD003", "GD010", "GD020", "GD030", "GD070"]) assert.ok(win.unverifiedCodes.includes(code));
    assert.ok(platformNote("darwin").unverifiedCodes.includes("GD070"), "the /proc-based restart check");
  });
});
