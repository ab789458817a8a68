import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { goEnvFilePath, parseGoEnvFile, readGoEnv } from "../../../src/core/go/goEnv";
import { runProcess } from "../../../src/core/base/process";
import {
  fakeTool,
  goBinary,
  goVersion,
  hermeticEnv,
  removeDir,
  tempDir,
  writeFile,
  writeModule,
} from "../../support/fixtures";

describe("go env -json in the workspace folder", () => {
  const root = tempDir("gd-goenv-");
  after(() => removeDir(root));
  let n = 0;
  const fresh = () => {
    const dir = path.join(root, `case${n++}`);
    const home = path.join(dir, "home");
    const folder = writeModule(path.join(dir, "ws"));
    return { home, folder };
  };

  it("returns every variable of a healthy setup, seen from the folder", async () => {
    const { home, folder } = fresh();
    const r = await readGoEnv({ goBinary, env: hermeticEnv(home), folder });
    assert.deepEqual(r.findings, []);
    assert.equal(r.goEnv?.GOVERSION, `go${goVersion}`);
    assert.equal(r.goEnv?.GOMOD, path.join(folder, "go.mod"));
    assert.equal(r.goEnv?.GOPATH, path.join(home, "go"));
    assert.equal(r.evidence[0]?.exitCode, 0);
  });

  it("GD012 with the go command's stderr when a variable in the environment is invalid", async () => {
    const { home, folder } = fresh();
    const r = await readGoEnv({ goBinary, env: hermeticEnv(home, { GO111MODULE: "bogus" }), folder });
    assert.equal(r.goEnv, null);
    const f = r.findings.find((x) => x.code === "GD012");
    assert.ok(f, "GD012 expected");
    assert.equal(f.severity, "error");
    assert.match(f.message, /GO111MODULE/);
    assert.ok(f.details?.some((l) => l.includes("unknown environment setting GO111MODULE=bogus")));
    assert.equal(f.fixes?.[0]?.kind, "manual");
    assert.match(f.fixes?.[0]?.title ?? "", /shell profile/);
  });

  it("GD012 from a broken go env file offers `go env -u`, and that fix really repairs it", async () => {
    const { home, folder } = fresh();
    const env = hermeticEnv(home);
    const envFile = goEnvFilePath(env);
    assert.equal(envFile, path.join(home, ".config", "go", "env"));
    writeFile(envFile, "GO111MODULE=bogus\n");
    const broken = await readGoEnv({ goBinary, env, folder });
    const fix = broken.findings.find((x) => x.code === "GD012")?.fixes?.[0];
    assert.ok(fix && fix.kind === "run", "a run fix expected");
    assert.deepEqual(fix.argv, [goBinary, "env", "-u", "GO111MODULE"]);
    const applied = await runProcess(fix.argv, { env, cwd: folder, timeoutMs: 10_000 });
    assert.equal(applied.exitCode, 0, applied.stderr);
    const repaired = await readGoEnv({ goBinary, env, folder });
    assert.deepEqual(repaired.findings, []);
    assert.ok(repaired.goEnv);
  });

  it("GD012 when go env itself fails on a toolchain switch it cannot download (the classic never-activating editor)", async () => {
    const { home } = fresh();
    const folder = writeModule(path.join(root, `switch${n++}`), { goLine: "1.99" });
    const emptyProxy = path.join(root, `empty-proxy${n++}`);
    fs.mkdirSync(emptyProxy);
    const env = hermeticEnv(home, {
      GOTOOLCHAIN: "auto",
      GOPROXY: `file://${emptyProxy}`,
      GOSUMDB: "off",
      GOMODCACHE: path.join(root, `mc${n++}`),
    });
    const r = await readGoEnv({ goBinary, env, folder });
    assert.equal(r.goEnv, null);
    const f = r.findings.find((x) => x.code === "GD012");
    assert.ok(f);
    assert.match(f.message, /tried to download another toolchain/);
    assert.ok(f.details?.some((l) => l.includes("toolchain not available")));
    assert.match(f.fixes?.[0]?.kind === "manual" ? f.fixes[0].detail : "", /GD013/);
  });

  it("GD012 and GD053 when GOPATH holds a literal ~", async () => {
    const { home, folder } = fresh();
    const r = await readGoEnv({ goBinary, env: hermeticEnv(home, { GOPATH: "~/go" }), folder });
    assert.equal(r.goEnv, null);
    assert.ok(r.findings.some((f) => f.code === "GD012"));
    const gd053 = r.findings.find((f) => f.code === "GD053");
    assert.ok(gd053);
    assert.match(gd053.message, /literal ~/);
    assert.ok(gd053.message.includes(path.join(home, "go")));
  });

  it("GD012 and GD053 for a relative GOPATH in the go env file, quoting the entry the go command names", async () => {
    const { home, folder } = fresh();
    const env = hermeticEnv(home);
    writeFile(goEnvFilePath(env)!, "GOPATH=rel/go\n");
    const r = await readGoEnv({ goBinary, env, folder });
    const gd012 = r.findings.find((f) => f.code === "GD012");
    assert.deepEqual(gd012?.fixes?.[0]?.kind === "run" ? gd012.fixes[0].argv : [], [goBinary, "env", "-u", "GOPATH"]);
    assert.match(r.findings.find((f) => f.code === "GD053")?.message ?? "", /^GOPATH=rel\/go is a relative path/);
  });

  it("GD012 when go env hangs, killed at the timeout", async () => {
    const { home, folder } = fresh();
    const hung = fakeTool(path.join(root, "hung"), "go", "sleep 30");
    const r = await readGoEnv({ goBinary: hung, env: hermeticEnv(home), folder, timeoutMs: 300 });
    assert.equal(r.goEnv, null);
    assert.match(r.findings[0]?.message ?? "", /did not answer/);
    assert.equal(r.evidence[0]?.timedOut, true);
  });

  it("reads go env files as the go command does: comments and lower-case keys are ignored", () => {
    assert.deepEqual(
      parseGoEnvFile("# comment\nGOPROXY=https://a,direct\ngoflags=x\nNOEQUALS\nGOTOOLCHAIN=local\n=x\n"),
      {
        GOPROXY: "https://a,direct",
        GOTOOLCHAIN: "local",
      },
    );
    assert.equal(goEnvFilePath({ GOENV: "off", HOME: "/h" }), undefined);
    assert.equal(goEnvFilePath({ XDG_CONFIG_HOME: "/x", HOME: "/h" }), path.join("/x", "go", "env"));
  });
});
