// Every flag `go-doctor --help` advertises, run through the built command
// (dist/cli.js) on real set-ups: the exact output and exit code of --help and
// --version, --fix --yes applying a command fix, --network probing the proxy,
// --no-shell keeping to the process environment.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { describe, it } from "node:test";
import { USAGE } from "../../src/cli/args";
import { reportSchema, type Report } from "../../src/core/model/report";
import { blindStart } from "../support/blindStart";
import { goDoctor } from "../support/goDoctorCli";
import { goBinary, projectRoot, writeFileProxy, writeModule } from "../support/fixtures";

function report(stdout: string): Report {
  return reportSchema.parse(JSON.parse(stdout));
}

const codes = (r: Report): string[] => r.findings.map((f) => f.code);

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("go-doctor's advertised flags", () => {
  it("--help and -h print exactly the usage on stdout and exit 0", () => {
    for (const flag of ["--help", "-h"]) {
      const r = goDoctor([flag], { PATH: "/usr/bin:/bin", HOME: "/nonexistent" });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${USAGE}\n`);
      assert.equal(r.stderr, "");
    }
    assert.match(USAGE, /--fix[\s\S]*--yes[\s\S]*--network[\s\S]*--no-shell[\s\S]*--version/);
  });

  it("--version prints exactly `go-doctor <package.json version>` and exits 0", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as {
      version: string;
    };
    const r = goDoctor(["--version"], { PATH: "/usr/bin:/bin", HOME: "/nonexistent" });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `go-doctor ${version}\n`);
    assert.equal(r.stderr, "");
  });

  it("--fix --yes runs `go mod download` for modules missing from the cache (file:// GOPROXY), re-checks and exits 0", () => {
    const s = blindStart({ blind: false });
    try {
      const proxy = writeFileProxy(
        s.root,
        "example.com/greet",
        "v1.0.0",
        'package greet\n\n// Word is what main prints.\nfunc Word() string { return "hello" }\n',
      );
      const module = path.join(s.root, "work", "greeter");
      writeModule(module, {
        requires: ["example.com/greet v1.0.0"],
        main: `package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n)\n\nfunc main() {\n\tfmt.Println(greet.Word())\n}\n`,
      });
      // go.sum from a scratch cache, so that the module cache the doctor sees stays empty.
      execFileSync(goBinary, ["mod", "download", "all"], {
        cwd: module,
        env: {
          HOME: s.home,
          PATH: "/usr/bin:/bin",
          GOMODCACHE: path.join(s.root, "scratch-modcache"),
          GOPROXY: proxy,
          GOSUMDB: "off",
          GOFLAGS: "-modcacherw",
          GOTOOLCHAIN: "local",
        },
        stdio: "pipe",
      });
      fs.appendFileSync(
        path.join(s.home, ".bash_profile"),
        `export GOPROXY="${proxy}"\nexport GOSUMDB=off\n`, // after the profile's GOPROXY=off
      );
      const inCache = (): boolean => fs.existsSync(path.join(s.root, "modcache", "example.com", "greet@v1.0.0"));

      const before = goDoctor(["--json", module], s.processEnv);
      assert.equal(before.code, 1, before.stderr);
      const gd042 = report(before.stdout).findings.find((f) => f.code === "GD042");
      assert.ok(gd042, `GD042 before the fix: ${JSON.stringify(codes(report(before.stdout)))}`);
      assert.ok(gd042.fixes?.some((f) => f.kind === "run" && f.argv.join(" ").endsWith("mod download")));
      assert.equal(inCache(), false);

      const fixed = goDoctor(["--fix", "--yes", "--json", module], s.processEnv);
      assert.equal(fixed.code, 0, fixed.stderr);
      // JSON mode: the plan and the command's progress go to stderr, the re-checked report alone to stdout.
      assert.match(fixed.stderr, /Fix plan:/);
      assert.match(fixed.stderr, /\$ \S*go mod download/);
      assert.match(fixed.stderr, /✓ done/);
      assert.match(fixed.stderr, /Re-checking/);
      const after = report(fixed.stdout);
      assert.ok(!codes(after).includes("GD042"), JSON.stringify(codes(after)));
      assert.equal(after.summary.errors, 0);
      assert.ok(inCache(), "the module is in the cache after the fix");
    } finally {
      s.cleanup();
    }
  });

  it("--network probes the module proxy (GD061 for one that refuses connections); without it, nothing is probed", async () => {
    const port = await closedPort();
    const proxy = `http://127.0.0.1:${port}`;
    const s = blindStart({ blind: false, profileExtra: `export GOPROXY="${proxy}"` });
    try {
      const probed = (r: Report): boolean =>
        JSON.stringify(r).includes(`"HEAD","${proxy}`) || r.findings.some((f) => f.code === "GD061");
      const without = goDoctor(["--json", "-v", s.module], s.processEnv);
      assert.equal(probed(report(without.stdout)), false, "no probe without --network");

      const withNetwork = report(goDoctor(["--json", "-v", "--network", s.module], s.processEnv).stdout);
      const gd061 = withNetwork.findings.find((f) => f.code === "GD061");
      assert.ok(gd061, JSON.stringify(codes(withNetwork)));
      assert.match(gd061.message, new RegExp(`${proxy.replace(/[.]/g, "\\.")}.* could not be reached`));
      assert.ok(JSON.stringify(withNetwork).includes(`"HEAD","${proxy}`), "the HEAD request is in the evidence");
    } finally {
      s.cleanup();
    }
  });

  it("--no-shell uses the process environment: source process, no login-shell drift (GD003)", () => {
    const s = blindStart();
    try {
      const withShell = report(goDoctor(["--json", s.module], s.processEnv).stdout);
      assert.equal(withShell.env.source, "login-shell");
      assert.ok(codes(withShell).includes("GD003"), "a blind start drifts from the login shell");

      const r = goDoctor(["--json", "--no-shell", s.module], s.processEnv);
      const noShell = report(r.stdout);
      assert.equal(noShell.env.source, "process");
      assert.ok(!codes(noShell).includes("GD003"), JSON.stringify(codes(noShell)));
      // The profile's GOMODCACHE is not seen: the process environment does not set it.
      assert.ok(!JSON.stringify(noShell).includes(path.join(s.root, "modcache")), "nothing from the login profile");
    } finally {
      s.cleanup();
    }
  });
});
