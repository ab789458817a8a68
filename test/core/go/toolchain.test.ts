import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { cleanEnv } from "../../../src/core/base/envPath";
import { readGoEnv } from "../../../src/core/go/goEnv";
import type { Finding } from "../../../src/core/model/findings";
import { runProcess } from "../../../src/core/base/process";
import { checkToolchain, parseGoToolchain, toolchainVersion } from "../../../src/core/go/toolchain";
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
import { writeToolchainProxy } from "../../support/toolchainFixture";
import type { Env } from "../../../src/core/base/envPath";

const [hostOs, hostArch] = execFileSync(goBinary, ["env", "GOHOSTOS", "GOHOSTARCH"], { encoding: "utf8" })
  .trim()
  .split("\n") as [string, string];

describe("toolchain switches (GD013)", () => {
  const root = tempDir("gd-toolchain-");
  after(() => {
    // The module cache is read-only; make it removable.
    execFileSync("chmod", ["-R", "u+w", root]);
    removeDir(root);
  });
  const emptyProxy = path.join(root, "empty-proxy");
  fs.mkdirSync(emptyProxy);
  let n = 0;
  const setup = (goLine: string, extra: Record<string, string>, toolchain?: string) => {
    const dir = path.join(root, `case${n++}`);
    const home = path.join(dir, "home");
    fs.mkdirSync(home, { recursive: true });
    const folder = writeModule(path.join(dir, "ws"), { goLine, toolchain });
    const env: Env = hermeticEnv(home, {
      GOMODCACHE: path.join(dir, "modcache"),
      GOPATH: path.join(dir, "gopath"),
      GOSUMDB: "off",
      ...extra,
    });
    return { dir, home, folder, env };
  };
  const only = (findings: Finding[]) => {
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.equal(findings[0].code, "GD013");
    return findings[0];
  };
  const goIn = (folder: string, env: Env, ...args: string[]) =>
    runProcess([goBinary, ...args], { cwd: folder, env: cleanEnv(env), timeoutMs: 30_000 });

  it("nothing to report when go.mod asks for an older Go", async () => {
    const { folder, env } = setup("1.22", { GOTOOLCHAIN: "auto", GOPROXY: "off" });
    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    assert.deepEqual(r.findings, []);
    assert.equal(r.activeVersion, goVersion);
    assert.equal(r.localVersion, goVersion);
    assert.equal(r.envForGo, env);
  });

  // GOGCCFLAGS names a fresh temporary directory on every run; everything else must match.
  const stable = (vars: Record<string, string> | null | undefined) => ({ ...vars, GOGCCFLAGS: "" });

  it("one go env answers for the folder: with GOTOOLCHAIN=auto and no switch, goEnv is what go env prints", async () => {
    const { folder, env } = setup("1.22", { GOTOOLCHAIN: "auto", GOPROXY: "off" }, "go1.21.0");
    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    assert.equal(r.evidence.length, 1, "one go command");
    const ge = await readGoEnv({ goBinary, env: r.envForGo, folder });
    assert.ok(r.goEnv);
    assert.equal(r.goEnv.GOTOOLCHAIN, "auto");
    assert.deepEqual(stable(r.goEnv), stable(ge.goEnv));
  });

  it("GOTOOLCHAIN=auto from the go env file is what go env prints too", async () => {
    const { home, folder, env } = setup("1.22", { GOPROXY: "off" });
    delete env.GOTOOLCHAIN;
    writeFile(path.join(home, ".config", "go", "env"), "GOTOOLCHAIN=local+auto\n");
    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    const ge = await readGoEnv({ goBinary, env: r.envForGo, folder });
    assert.equal(r.goEnv?.GOTOOLCHAIN, "local+auto");
    assert.deepEqual(stable(r.goEnv), stable(ge.goEnv));
  });

  it("no shared answer when go.mod's toolchain line would stop the go command: go env itself reports it (GD012)", async () => {
    const { folder, env } = setup("1.22", { GOTOOLCHAIN: "auto", GOPROXY: "off" }, "bogus");
    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    assert.equal(r.goEnv, undefined);
    const ge = await readGoEnv({ goBinary, env: r.envForGo, folder });
    assert.equal(ge.goEnv, null);
    assert.equal(ge.findings[0]?.code, "GD012");
    assert.match(ge.findings[0]?.message ?? "", /failed/);
  });

  it("error when go.mod needs a newer Go and GOTOOLCHAIN=local in the environment blocks the switch", async () => {
    const { folder, env } = setup("1.99", { GOTOOLCHAIN: "local" });
    const build = await goIn(folder, env, "build", "./...");
    assert.notEqual(build.exitCode, 0);
    assert.match(build.stderr, /requires go >= 1\.99/);

    const r = await checkToolchain({ goBinary, env, folder, localVersion: null });
    const f = only(r.findings);
    assert.equal(f.severity, "error");
    assert.match(f.message, /requires Go 1\.99 but GOTOOLCHAIN=local \(environment\)/);
    assert.equal(f.location?.file, path.join(folder, "go.mod"));
    assert.equal(f.location?.line, 3);
    assert.equal(f.fixes?.[0]?.kind, "manual");
    assert.equal(r.localVersion, goVersion, "the local version is probed when not given");
  });

  it("GOTOOLCHAIN=local from the go env file: the `go env -w GOTOOLCHAIN=auto` fix unblocks it", async () => {
    const { home, folder, env } = setup("1.99", { GOPROXY: `file://${emptyProxy}` });
    delete env.GOTOOLCHAIN;
    writeFile(path.join(home, ".config", "go", "env"), "GOTOOLCHAIN=local\n");
    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    const f = only(r.findings);
    assert.match(f.message, /GOTOOLCHAIN=local \(go env file\)/);
    const fix = f.fixes?.[0];
    assert.ok(fix?.kind === "run");
    assert.deepEqual(fix.argv, [goBinary, "env", "-w", "GOTOOLCHAIN=auto"]);
    assert.equal((await goIn(folder, env, ...fix.argv.slice(1))).exitCode, 0);

    const again = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    assert.doesNotMatch(only(again.findings).message, /keeps the go command/);
  });

  it("error when the download would fail: the file:// proxy does not have the toolchain; go env still works with envForGo", async () => {
    const { folder, env } = setup("1.99", { GOTOOLCHAIN: "auto", GOPROXY: `file://${emptyProxy}` });
    const real = await goIn(folder, env, "version");
    assert.notEqual(real.exitCode, 0);
    assert.match(real.stderr, /toolchain not available/);

    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    const f = only(r.findings);
    assert.equal(f.severity, "error");
    assert.match(f.message, /go1\.99\.0/);
    assert.match(f.message, /toolchain not available/);
    assert.ok(f.details?.some((d) => d.includes("v0.0.1-go1.99.0")));
    assert.equal(r.envForGo.GOTOOLCHAIN, "local");
    assert.equal(r.activeVersion, "1.99.0");
    const ge = await readGoEnv({ goBinary, env: r.envForGo, folder });
    assert.deepEqual(ge.findings, []);
    assert.deepEqual(stable(r.goEnv), stable(ge.goEnv), "pinned to local, the call made is the folder's go env");
  });

  it("error when GOPROXY=off forbids the download, with a fix that downloads through the public proxy", async () => {
    const { folder, env } = setup("1.99", { GOTOOLCHAIN: "auto", GOPROXY: "off" });
    const real = await goIn(folder, env, "version");
    assert.notEqual(real.exitCode, 0);
    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    const f = only(r.findings);
    assert.equal(f.severity, "error");
    assert.match(f.message, /GOPROXY=off forbids downloads/);
    const fix = f.fixes?.[0];
    assert.ok(fix?.kind === "run");
    assert.deepEqual(fix.argv, [goBinary, "version"]);
    assert.equal(fix.cwd, folder);
    assert.equal(fix.env?.GOPROXY, "https://proxy.golang.org,direct");
  });

  it("warning while the download is pending; running the fix downloads it, after which it is info (in the cache)", async () => {
    const proxyDir = path.join(root, "tc-proxy");
    const proxy = writeToolchainProxy(proxyDir, "go1.99.0", hostOs, hostArch);
    const { folder, env } = setup("1.99", { GOTOOLCHAIN: "auto", GOPROXY: proxy });
    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    const f = only(r.findings);
    assert.equal(f.severity, "warning");
    assert.match(f.message, /The go line in go\.mod asks for go1\.99\.0/);
    assert.equal(r.envForGo.GOTOOLCHAIN, "local");
    assert.equal(r.activeVersion, "1.99.0");

    const fix = f.fixes?.[0];
    assert.ok(fix?.kind === "run");
    const applied = await runProcess(fix.argv, {
      cwd: fix.cwd,
      env: cleanEnv({ ...env, ...fix.env }),
      timeoutMs: 30_000,
    });
    assert.equal(applied.exitCode, 0, applied.stderr);
    assert.match(applied.stdout, /go version go1\.99\.0/);

    const cached = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    const info = only(cached.findings);
    assert.equal(info.severity, "info");
    assert.match(info.message, /module cache/);
    assert.equal(cached.envForGo, env);
    assert.equal(cached.activeVersion, "1.99.0");
  });

  it("warning while another go command is downloading the toolchain (its zip stalls in a FIFO)", async () => {
    const proxyDir = path.join(root, "stalled-proxy");
    const proxy = writeToolchainProxy(proxyDir, "go1.97.0", hostOs, hostArch);
    const zip = path.join(proxyDir, "golang.org", "toolchain", "@v", `v0.0.1-go1.97.0.${hostOs}-${hostArch}.zip`);
    fs.rmSync(zip);
    execFileSync("mkfifo", [zip]);
    const { folder, env } = setup("1.97", { GOTOOLCHAIN: "auto", GOPROXY: proxy });
    const downloads = path.join(env.GOMODCACHE!, "cache", "download", "golang.org", "toolchain", "@v");
    const abort = new AbortController();
    // The go command creates its .tmp zip, then blocks opening the FIFO: a download in progress.
    const downloading = runProcess([goBinary, "version"], {
      cwd: folder,
      env: cleanEnv(env),
      timeoutMs: 30_000,
      signal: abort.signal,
    });
    try {
      const started = Date.now();
      while (!(fs.existsSync(downloads) && fs.readdirSync(downloads).some((n) => n.endsWith(".tmp")))) {
        assert.ok(Date.now() - started < 15_000, "the go command never started the download");
        await new Promise((r) => setTimeout(r, 50));
      }
      const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
      const f = only(r.findings);
      assert.equal(f.severity, "warning");
      assert.match(f.message, /downloading it into the module cache right now/);
      assert.equal(r.envForGo.GOTOOLCHAIN, "local");
    } finally {
      abort.abort();
      await downloading;
    }
  });

  it("a toolchain line newer than the local Go is the target; with an HTTP proxy the download is pending", async () => {
    const { folder, env } = setup(
      "1.22",
      { GOTOOLCHAIN: "auto", GOPROXY: "https://proxy.example.invalid", GOSUMDB: "sum.golang.org" },
      "go1.99.1",
    );
    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    const f = only(r.findings);
    assert.equal(f.severity, "warning");
    assert.match(f.message, /The toolchain line in go\.mod asks for go1\.99\.1/);
    assert.equal(f.location?.line, 5);
    assert.equal(r.activeVersion, "1.99.1");
  });

  it("GOSUMDB=off with an HTTP proxy: the go command refuses an unverified toolchain", async () => {
    const { folder, env } = setup("1.99", { GOTOOLCHAIN: "auto", GOPROXY: "https://proxy.example.invalid" });
    const f = only((await checkToolchain({ goBinary, env, folder, localVersion: goVersion })).findings);
    assert.equal(f.severity, "error");
    assert.match(f.message, /GOSUMDB=off/);
  });

  it("GOTOOLCHAIN=path: error when the toolchain is not on PATH, info when it is (and the go command really uses it)", async () => {
    const { dir, folder, env } = setup("1.99", { GOTOOLCHAIN: "path", GOPROXY: "off" });
    const missing = only((await checkToolchain({ goBinary, env, folder, localVersion: goVersion })).findings);
    assert.equal(missing.severity, "error");
    assert.match(missing.message, /only toolchains on PATH/);

    const bin = path.join(dir, "sdkbin");
    fakeTool(bin, "go1.99.0", `echo "go version go1.99.0 ${hostOs}/${hostArch}"`);
    const withBin = { ...env, PATH: `${bin}:${env.PATH}` };
    const real = await goIn(folder, withBin, "version");
    assert.match(real.stdout, /go1\.99\.0/);
    const r = await checkToolchain({ goBinary, env: withBin, folder, localVersion: goVersion });
    const f = only(r.findings);
    assert.equal(f.severity, "info");
    assert.ok(f.message.includes(path.join(bin, "go1.99.0")));
  });

  it("a go.work above the folder decides, as it does for the go command", async () => {
    const { dir, folder, env } = setup("1.22", { GOTOOLCHAIN: "auto", GOPROXY: `file://${emptyProxy}` });
    writeFile(path.join(dir, "go.work"), "go 1.98\n\nuse ./ws\n");
    const f = only((await checkToolchain({ goBinary, env, folder, localVersion: goVersion })).findings);
    assert.match(f.message, /The go line in go\.work asks for go1\.98\.0/);
    assert.equal(f.location?.file, path.join(dir, "go.work"));
  });

  it("no switch in GOPATH mode (GO111MODULE=off)", async () => {
    const { folder, env } = setup("1.99", { GOTOOLCHAIN: "auto", GOPROXY: "off", GO111MODULE: "off" });
    const r = await checkToolchain({ goBinary, env, folder, localVersion: goVersion });
    assert.deepEqual(r.findings, []);
  });

  it("parses GOTOOLCHAIN and toolchain names as the go command does", () => {
    assert.deepEqual(parseGoToolchain("auto"), { min: "local", mode: "auto" });
    assert.deepEqual(parseGoToolchain("go1.22.3+path"), { min: "go1.22.3", mode: "path" });
    assert.deepEqual(parseGoToolchain("local"), { min: "local", mode: "" });
    assert.equal(parseGoToolchain("bogus"), undefined);
    assert.equal(parseGoToolchain("go1.22+sometimes"), undefined);
    assert.equal(toolchainVersion("go1.22.3"), "1.22.3");
    assert.equal(toolchainVersion("gccgo-go1.21rc2"), "1.21rc2");
    assert.equal(toolchainVersion("go1.22.3-custom"), "1.22.3");
    assert.equal(toolchainVersion("bash"), undefined);
  });
});
