import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { cleanEnv } from "../../../src/core/base/envPath";
import { readGoEnv } from "../../../src/core/go/goEnv";
import type { Finding } from "../../../src/core/model/findings";
import { runProcess } from "../../../src/core/base/process";
import { checkVariables } from "../../../src/core/checks/goVariables";
import {
  fakeTool,
  goBinary,
  goRoot,
  hermeticEnv,
  removeDir,
  tempDir,
  writeFile,
  writeModule,
} from "../../support/fixtures";
import type { Env } from "../../../src/core/base/envPath";
import { simulatedPlatform } from "../../support/simulatedPlatform";

// Builds share the machine's build cache (concurrency-safe) so that `go install` takes a second, not a minute.
const sharedGoCache = execFileSync(goBinary, ["env", "GOCACHE"], { encoding: "utf8" }).trim();

describe("Go variables (GD050–GD054, GD060, GD061)", () => {
  const root = tempDir("gd-vars-");
  let server: http.Server;
  let livePort = 0;
  let closedPort = 0;
  before(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    livePort = (server.address() as AddressInfo).port;
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    removeDir(root);
  });

  let n = 0;
  /** A healthy hermetic setup: GOPATH exists and GOPATH/bin is on PATH. */
  const setup = (extra: Record<string, string> = {}) => {
    const dir = path.join(root, `case${n++}`);
    const home = path.join(dir, "home");
    const gobinDefault = path.join(home, "go", "bin");
    fs.mkdirSync(gobinDefault, { recursive: true });
    const base = hermeticEnv(home, { GOPROXY: "https://proxy.golang.org,direct", GOCACHE: sharedGoCache });
    const env: Env = { ...base, PATH: `${base.PATH}:${gobinDefault}`, ...extra };
    const folder = writeModule(path.join(dir, "ws"), { main: "package main\n\nfunc main() {}\n" });
    return { dir, home, env, folder };
  };
  const check = async (env: Env, folder: string, network = false, goEnvOverride: Record<string, string> = {}) => {
    const ge = await readGoEnv({ goBinary, env, folder });
    assert.ok(ge.goEnv, JSON.stringify(ge.findings));
    return checkVariables({ env, goEnv: { ...ge.goEnv, ...goEnvOverride }, goBinary, network });
  };
  const codes = (findings: Finding[]) => findings.map((f) => f.code);
  const one = (findings: Finding[], code: string) => {
    const f = findings.filter((x) => x.code === code);
    assert.equal(f.length, 1, JSON.stringify(findings));
    return f[0];
  };
  const install = (env: Env, folder: string) =>
    runProcess([goBinary, "install", "."], { cwd: folder, env: cleanEnv(env), timeoutMs: 60_000 });

  it("a healthy setup has no findings", async () => {
    const { env, folder } = setup();
    const r = await check(env, folder);
    assert.deepEqual(r.findings, []);
  });

  it("GD050 when GOBIN is not a directory, and `go install` really fails", async () => {
    const { dir, env, folder } = setup();
    const file = writeFile(path.join(dir, "gobin-file"), "x");
    const withGobin = { ...env, GOBIN: file, PATH: `${env.PATH}:${file}` };
    assert.notEqual((await install(withGobin, folder)).exitCode, 0);
    const f = one((await check(withGobin, folder)).findings, "GD050");
    assert.match(f.message, /is not a directory/);
    assert.equal(f.fixes?.[0]?.kind, "manual");
  });

  it("GD050 when GOBIN is relative or missing", async () => {
    const { dir, env, folder } = setup();
    const rel = one((await check({ ...env, GOBIN: "relbin" }, folder)).findings, "GD050");
    assert.match(rel.message, /relative path/);
    const missing = path.join(dir, "nowhere", "bin");
    const miss = one(
      (await check({ ...env, GOBIN: missing, PATH: `${env.PATH}:${missing}` }, folder)).findings,
      "GD050",
    );
    assert.match(miss.message, /does not exist/);
  });

  it("GD050 when GOBIN cannot be written, and `go install` really fails", async (t) => {
    const { dir, env, folder } = setup();
    let gobin: string;
    if (process.getuid?.() === 0) {
      // Root writes through file modes; /proc refuses new files even to root.
      gobin = "/proc";
    } else {
      gobin = path.join(dir, "readonly-bin");
      fs.mkdirSync(gobin, { mode: 0o555 });
      t.after(() => fs.chmodSync(gobin, 0o755));
    }
    const withGobin = { ...env, GOBIN: gobin, PATH: `${env.PATH}:${gobin}` };
    assert.notEqual((await install(withGobin, folder)).exitCode, 0);
    const f = one((await check(withGobin, folder)).findings, "GD050");
    assert.match(f.message, /cannot be written/);
  });

  it("GD051 when GOPATH/bin, or GOBIN, is not on PATH", async () => {
    const { dir, home, folder } = setup();
    const env = hermeticEnv(home, { GOPROXY: "https://proxy.golang.org,direct" });
    const f = one((await check(env, folder)).findings, "GD051");
    assert.ok(f.message.includes(path.join(home, "go", "bin")));
    assert.match(f.fixes?.[0]?.kind === "manual" ? f.fixes[0].detail : "", /export PATH=/);

    const gobin = path.join(dir, "gobin");
    fs.mkdirSync(gobin);
    const g = one((await check({ ...env, GOBIN: gobin }, folder)).findings, "GD051");
    assert.match(g.message, /^GOBIN/);
    assert.deepEqual(
      codes((await check({ ...env, GOBIN: gobin, PATH: `${env.PATH}:${gobin}/` }, folder)).findings),
      [],
    );
  });

  it("GD052 when GOROOT names another installation than the go binary's own", async () => {
    const { dir, env, folder } = setup();
    const other = path.join(dir, "other-goroot");
    fs.mkdirSync(path.join(other, "pkg", "tool"), { recursive: true });
    const f = one((await check({ ...env, GOROOT: other }, folder)).findings, "GD052");
    assert.ok(f.message.includes(other));
    assert.match(f.message, /set in the environment/);
    assert.deepEqual(
      (await check({ ...env, GOROOT: goRoot }, folder)).findings,
      [],
      "GOROOT naming the binary's own root is fine",
    );
  });

  it("no GD052 for a version-manager shim, which lives outside any Go root", async () => {
    const { dir, env, folder } = setup();
    // A wrapper script in ~/.local/bin, as version managers and distro alternatives install them.
    const shim = fakeTool(path.join(dir, ".local", "bin"), "go", `exec "${goBinary}" "$@"`);
    const ge = await readGoEnv({ goBinary: shim, env, folder });
    assert.ok(ge.goEnv);
    const r = await checkVariables({ env, goEnv: ge.goEnv, goBinary: shim, network: false });
    assert.deepEqual(r.findings, []);
  });

  it("GD052 when GOPATH equals GOROOT", async () => {
    const { env, folder } = setup();
    const r = await check({ ...env, GOPATH: goRoot, PATH: `${env.PATH}:${path.join(goRoot, "bin")}` }, folder);
    const f = one(r.findings, "GD052");
    assert.match(f.message, /GOPATH includes GOROOT/);
  });

  it("GD053 when GOPATH is missing, relative or holds a literal ~", async () => {
    const { dir, env, folder } = setup();
    const missing = path.join(dir, "no-gopath");
    const m = one(
      (await check({ ...env, GOPATH: missing, PATH: `${env.PATH}:${missing}/bin` }, folder)).findings,
      "GD053",
    );
    assert.match(m.message, /does not exist/);
    // The go command itself refuses these (readGoEnv reports GD012); checked here from the raw environment.
    const ge = await readGoEnv({ goBinary, env, folder });
    assert.ok(ge.goEnv);
    const tilde = await checkVariables({ env: { ...env, GOPATH: "~/go" }, goEnv: ge.goEnv, goBinary, network: false });
    assert.match(one(tilde.findings, "GD053").message, /literal ~/);
    const rel = await checkVariables({ env: { ...env, GOPATH: "gopath" }, goEnv: ge.goEnv, goBinary, network: false });
    assert.match(one(rel.findings, "GD053").message, /relative/);
  });

  it("GD054 (info) for empty, ~ and missing PATH entries", async () => {
    const { dir, env, folder } = setup();
    const r = await check({ ...env, PATH: `${env.PATH}::~/bin:${path.join(dir, "missing-dir")}` }, folder);
    const f = one(r.findings, "GD054");
    assert.equal(f.severity, "info");
    assert.equal(f.details?.length, 3);
  });

  it("Windows: C:\\ paths are absolute and `;` separates GOPATH and PATH; a relative GOBIN or GOPATH is still told", async () => {
    const { platform } = simulatedPlatform("win32", {
      dirs: { "C:\\Windows": [], "C:\\Users\\gopher\\go\\bin": [], "D:\\work\\go": [] },
    });
    const goEnv = { GOPATH: "C:\\Users\\gopher\\go;D:\\work\\go", GOPROXY: "https://proxy.golang.org,direct" };
    const env: Env = {
      USERPROFILE: "C:\\Users\\gopher",
      PATH: "C:\\Windows;C:\\Users\\gopher\\go\\bin;;C:\\Missing",
    };
    const run = (e: Env, g: Record<string, string> = goEnv) =>
      checkVariables({ env: e, goEnv: g, goBinary: "C:\\Program Files\\Go\\bin\\go.exe", network: false, platform });
    const r = await run(env);
    assert.deepEqual(codes(r.findings), ["GD054"], JSON.stringify(r.findings));
    assert.deepEqual(one(r.findings, "GD054").details, [
      'entry 3 is empty, which means "the current directory" to every program searching PATH',
      "C:\\Missing does not exist",
    ]);
    const rel = await run({ ...env, GOBIN: "go\\bin" }, { ...goEnv, GOBIN: "go\\bin", GOPATH: "gopath" });
    assert.match(one(rel.findings, "GD050").message, /relative path/);
    assert.match(one(rel.findings, "GD053").message, /gopath is relative/);
  });

  it("GD060 for GOPROXY=off, spaces or ; as separators, entries after direct, and a URL without a usable scheme", async () => {
    const { env, folder } = setup();
    const cases: [string, RegExp][] = [
      ["off", /forbids every module download/],
      ["https://a.example https://b.example", /separates entries with spaces/],
      ["https://a.example;https://b.example", /separates entries with ";"/],
      ["direct,https://proxy.golang.org", /after "direct".*never used/],
      ["ftp://mirror.example", /must be https, http, file/],
    ];
    for (const [value, want] of cases) {
      const f = one((await check({ ...env, GOPROXY: value }, folder)).findings, "GD060");
      assert.match(f.message, want, value);
    }
    assert.deepEqual(
      (await check({ ...env, GOPROXY: "https://proxy.golang.org|https://mirror.example,direct" }, folder)).findings,
      [],
    );
  });

  it("GD060's separator complaint is what the go command really does with such a list", async () => {
    const { env, folder } = setup();
    const r = await runProcess([goBinary, "list", "-m", "example.com/none@latest"], {
      cwd: folder,
      env: cleanEnv({ ...env, GOPROXY: "https://a.example https://b.example" }),
      timeoutMs: 30_000,
    });
    assert.notEqual(r.exitCode, 0);
    assert.match(r.stderr, /invalid character " " in host name/);
  });

  it("GD061 only with the network probe: a closed port is unreachable, a live server is fine", async () => {
    const { env, folder } = setup();
    const closed = { ...env, GOPROXY: `http://127.0.0.1:${closedPort},direct` };
    assert.deepEqual(codes((await check(closed, folder, false)).findings), [], "no probe without network");
    const r = await check(closed, folder, true);
    const f = one(r.findings, "GD061");
    assert.match(f.message, /ECONNREFUSED/);
    assert.equal(r.evidence[0]?.command[1], `http://127.0.0.1:${closedPort}`);
    const behindProxy = one(
      (await check({ ...closed, HTTPS_PROXY: "http://127.0.0.1:9" }, folder, true)).findings,
      "GD061",
    );
    assert.equal(behindProxy.severity, "info", "the go command would use HTTPS_PROXY, which the probe does not");
    const live = await check({ ...env, GOPROXY: `http://127.0.0.1:${livePort},direct` }, folder, true);
    assert.deepEqual(live.findings, []);
    assert.equal(live.evidence[0]?.output, "HTTP 404");
  });

  it("GD061 for a file:// proxy directory that does not exist", async () => {
    const { dir, env, folder } = setup();
    const f = one((await check({ ...env, GOPROXY: `file://${path.join(dir, "no-proxy")}` }, folder)).findings, "GD061");
    assert.match(f.message, /not a directory/);
  });
});
