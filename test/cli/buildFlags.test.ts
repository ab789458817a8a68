// GD055 and GD094 end to end: real go, real dlv 1.27.2, the real smoke test.
// With -ldflags=-w or -trimpath in GOFLAGS a real Delve session never verifies
// a breakpoint; the doctor must say so and exit 1, never show the smoke test ✓.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { reportSchema } from "../../src/core/model/report";
import { blindStart } from "../support/blindStart";
import { projectRoot } from "../support/fixtures";

const cli = path.join(projectRoot, "dist", "cli.js");

function goDoctor(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env,
    encoding: "utf8",
    timeout: 180_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

void describe("build flags that break debugging (GD055) and a failed smoke test (GD094)", { timeout: 400_000 }, () => {
  for (const flag of ["-ldflags=-w", "-trimpath"]) {
    void it(`GOFLAGS=${flag}: --smoke fails at a named step with GD094, GD055 names the environment, exit 1`, () => {
      const s = blindStart({ blind: false, profileExtra: `export GOFLAGS="-modcacherw ${flag}"` });
      try {
        const r = goDoctor(["--smoke", "--json", s.module], s.processEnv);
        assert.equal(r.code, 1, r.stderr);
        const report = reportSchema.parse(JSON.parse(r.stdout));
        const gd055 = report.findings.find((f) => f.code === "GD055");
        assert.ok(gd055, JSON.stringify(report.findings));
        assert.match(gd055.message, new RegExp(`GOFLAGS in your environment carries ${flag}`));
        const smoke = report.checks.find((c) => c.id === "smoke");
        assert.equal(smoke?.status, "error", JSON.stringify(smoke));
        const gd094 = smoke?.findings.find((f) => f.code === "GD094");
        assert.ok(gd094, JSON.stringify(smoke?.findings));
        assert.match(gd094.message, /failed at step "(breakpoint verified|stopped)"/);
        assert.equal(report.gates.debug.open, false);
        assert.ok(report.gates.debug.codes.includes("GD055"));
        const text = goDoctor(["--smoke", s.module], s.processEnv);
        assert.match(text.stdout, /\[✗\] Debug smoke test: failed at step/);
        assert.doesNotMatch(text.stdout, /\[✓\] Debug smoke test/);
      } finally {
        s.cleanup();
      }
    });
  }

  void it("the go env file (go env -w) is named as the source, with go env -u as the fix", () => {
    const s = blindStart({ blind: false, profileExtra: 'unset GOFLAGS\nexport GOENV="$HOME/goenv"' });
    try {
      fs.writeFileSync(path.join(s.home, "goenv"), "GOFLAGS=-trimpath\n");
      const r = goDoctor(["--json", s.module], s.processEnv);
      assert.equal(r.code, 1, r.stderr);
      const report = reportSchema.parse(JSON.parse(r.stdout));
      const f = report.findings.find((x) => x.code === "GD055");
      assert.ok(f?.message.includes(`go env file ${path.join(s.home, "goenv")}`), JSON.stringify(report.findings));
      const fix = f?.fixes?.[0];
      assert.deepEqual(fix?.kind === "run" ? fix.argv.slice(1) : [], ["env", "-u", "GOFLAGS"]);
    } finally {
      s.cleanup();
    }
  });

  void it("a healthy machine passes the smoke test: the ✓ is earned", () => {
    const s = blindStart({ blind: false });
    try {
      const r = goDoctor(["--smoke", "--json", s.module], s.processEnv);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const report = reportSchema.parse(JSON.parse(r.stdout));
      assert.equal(report.checks.find((c) => c.id === "smoke")?.status, "ok");
      assert.equal(report.findings.filter((f) => f.code === "GD055" || f.code === "GD094").length, 0);
    } finally {
      s.cleanup();
    }
  });
});
