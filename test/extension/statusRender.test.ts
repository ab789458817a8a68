// What the status bar shows in each readiness state.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { ReadinessState } from "../../src/core/readiness/readiness";
import type { Report } from "../../src/core/model/report";
import { escapeMd, renderStatus, type StatusContext } from "../../src/extension/statusRender";

const ctx: StatusContext = { goExtension: false, trusted: true, languageServerMode: "auto" };

function report(errors: number, warnings: number): Report {
  return {
    schemaVersion: 1,
    goDoctorVersion: "0.1.0",
    generatedAt: "2026-01-01T00:00:00.000Z",
    folder: "/ws",
    sample: false,
    env: { source: "login-shell", shell: "/bin/bash", durationMs: 812, drift: {} },
    tools: {
      go: { path: "/usr/local/go/bin/go", version: "1.26.8", builtWith: null, reason: "PATH", candidates: [] },
      dlv: { path: "/home/u/go/bin/dlv", version: "1.27.2", builtWith: "1.26.8", reason: "GOBIN", candidates: [] },
      gopls: { path: "/home/u/go/bin/gopls", version: "0.23.0", builtWith: "1.26.8", reason: "GOBIN", candidates: [] },
    },
    go: { activeVersion: "1.26.8", localVersion: "1.26.8", env: null },
    checks: [],
    findings: [],
    gates: { language: { open: true, reason: "ok", codes: [] }, debug: { open: true, reason: "ok", codes: [] } },
    timings: {},
    summary: { errors, warnings, infos: 0 },
  };
}

function state(over: Partial<ReadinessState>): ReadinessState {
  return {
    generation: 1,
    overall: "ready",
    language: { status: "open", reason: "gopls 0.23.0 verified", codes: [] },
    debug: { status: "open", reason: "dlv 1.27.2 supports Go 1.26.8", codes: [] },
    report: report(0, 0),
    findings: [],
    versions: { go: "1.26.8", dlv: "1.27.2", gopls: "0.23.0" },
    languageServer: "running",
    slowest: { title: "Login shell environment", ms: 812 },
    binDirs: [],
    ...over,
  };
}

void describe("renderStatus", () => {
  void it("ready: Go and dlv versions, no colour, both gates open, the slowest step and command links", () => {
    const v = renderStatus(state({}), ctx);
    assert.equal(v.text, "$(check) Go 1.26.8 · dlv 1.27.2");
    assert.equal(v.background, undefined);
    assert.match(v.tooltip, /\| Language gate \| \$\(check\) open: gopls 0\\.23\\.0 verified \|/);
    assert.match(v.tooltip, /\| Debug gate \| \$\(check\) open/);
    assert.match(v.tooltip, /Slowest step: Login shell environment \(812 ms\)/);
    for (const cmd of ["goDoctor.showReport", "goDoctor.fixEnvironment", "goDoctor.recheck", "goDoctor.openLog"])
      assert.ok(v.tooltip.includes(`(command:${cmd})`), cmd);
    assert.equal(v.ariaLabel, "Go Doctor: ready. Go 1.26.8 · dlv 1.27.2");
  });

  void it("checking: a spinner and what it waits for", () => {
    const v = renderStatus(
      state({
        overall: "checking",
        report: null,
        debug: { status: "pending", reason: "checking dlv version", codes: [] },
      }),
      ctx,
    );
    assert.equal(v.text, "$(loading~spin) Go: checking dlv version");
    assert.equal(v.background, undefined);
  });

  void it("degraded: warning colour and the closed gate's fault code", () => {
    const v = renderStatus(
      state({
        overall: "degraded",
        report: report(1, 2),
        versions: { go: "1.26.8", dlv: null, gopls: "0.23.0" },
        debug: { status: "closed", reason: "GD020: dlv was not found in GOBIN, GOPATH/bin or PATH.", codes: ["GD020"] },
      }),
      ctx,
    );
    assert.equal(v.text, "$(warning) Go 1.26.8 · no dlv");
    assert.equal(v.background, "warning");
    assert.match(v.tooltip, /Debug gate \| \$\(error\) closed: GD020: dlv was not found/);
    assert.match(v.tooltip, /1 error, 2 warnings/);
  });

  void it("blocked: error colour, says blocked even when go was never found", () => {
    const v = renderStatus(
      state({
        overall: "blocked",
        versions: { go: null, dlv: null, gopls: null },
        language: { status: "closed", reason: "GD010: no go command", codes: ["GD010"] },
      }),
      ctx,
    );
    assert.equal(v.text, "$(error) Go: blocked");
    assert.equal(v.background, "error");
  });

  void it("with the Go extension installed, gopls is its business", () => {
    const v = renderStatus(state({ languageServer: "off" }), { ...ctx, goExtension: true });
    assert.match(v.tooltip, /run by the Go extension/);
  });

  void it("a reason from tool output cannot inject a link or markup into the tooltip", () => {
    fc.assert(
      fc.property(fc.string(), (reason) => {
        const v = renderStatus(state({ debug: { status: "closed", reason, codes: ["GD025"] } }), ctx);
        const commandLinks = v.tooltip.match(/(?<!\\)\]\(command:/g) ?? [];
        assert.equal(commandLinks.length, 4);
        assert.ok(!/(?<!\\)[[\]`*_<>|]/.test(escapeMd(reason)));
      }),
    );
  });
});
