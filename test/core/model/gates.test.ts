// The gate rules where they are decided: the catalogue's `closes` column, read
// by gateBlockers, seen through the report's gates (gatesOf) and through the
// readiness machine's language gate while a diagnosis is still running.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gatesOf } from "../../../src/core/diagnosis/diagnose";
import type { GoInfo, ToolInfo } from "../../../src/core/model/facts";
import { FAULT_CODES, type FaultCode } from "../../../src/core/model/faults";
import { closesGate, gateBlockers } from "../../../src/core/model/gates";
import type { ReportFinding } from "../../../src/core/model/report";
import { emptyFacts, languageGate } from "../../../src/core/readiness/gates";
import type { Severity } from "../../../src/core/model/findings";

const f = (code: FaultCode, severity: Severity = "error", check = "x"): ReportFinding => ({
  code,
  severity,
  message: `${code} happened`,
  check,
});

const tool = (name: ToolInfo["name"]): ToolInfo => ({
  name,
  path: `/bin/${name}`,
  version: "1.0.0",
  builtWith: "1.26.8",
  reason: "PATH",
  candidates: [],
});
const go: GoInfo = {
  tool: tool("go"),
  goEnv: { GOVERSION: "go1.26.8" },
  activeVersion: "1.26.8",
  localVersion: "1.26.8",
};
const tools = { go, dlv: tool("dlv"), gopls: tool("gopls") };

/** What each code must close: the contract of the fault catalogue, written out once more by hand on purpose. */
const EXPECTED: Partial<Record<FaultCode, ("language" | "debug")[]>> = {
  GD010: ["language", "debug"],
  GD012: ["language", "debug"],
  GD020: ["debug"],
  GD023: ["debug"],
  GD025: ["debug"],
  GD030: ["language"],
  GD031: ["language"],
  GD042: ["debug"],
  GD043: ["debug"],
  GD044: ["debug"],
  GD055: ["debug"],
  GD094: ["debug"],
};

void describe("which finding closes which gate", () => {
  void it("every code of the catalogue closes exactly the gates expected, and no others", () => {
    for (const code of FAULT_CODES) {
      if (code === "GD013") continue;
      const want = EXPECTED[code] ?? [];
      const closed = (["language", "debug"] as const).filter((g) => closesGate(f(code), g));
      assert.deepEqual(closed, want, code);
    }
  });

  void it("GD013 closes both gates as an error (the switch cannot happen) and none as a warning", () => {
    assert.ok(closesGate(f("GD013", "error"), "language") && closesGate(f("GD013", "error"), "debug"));
    assert.ok(!closesGate(f("GD013", "warning"), "language") && !closesGate(f("GD013", "warning"), "debug"));
  });

  for (const code of ["GD012", "GD025", "GD031", "GD043", "GD044"] as const) {
    void it(`the report's gates: ${code} closes ${(EXPECTED[code] ?? []).join(" and ")}`, () => {
      const gates = gatesOf([f(code)], tools);
      assert.equal(gates.language.open, !(EXPECTED[code] ?? []).includes("language"), "language");
      assert.equal(gates.debug.open, !(EXPECTED[code] ?? []).includes("debug"), "debug");
      for (const g of EXPECTED[code] ?? []) assert.deepEqual(gates[g].codes, [code]);
    });
  }

  void it("GD055 closes the debug gate from GOFLAGS (error), not from one launch configuration (warning)", () => {
    assert.ok(closesGate(f("GD055", "error"), "debug") && !closesGate(f("GD055", "error"), "language"));
    assert.ok(!closesGate(f("GD055", "warning"), "debug"));
  });

  void it("the report's gates: an error-level GD013 closes both, a warning neither", () => {
    const shut = gatesOf([f("GD013", "error")], tools);
    assert.ok(!shut.language.open && !shut.debug.open);
    const open = gatesOf([f("GD013", "warning")], tools);
    assert.ok(open.language.open && open.debug.open);
  });

  void it("the readiness machine's early language gate closes on GD012 from go and GD031 from gopls, not on GD025", () => {
    const facts = emptyFacts();
    facts.checks.set("shell", {
      id: "shell",
      title: "",
      status: "ok",
      summary: "",
      startMs: 0,
      durationMs: 0,
      findings: [],
      evidence: [],
    });
    facts.go = go;
    const check = (id: string, findings: ReportFinding[]) =>
      facts.checks.set(id, {
        id,
        title: id,
        status: "error",
        summary: "",
        startMs: 0,
        durationMs: 0,
        findings,
        evidence: [],
      });
    check("go", [f("GD012", "error", "go")]);
    assert.deepEqual(languageGate(facts).status, "closed");
    assert.deepEqual(languageGate(facts).codes, ["GD012"]);
    check("go", []);
    facts.gopls = tools.gopls;
    check("gopls", [f("GD031", "error", "gopls")]);
    assert.deepEqual(languageGate(facts).codes, ["GD031"]);
    check("gopls", [f("GD025", "error", "gopls")]);
    assert.equal(languageGate(facts).status, "open");
  });

  void it("gateBlockers keeps the findings' order", () => {
    const found = gateBlockers([f("GD044"), f("GD003", "warning"), f("GD020")], "debug").map((x) => x.code);
    assert.deepEqual(found, ["GD044", "GD020"]);
  });
});
