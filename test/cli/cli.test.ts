import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { reportSchema, type Report } from "../../src/core/model/report";
import { tempDir, removeDir } from "../support/fixtures";
import { blindStart } from "../support/blindStart";
import { goDoctor } from "../support/goDoctorCli";

describe("go-doctor command", () => {
  it("exits 1 on a blind start: the editor's PATH hides go, dlv and gopls (GD003)", () => {
    const s = blindStart();
    try {
      const r = goDoctor([s.module], s.processEnv);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /✗ GD003 .*lacks go, dlv, gopls/);
      assert.match(r.stdout, /Debug gate: open/, "Go Doctor itself sees the tools through the login shell");
    } finally {
      s.cleanup();
    }
  });

  it("prints a flutter-doctor style report and exits 0 on a healthy module", () => {
    const s = blindStart({ blind: false });
    try {
      const r = goDoctor([s.module], s.processEnv);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /\[✓\] Go toolchain: Go \d+\.\d+/);
      assert.match(r.stdout, /Delve debugger: dlv 1\.27\.2/);
      assert.match(r.stdout, /Debug gate: open/);
      assert.doesNotMatch(r.stdout, /\x1b\[/, "no colour when stdout is not a terminal");
    } finally {
      s.cleanup();
    }
  });

  it("--json prints only a report that matches the published schema", () => {
    const s = blindStart({ blind: false });
    try {
      const r = goDoctor(["--json", s.module], s.processEnv);
      assert.equal(r.code, 0);
      const report = reportSchema.parse(JSON.parse(r.stdout));
      assert.equal(report.schemaVersion, 1);
      assert.equal(report.env.source, "login-shell");
      assert.equal(report.tools.dlv.version, "1.27.2");
      assert.ok(report.tools.dlv.candidates.length >= 1);
      assert.ok(typeof report.timings.total === "number");
    } finally {
      s.cleanup();
    }
  });

  it("exits 1 with GD020 and its fix when dlv is missing", () => {
    const s = blindStart({ withDlv: false, blind: false });
    try {
      const r = goDoctor(["--json", s.module], s.processEnv);
      assert.equal(r.code, 1);
      const report = JSON.parse(r.stdout) as Report;
      const gd020 = report.findings.find((f) => f.code === "GD020");
      assert.ok(gd020);
      assert.ok(gd020.fixes?.some((f) => f.kind === "run" && f.argv.includes("install")));
      const text = goDoctor([s.module], s.processEnv);
      assert.match(text.stdout, /✗ GD020/);
      assert.match(text.stdout, /fix: run: .*go install github\.com\/go-delve\/delve\/cmd\/dlv@/);
    } finally {
      s.cleanup();
    }
  });

  it("--smoke runs the debug smoke test with the real dlv and reports every step", () => {
    const s = blindStart({ blind: false });
    try {
      const r = goDoctor(["--json", "--smoke", s.module], s.processEnv);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const report = JSON.parse(r.stdout) as Report;
      const smoke = report.checks.find((c) => c.id === "smoke");
      assert.ok(smoke, "a smoke check is in the report");
      assert.equal(smoke.status, "ok", smoke.summary);
      assert.deepEqual(
        smoke.evidence.map((e) => e.command[0]),
        [
          "build",
          "dlv start",
          "listening line",
          "connect",
          "initialize",
          "launch",
          "breakpoint verified",
          "stopped",
          "variables",
        ].map((n) => `smoke: ${n}`),
      );
    } finally {
      s.cleanup();
    }
  });

  it("reports launch.json problems with their file and line", () => {
    const s = blindStart({ blind: false });
    try {
      const launch = path.join(s.module, ".vscode", "launch.json");
      fs.mkdirSync(path.dirname(launch));
      fs.writeFileSync(
        launch,
        `{\n  // debug the program\n  "configurations": [\n    {\n      "name": "Launch",\n      "type": "go",\n      "request": "launch",\n      "mode": "debug",\n      "program": "\${workspaceFolder}",\n      "dlvPath": "/opt/dlv",\n    },\n  ],\n}\n`,
      );
      const r = goDoctor([s.module], s.processEnv);
      assert.match(r.stdout, /GD080 /);
      assert.match(r.stdout, new RegExp(`at ${launch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:10`));
    } finally {
      s.cleanup();
    }
  });

  it("exits 2 on a usage error and on a folder that does not exist", () => {
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/" };
    assert.equal(goDoctor(["--frobnicate"], env).code, 2);
    const r = goDoctor(["/nonexistent/gd-folder"], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not a folder/);
  });

  it("diagnoses the bundled sample module when the folder has no Go project", () => {
    const s = blindStart({ blind: false });
    const empty = tempDir("gd-empty-");
    try {
      const r = goDoctor(["--json", empty], s.processEnv);
      const report = JSON.parse(r.stdout) as Report;
      assert.equal(report.sample, true);
      assert.ok(report.folder.endsWith(path.join("sample", "hello")));
      assert.ok(fs.existsSync(path.join(report.folder, "go.mod")));
    } finally {
      s.cleanup();
      removeDir(empty);
    }
  });

  it("--fix refuses to change anything without --yes when not on a terminal", () => {
    const s = blindStart({ withDlv: false, blind: false });
    try {
      const r = goDoctor(["--fix", s.module], s.processEnv);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--fix needs --yes/);
      assert.equal(fs.existsSync(path.join(s.gobin, "dlv")), false);
    } finally {
      s.cleanup();
    }
  });

  it("masks secrets in text, verbose and JSON output", () => {
    const secret = "ghp_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0KkLlMm";
    const s = blindStart({ profileExtra: `export GITHUB_TOKEN=${secret}\nexport DB_PASSWORD='p@ss w0rd!'` });
    try {
      for (const args of [[s.module], ["-v", s.module], ["--json", "-v", s.module]]) {
        const r = goDoctor(args, { ...s.processEnv, NPM_TOKEN: "npm_abcdefghijklmnopqrstuvwxyz0123456789" });
        const out = r.stdout + r.stderr;
        assert.ok(!out.includes(secret), `leak in ${args.join(" ")}`);
        assert.ok(!out.includes("p@ss w0rd!"));
        assert.ok(!out.includes("npm_abcdefghijklmnopqrstuvwxyz0123456789"));
      }
    } finally {
      s.cleanup();
    }
  });
});
