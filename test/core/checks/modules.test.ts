import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { cleanEnv } from "../../../src/core/base/envPath";
import { readGoEnv } from "../../../src/core/go/goEnv";
import type { FixAction } from "../../../src/core/model/findings";
import { checkModules, parseJsonStream } from "../../../src/core/checks/modules";
import { runProcess, type RunProcess } from "../../../src/core/base/process";
import {
  goBinary,
  hermeticEnv,
  removeDir,
  tempDir,
  writeFile,
  writeFileProxy,
  writeModule,
} from "../../support/fixtures";
import type { Env } from "../../../src/core/base/envPath";

const DEP_SOURCE = 'package dep\n\nfunc Hello() string { return "hi" }\n';
const APP_MAIN = 'package main\n\nimport "example.com/dep"\n\nfunc main() { println(dep.Hello()) }\n';

describe("modules and workspace (GD040–GD044)", () => {
  const root = tempDir("gd-modules-");
  let proxy: string;
  before(() => {
    proxy = writeFileProxy(root, "example.com/dep", "v1.0.0", DEP_SOURCE);
  });
  after(() => {
    execFileSync("chmod", ["-R", "u+w", root]);
    removeDir(root);
  });
  let n = 0;
  /** A module using example.com/dep from the file:// proxy; each case has its own module cache. */
  const setup = (extra: Record<string, string> = {}) => {
    const dir = path.join(root, `case${n++}`);
    const home = path.join(dir, "home");
    fs.mkdirSync(home, { recursive: true });
    const env: Env = hermeticEnv(home, {
      GOPROXY: proxy,
      GOSUMDB: "off",
      GOMODCACHE: path.join(dir, "modcache"),
      GOPATH: path.join(dir, "gopath"),
      ...extra,
    });
    const folder = path.join(dir, "app");
    return { dir, home, env, folder };
  };
  const app = (folder: string) =>
    writeModule(folder, { module: "example.com/app", requires: ["example.com/dep v1.0.0"], main: APP_MAIN });
  const go = async (folder: string, env: Env, ...args: string[]) => {
    const r = await runProcess([goBinary, ...args], { cwd: folder, env: cleanEnv(env), timeoutMs: 60_000 });
    assert.equal(r.exitCode, 0, `go ${args.join(" ")}: ${r.stderr}`);
    return r;
  };
  const check = async (folder: string, env: Env) => {
    const ge = await readGoEnv({ goBinary, env, folder });
    assert.ok(ge.goEnv, JSON.stringify(ge.findings));
    return checkModules({ goBinary, env, goEnv: ge.goEnv, folder });
  };
  const apply = async (fix: FixAction | undefined, env: Env) => {
    assert.ok(fix?.kind === "run", "a run fix expected");
    const r = await runProcess(fix.argv, { cwd: fix.cwd, env: cleanEnv({ ...env, ...fix.env }), timeoutMs: 60_000 });
    assert.equal(r.exitCode, 0, r.stderr);
  };

  it("a tidy module whose dependencies are cached has no findings, and its files are left untouched", async () => {
    const { env, folder } = setup();
    app(folder);
    await go(folder, env, "mod", "tidy");
    const before = [
      fs.readFileSync(path.join(folder, "go.mod"), "utf8"),
      fs.readFileSync(path.join(folder, "go.sum"), "utf8"),
    ];
    const r = await check(folder, env);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.missingModules, []);
    assert.deepEqual(
      [fs.readFileSync(path.join(folder, "go.mod"), "utf8"), fs.readFileSync(path.join(folder, "go.sum"), "utf8")],
      before,
    );
  });

  it("GD042 names the modules missing from the cache without network; `go mod download` fixes it", async () => {
    const { env, folder } = setup();
    app(folder);
    await go(folder, env, "mod", "tidy");
    // A fresh cache, as after a clone on another machine or `go clean -modcache`.
    const fresh = { ...env, GOMODCACHE: path.join(path.dirname(folder), "fresh-cache") };
    const r = await check(folder, fresh);
    const f = r.findings.find((x) => x.code === "GD042");
    assert.ok(f, JSON.stringify(r.findings));
    assert.equal(f.severity, "error");
    assert.deepEqual(r.missingModules, ["example.com/dep@v1.0.0"]);
    assert.deepEqual(f.fixes?.[0]?.kind === "run" ? f.fixes[0].argv : [], [goBinary, "mod", "download"]);
    await apply(f.fixes?.[0], fresh);
    const after = await check(folder, fresh);
    assert.deepEqual(after.findings, []);
  });

  it("GD042 says when GOPROXY=off forbids the download, and its fix sets a proxy for that run", async () => {
    const { env, folder } = setup();
    app(folder);
    await go(folder, env, "mod", "tidy");
    const r = await check(folder, {
      ...env,
      GOPROXY: "off",
      GOMODCACHE: path.join(path.dirname(folder), "fresh-cache"),
    });
    const f = r.findings.find((x) => x.code === "GD042");
    assert.ok(f);
    assert.match(f.message, /GOPROXY=off forbids that/);
    assert.equal(f.fixes?.[0]?.kind === "run" ? f.fixes[0].env?.GOPROXY : undefined, "https://proxy.golang.org,direct");
  });

  it("GD043 when go.sum lacks an entry, with the go command's own `go get` fix, which works", async () => {
    const { env, folder } = setup();
    app(folder);
    await go(folder, env, "mod", "tidy");
    fs.rmSync(path.join(folder, "go.sum"));
    const r = await check(folder, env);
    const f = r.findings.find((x) => x.code === "GD043");
    assert.ok(f, JSON.stringify(r.findings));
    assert.match(f.message, /example\.com\/dep@v1\.0\.0/);
    assert.deepEqual(f.fixes?.[0]?.kind === "run" ? f.fixes[0].argv : [], [goBinary, "get", "example.com/app"]);
    assert.ok(!fs.existsSync(path.join(folder, "go.sum")), "the check must not write go.sum");
    await apply(f.fixes?.[0], env);
    assert.deepEqual((await check(folder, env)).findings, []);
  });

  it("GD044 when vendor/modules.txt no longer matches go.mod (implied -mod=vendor)", async () => {
    const { env, folder } = setup();
    app(folder);
    await go(folder, env, "mod", "tidy");
    await go(folder, env, "mod", "vendor");
    assert.deepEqual((await check(folder, env)).findings, [], "a fresh vendor/ is consistent");
    fs.appendFileSync(path.join(folder, "go.mod"), "\nrequire example.com/other v1.0.0\n");
    const r = await check(folder, env);
    const f = r.findings.find((x) => x.code === "GD044");
    assert.ok(f, JSON.stringify(r.findings));
    assert.match(f.message, /does not match go\.mod/);
    assert.ok(f.details?.some((d) => d.includes("inconsistent vendoring")));
    assert.deepEqual(f.fixes?.[0]?.kind === "run" ? f.fixes[0].argv : [], [goBinary, "mod", "vendor"]);
  });

  it("GD044 when GOFLAGS=-mod=vendor but there is no vendor directory", async () => {
    const { env, folder } = setup();
    app(folder);
    await go(folder, env, "mod", "tidy");
    const r = await check(folder, { ...env, GOFLAGS: "-modcacherw -mod=vendor" });
    const f = r.findings.find((x) => x.code === "GD044");
    assert.ok(f, JSON.stringify(r.findings));
    assert.match(f.message, /GOFLAGS has -mod=vendor but .* has no vendor directory/);
  });

  it("GD040 for Go files without go.mod; the `go mod init` fix creates the module", async () => {
    const { env, folder } = setup();
    writeFile(path.join(folder, "main.go"), "package main\n\nfunc main() {}\n");
    const r = await check(folder, env);
    const f = r.findings.find((x) => x.code === "GD040");
    assert.ok(f);
    assert.equal(f.severity, "warning");
    await apply(f.fixes?.[0], env);
    assert.ok(fs.existsSync(path.join(folder, "go.mod")));
    assert.deepEqual((await check(folder, env)).findings, []);
  });

  it("no GD040 for a folder without Go files", async () => {
    const { env, folder } = setup();
    writeFile(path.join(folder, "README.md"), "docs\n");
    assert.deepEqual((await check(folder, env)).findings, []);
  });

  it("GD041 when GO111MODULE=off and the folder has a go.mod", async () => {
    const { env, folder } = setup({ GO111MODULE: "off" });
    writeModule(folder);
    const r = await check(folder, env);
    const f = r.findings.find((x) => x.code === "GD041");
    assert.ok(f);
    assert.match(f.message, /GO111MODULE=off/);
    assert.equal(f.fixes?.[0]?.kind, "manual");
  });

  it("GD041 for a GOPATH/src checkout without go.mod in module mode", async () => {
    const { dir, env } = setup();
    const folder = path.join(dir, "gopath", "src", "github.com", "me", "legacy");
    writeFile(path.join(folder, "main.go"), "package main\n\nfunc main() {}\n");
    const r = await check(folder, env);
    const f = r.findings.find((x) => x.code === "GD041");
    assert.ok(f, JSON.stringify(r.findings));
    assert.ok(!r.findings.some((x) => x.code === "GD040"));
    assert.deepEqual(f.fixes?.[0]?.kind === "run" ? f.fixes[0].argv : [], [
      goBinary,
      "mod",
      "init",
      "github.com/me/legacy",
    ]);
  });

  it("a go.work workspace opened at its root: healthy with a full cache, GD042 with an empty one", async () => {
    const { dir, env, folder } = setup();
    app(folder);
    await go(folder, env, "mod", "tidy");
    writeFile(path.join(dir, "go.work"), "go 1.22\n\nuse ./app\n");
    assert.deepEqual((await check(dir, env)).findings, []);
    const r = await check(dir, { ...env, GOMODCACHE: path.join(dir, "fresh-cache") });
    assert.deepEqual(r.missingModules, ["example.com/dep@v1.0.0"]);
    assert.ok(r.findings.some((f) => f.code === "GD042"));
    // Package-level problems are found too ("./..." from the go.work directory would match nothing), and
    // the check leaves no go.work.sum behind. With the checksum database on, a workspace build offline fails.
    fs.rmSync(path.join(folder, "go.sum"));
    const sumdbOn = { ...env, GOSUMDB: "sum.golang.org", GOPROXY: "off" };
    const build = await runProcess([goBinary, "build", "-o", os.devNull, "./app"], {
      cwd: dir,
      env: cleanEnv(sumdbOn),
      timeoutMs: 60_000,
    });
    assert.notEqual(build.exitCode, 0);
    const gap = await check(dir, sumdbOn);
    const f = gap.findings.find((x) => x.code === "GD043");
    assert.ok(f, JSON.stringify(gap.findings));
    assert.deepEqual(gap.missingModules, [], "the module is in the cache; only its checksum is missing");
    assert.equal(f.fixes?.[0]?.kind === "run" ? f.fixes[0].cwd : undefined, folder);
    assert.ok(!fs.existsSync(path.join(dir, "go.work.sum")));
    await apply(f.fixes?.[0], env);
    assert.deepEqual((await check(dir, sumdbOn)).findings, []);
  });

  /** runProcess, counting the go list calls. */
  const counting = () => {
    const lists: string[][] = [];
    const run: RunProcess = (argv, options) => {
      if (argv[1] === "list") lists.push(argv);
      return runProcess(argv, options);
    };
    return { lists, run };
  };

  it("a module without dependencies is answered from go.mod alone, and the go command agrees", async () => {
    const { env, folder } = setup();
    writeModule(folder, { module: "example.com/solo" });
    fs.appendFileSync(
      path.join(folder, "go.mod"),
      "\n// a comment\ngodebug (\n\tpanicnil=1\n)\nexclude example.com/old v1.0.0\n",
    );
    const ge = await readGoEnv({ goBinary, env, folder });
    assert.ok(ge.goEnv);
    const { lists, run } = counting();
    const r = await checkModules({ goBinary, env, goEnv: ge.goEnv, folder, run });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(lists, [], "no go list");
    assert.deepEqual(r.evidence[0]?.command, ["read", path.join(folder, "go.mod")]);
    const listed = await go(folder, { ...env, GOPROXY: "off" }, "list", "-e", "-deps", "-test", "-json=Error", "./...");
    assert.doesNotMatch(listed.stdout, /"Err"/);
  });

  it("any directive that could name a module sends the check to the go command: GD042 still found", async () => {
    const { dir, env } = setup();
    const folder = path.join(dir, "app");
    app(folder);
    await go(folder, env, "mod", "tidy");
    writeModule(path.join(dir, "solo"), { module: "example.com/solo" });
    // A quoted use entry, then the module with a require: both read, and the second one needs the cache.
    writeFile(path.join(dir, "go.work"), 'go 1.22\n\nuse (\n\t./solo\n\t"./app"\n)\n');
    const fresh = { ...env, GOMODCACHE: path.join(dir, "fresh-cache") };
    const { lists, run } = counting();
    const ge = await readGoEnv({ goBinary, env: fresh, folder: dir });
    assert.ok(ge.goEnv);
    const r = await checkModules({ goBinary, env: fresh, goEnv: ge.goEnv, folder: dir, run });
    assert.deepEqual(r.missingModules, ["example.com/dep@v1.0.0"]);
    assert.equal(lists.length, 2);
    // A require line the parser would skip (one word) still counts as one.
    const odd = path.join(dir, "odd");
    writeModule(odd, { module: "example.com/odd" });
    fs.appendFileSync(path.join(odd, "go.mod"), "require example.com/dep\n");
    const oddEnv = await readGoEnv({ goBinary, env: fresh, folder: odd });
    assert.ok(oddEnv.goEnv);
    await checkModules({ goBinary, env: fresh, goEnv: oddEnv.goEnv, folder: odd, run });
    assert.equal(lists.length, 4, "the odd go.mod went to go list");
  });

  it("folders of one go.work share one listing, each with the same verdict", async () => {
    const { dir, env } = setup();
    const a = path.join(dir, "app");
    app(a);
    await go(a, env, "mod", "tidy");
    const b = path.join(dir, "app2");
    writeModule(b, { module: "example.com/app2", requires: ["example.com/dep v1.0.0"], main: APP_MAIN });
    fs.copyFileSync(path.join(a, "go.sum"), path.join(b, "go.sum"));
    writeFile(path.join(dir, "go.work"), "go 1.22\n\nuse (\n\t./app\n\t./app2\n)\n");
    const fresh = { ...env, GOMODCACHE: path.join(dir, "fresh-cache") };
    const memo = new Map<string, Promise<unknown>>();
    const share = <T>(key: string, make: () => Promise<T>): Promise<T> => {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as Promise<T>;
    };
    const { lists, run } = counting();
    const verdicts = await Promise.all(
      [a, b].map(async (folder) => {
        const ge = await readGoEnv({ goBinary, env: fresh, folder });
        assert.ok(ge.goEnv);
        return checkModules({ goBinary, env: fresh, goEnv: ge.goEnv, folder, run, share });
      }),
    );
    assert.equal(lists.length, 2, "one package listing and one module graph for both folders");
    for (const [i, v] of verdicts.entries()) {
      assert.deepEqual(v.missingModules, ["example.com/dep@v1.0.0"]);
      const fix = v.findings.find((f) => f.code === "GD042")?.fixes?.[0];
      assert.equal(fix?.kind === "run" ? fix.cwd : undefined, [a, b][i], "each folder's fix runs in that folder");
    }
  });

  it("no GD040 for a folder that only holds nested modules", async () => {
    const { dir, env } = setup();
    writeModule(path.join(dir, "mono", "svc-a"), { module: "example.com/a" });
    writeModule(path.join(dir, "mono", "svc-b"), { module: "example.com/b" });
    assert.deepEqual((await check(path.join(dir, "mono"), env)).findings, []);
  });

  it("no GD041 for a GOPATH/src checkout in GOPATH mode (GO111MODULE=auto, no go.mod)", async () => {
    const { dir, env } = setup({ GO111MODULE: "auto" });
    const folder = path.join(dir, "gopath", "src", "github.com", "me", "legacy");
    writeFile(path.join(folder, "main.go"), "package main\n\nfunc main() {}\n");
    assert.deepEqual((await check(folder, env)).findings, []);
  });

  it("splits go list's JSON stream, skipping garbage and braces inside strings", () => {
    assert.deepEqual(parseJsonStream('{"a":"}{"}\n{"b":{"c":1}}junk{bad}{"d":"\\"}"}'), [
      { a: "}{" },
      { b: { c: 1 } },
      { d: '"}' },
    ]);
  });
});
