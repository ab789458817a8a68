import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parseArgs, UsageError } from "../../src/cli/args";
import { projectRoot } from "../support/fixtures";
import { blindStart } from "../support/blindStart";

const cli = path.join(projectRoot, "dist", "cli.js");

function goDoctor(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env,
    cwd: projectRoot,
    encoding: "utf8",
    timeout: 120_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// blindStart writes seven lines to .bash_profile before the extra one.
const SLOW_LINE = 8;

describe("go-doctor --profile-shell", () => {
  it("names the slow .bash_profile line even under the threshold, as a note, and exits 0", () => {
    const s = blindStart({ blind: false, profileExtra: "sleep 1" });
    try {
      // A threshold no loaded machine reaches, so that the shell is quick by definition.
      const r = goDoctor(["--profile-shell", "--slow-shell-ms", "60000", s.module], s.processEnv);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        /• GD004 Your login shell \(\/bin\/bash\) took \d+\.\d\d s to start, under the 60\.00 s threshold/,
      );
      assert.match(r.stdout, new RegExp(`^ {6}~/\\.bash_profile:${SLOW_LINE} +1\\.[01]\\d s  sleep 1$`, "m"));
      assert.match(r.stdout, /^ {6}total \d\.\d\d s \(bash xtrace\)$/m);
      assert.match(
        r.stdout,
        /fix: In ~\/\.bash_profile, replace line 8, `sleep 1`, with `\[ -n "\$VSCODE_RESOLVING_ENVIRONMENT" \] \|\| sleep 1`\./,
      );
    } finally {
      s.cleanup();
    }
  });

  it("--slow-shell-ms sets the threshold: over it the shell is a GD004 warning, under it nothing is profiled", () => {
    const s = blindStart({ blind: false, profileExtra: "sleep 1" });
    try {
      const r = goDoctor(["--slow-shell-ms", "200", s.module], s.processEnv);
      assert.match(
        r.stdout,
        /! GD004 Your login shell \(\/bin\/bash\) took \d+\.\d\d s to start \(Go Doctor warns above 0\.20 s\)/,
      );
      const quiet = goDoctor(["--slow-shell-ms", "60000", s.module], s.processEnv);
      assert.doesNotMatch(quiet.stdout, /GD004/, "under the threshold nothing is profiled");
    } finally {
      s.cleanup();
    }
  });

  it("--fix without --yes off a terminal changes nothing; with --yes it guards the line after a backup", () => {
    const s = blindStart({ blind: false, profileExtra: "sleep 1  # slow on purpose" });
    const rc = path.join(s.home, ".bash_profile");
    const before = fs.readFileSync(rc, "utf8");
    try {
      const refused = goDoctor(["--profile-shell", "--fix", s.module], s.processEnv);
      assert.equal(refused.code, 2, refused.stdout + refused.stderr);
      assert.match(refused.stdout, /Not applied: --fix needs --yes/);
      assert.equal(fs.readFileSync(rc, "utf8"), before);

      const applied = goDoctor(["--profile-shell", "--fix", "--yes", s.module], s.processEnv);
      assert.match(applied.stdout, /✓ guarded; the previous file is at ~\/\.bash_profile\.go-doctor-\d+T\d+\.bak/);
      const backup = fs.readdirSync(s.home).find((f) => f.startsWith(".bash_profile.go-doctor-"));
      assert.ok(backup);
      assert.equal(fs.readFileSync(path.join(s.home, backup), "utf8"), before);
      const lines = fs.readFileSync(rc, "utf8").split("\n");
      assert.deepEqual(lines.slice(SLOW_LINE - 1, SLOW_LINE + 2), [
        'if [ -z "$VSCODE_RESOLVING_ENVIRONMENT" ]; then',
        "  sleep 1  # slow on purpose",
        "fi",
      ]);

      // The guarded shell is quick while Go Doctor reads it: the sleep no longer shows.
      const after = goDoctor(["--profile-shell", s.module], s.processEnv);
      assert.doesNotMatch(after.stdout, /sleep 1 /);
    } finally {
      s.cleanup();
    }
  });
});

describe("profile options", () => {
  it("reads --slow-shell-ms and --profile-shell", () => {
    const a = parseArgs(["--slow-shell-ms", "250", "--profile-shell"]);
    assert.equal(a.slowShellMs, 250);
    assert.equal(a.profileShell, true);
    assert.equal(parseArgs(["--slow-shell-ms=0"]).slowShellMs, 0);
    assert.equal(parseArgs([]).slowShellMs, 1000);
  });

  for (const bad of [
    ["--slow-shell-ms"],
    ["--slow-shell-ms", "1.5"],
    ["--slow-shell-ms", "-3"],
    ["--slow-shell-ms", "9999999"],
    ["--profile-shell", "--no-shell"],
  ]) {
    it(`refuses ${JSON.stringify(bad)} with a usage error`, () => {
      assert.throws(() => parseArgs(bad), UsageError);
    });
  }
});
