import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diagnose } from "../../../src/core/diagnosis/diagnose";
import { runProcess, type RunProcess } from "../../../src/core/base/process";
import { reportSchema } from "../../../src/core/model/report";
import { goBinary, goVersion, realDlv, realGopls } from "../../support/fixtures";
import { blindStart, loginDiagnosis } from "../../support/blindStart";

const options = loginDiagnosis;

describe("diagnose", () => {
  it("sees through a blind start: login env, go, dlv and gopls found, both gates open", async () => {
    const s = blindStart();
    try {
      const stages: string[] = [];
      const report = await diagnose(options(s, { onStage: (e) => stages.push(e.stage) }));
      reportSchema.parse(report);
      assert.equal(report.env.source, "login-shell");
      assert.equal(report.tools.go.path, goBinary);
      assert.equal(report.go.localVersion, goVersion);
      assert.equal(report.tools.dlv.version, "1.27.2");
      assert.equal(report.tools.gopls.version, "0.23.0");
      assert.ok([realDlv, `${s.gobin}/dlv`].includes(report.tools.dlv.path!));
      assert.ok([realGopls, `${s.gobin}/gopls`].includes(report.tools.gopls.path!));
      assert.equal(report.gates.language.open, true, report.gates.language.reason);
      assert.equal(report.gates.debug.open, true, report.gates.debug.reason);
      // The drift between the blind editor and the login shell is the one error: it hides go, dlv and gopls.
      assert.deepEqual(
        report.findings.filter((f) => f.severity === "error").map((f) => f.code),
        ["GD003"],
      );
      assert.ok(stages.indexOf("shell") < stages.indexOf("go"));
      assert.ok(stages.includes("dlv") && stages.includes("gopls") && stages.includes("modules"));
      assert.deepEqual(
        report.checks.map((c) => c.id),
        ["shell", "editorEnv", "go", "dlv", "gopls", "modules", "variables", "settings", "launch", "compat"],
      );
      for (const c of report.checks) assert.ok(c.startMs >= 0 && c.durationMs >= 0);
      // Each mark on the row it judges: the capture worked, the editor's environment is what is wrong.
      const row = (id: string) => report.checks.find((c) => c.id === id);
      assert.equal(row("shell")?.status, "ok");
      assert.equal(row("editorEnv")?.status, "error");
      assert.deepEqual(
        row("editorEnv")?.findings.map((f) => f.code),
        ["GD003"],
      );
    } finally {
      s.cleanup();
    }
  });

  it("closes the debug gate with GD020 when dlv is nowhere, and keeps the language gate open", async () => {
    const s = blindStart({ withDlv: false });
    try {
      const report = await diagnose(options(s));
      assert.ok(report.findings.some((f) => f.code === "GD020" && f.severity === "error"));
      assert.equal(report.gates.debug.open, false);
      assert.ok(report.gates.debug.codes.includes("GD020"));
      assert.equal(report.gates.language.open, true);
    } finally {
      s.cleanup();
    }
  });

  it("turns a crashing check into GD099 while every other check still reports", async () => {
    const s = blindStart();
    try {
      const crashing: RunProcess = (argv, o) => {
        if (argv.some((a) => a.endsWith("gopls"))) throw new Error("probe exploded");
        return runProcess(argv, o);
      };
      const report = await diagnose(options(s, { run: crashing }));
      const gopls = report.checks.find((c) => c.id === "gopls")!;
      assert.equal(gopls.status, "error");
      assert.ok(gopls.findings.some((f) => f.code === "GD099" && f.message.includes("probe exploded")));
      assert.equal(report.tools.dlv.version, "1.27.2");
      assert.equal(report.checks.length, 10);
    } finally {
      s.cleanup();
    }
  });

  it("abandons a check that never finishes, as GD099, within its time limit", async () => {
    const s = blindStart();
    try {
      const hanging: RunProcess = (argv, o) =>
        argv.some((a) => a.endsWith("dlv")) ? new Promise(() => undefined) : runProcess(argv, o);
      const started = Date.now();
      const report = await diagnose(options(s, { run: hanging, checkTimeoutMs: 3000 }));
      assert.ok(Date.now() - started < 15_000);
      const dlv = report.checks.find((c) => c.id === "dlv")!;
      assert.ok(dlv.findings.some((f) => f.code === "GD099" && /did not finish within 3000 ms/.test(f.message)));
      assert.equal(report.tools.gopls.version, "0.23.0");
    } finally {
      s.cleanup();
    }
  });

  it("never lets a secret from the environment into the report", async () => {
    const secret = "ghp_Zz9YyXx8WwVv7UuTt6SsRr5QqPp4OoNn3MmL";
    const s = blindStart({
      profileExtra: `export GITHUB_TOKEN=${secret}\nexport GOPROXY_PASSWORD=plainpass123\nexport GONOSUMDB="corp.example.com"\nexport GOPRIVATE="https://user:hunter22@corp.example.com"`,
    });
    try {
      const report = await diagnose(options(s, { processEnv: { ...s.processEnv, MY_API_KEY: "k-abcdef-123456" } }));
      const text = JSON.stringify(report);
      for (const leaked of [secret, "plainpass123", "hunter22", "k-abcdef-123456"])
        assert.ok(!text.includes(leaked), `report leaks ${leaked}`);
    } finally {
      s.cleanup();
    }
  });
});
