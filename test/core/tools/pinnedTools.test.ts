import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { checkModules } from "../../../src/core/checks/modules";
import { parseGoMod } from "../../../src/core/go/goMod";
import type { GoEnvVars } from "../../../src/core/model/facts";
import type { Finding } from "../../../src/core/model/findings";
import { locateTool } from "../../../src/core/tools/toolLocator";
import { fakeTool, goBinary, goVersion, hermeticEnv, realDlv, removeDir, tempDir } from "../../support/fixtures";
import {
  DLV_PKG,
  GOPLS_PKG,
  OLDER_PINNED_DLV,
  pinnedModule,
  pinVars,
  sharedGoCache,
  toolLine,
} from "../../support/pinnedModule";
import { quietHome, standInDlv, standInGopls } from "../../support/toolLayout";

describe("go.mod tool directives", () => {
  it("are read in single-line and block form, with their lines", () => {
    const text = [
      "module example.com/m",
      "",
      "go 1.24",
      "",
      "tool github.com/go-delve/delve/cmd/dlv // debugger",
      "",
      "tool (",
      "\tgolang.org/x/tools/gopls",
      '\t"example.com/quoted/cmd/gen"',
      ")",
      "require github.com/go-delve/delve v1.27.2",
    ].join("\n");
    assert.deepEqual(parseGoMod(text).tools, [
      { path: "github.com/go-delve/delve/cmd/dlv", line: 5 },
      { path: "golang.org/x/tools/gopls", line: 8 },
      { path: "example.com/quoted/cmd/gen", line: 9 },
    ]);
    assert.deepEqual(parseGoMod(text).requires.length, 1, "a tool block does not swallow later directives");
  });
});

let root: string;
let home: string;
let newer: string;
let older: string;
let newerLine: number;

before(() => {
  root = tempDir("gd-pinned-");
  home = quietHome(path.join(root, "home"));
  const env = hermeticEnv(home, pinVars());
  newer = path.join(root, "newer");
  older = path.join(root, "older");
  newerLine = toolLine(pinnedModule(newer, "example.com/newer", `${DLV_PKG}@v1.27.2`, env), DLV_PKG);
  pinnedModule(older, "example.com/older", `${DLV_PKG}@v${OLDER_PINNED_DLV}`, env);
});
after(() => removeDir(root));

function loginEnv(pathDirs: string[], extra: Record<string, string> = {}): Record<string, string> {
  return hermeticEnv(home, {
    ...pinVars(),
    PATH: [...pathDirs, path.dirname(goBinary), "/usr/bin", "/bin"].join(":"),
    ...extra,
  });
}

function goEnvIn(folder: string, env: Record<string, string>): GoEnvVars {
  return JSON.parse(execFileSync(goBinary, ["env", "-json"], { cwd: folder, env, encoding: "utf8" })) as GoEnvVars;
}

const only = (findings: Finding[], code: string): Finding[] => findings.filter((f) => f.code === code);

describe("locateTool with a module that pins Delve", { timeout: 300_000 }, () => {
  it("uses the pinned Delve over a broken dlv on PATH, names its go.mod line, and says the Go extension would run the broken one", async () => {
    const broken = path.join(root, "broken");
    fakeTool(broken, "dlv", "echo 'dlv: cannot execute binary file' >&2; exit 126");
    const env = loginEnv([broken]);
    const r = await locateTool("dlv", { env, goEnv: goEnvIn(newer, env), goBinary, settings: {}, folder: newer });

    assert.equal(r.tool.version, "1.27.2");
    assert.equal(r.tool.builtWith, goVersion);
    assert.ok(r.tool.path?.startsWith(sharedGoCache), `${r.tool.path} is go tool's build in the build cache`);
    assert.equal(r.tool.reason, `go.mod tool directive, go.mod:${newerLine}`);
    assert.deepEqual(
      r.tool.candidates.map((c) => c.source),
      [`go.mod tool directive, go.mod:${newerLine}`, "PATH"],
    );
    assert.deepEqual(r.findings.map((f) => `${f.code} ${f.severity}`).sort(), [
      "GD025 error",
      "GD026 info",
      "GD026 warning",
    ]);
    const [info] = only(r.findings, "GD026").filter((f) => f.severity === "info");
    assert.match(
      info.message,
      /dlv is pinned by the tool directive at .*go\.mod:\d+ \(github\.com\/go-delve\/delve\/cmd\/dlv\)/,
    );
    assert.deepEqual(info.location, { file: path.join(newer, "go.mod"), line: newerLine });
    const [warning] = only(r.findings, "GD026").filter((f) => f.severity === "warning");
    assert.match(warning.message, new RegExp(`would run ${path.join(broken, "dlv")} \\(PATH; broken: `));
    assert.match(
      only(r.findings, "GD025")[0].message,
      /The Go extension, which does not read go\.mod tool directives, runs it/,
    );
    assert.ok(
      r.evidence.some((e) => e.command.join(" ") === `${goBinary} tool -n dlv` && e.cwd === newer),
      "the evidence shows the go tool -n run",
    );
  });

  it("warns that the Go extension runs an older dlv from GOBIN, and recommends a wrapper over the build-cache path", async () => {
    const gobin = path.join(root, "gobin-old");
    standInDlv(gobin, "1.25.0");
    const env = loginEnv([gobin], { GOBIN: gobin });
    const r = await locateTool("dlv", { env, goEnv: goEnvIn(newer, env), goBinary, settings: {}, folder: newer });

    assert.equal(r.tool.version, "1.27.2");
    const [warning] = only(r.findings, "GD026").filter((f) => f.severity === "warning");
    assert.match(
      warning.message,
      new RegExp(`would run ${path.join(gobin, "dlv")} \\(GOBIN; 1\\.25\\.0\\), not the dlv pinned`),
    );
    const fix = warning.fixes?.[0];
    assert.equal(fix?.kind, "manual");
    assert.match(fix.kind === "manual" ? fix.detail : "", /exec "\$\(go -C '.*' tool -n dlv\)" "\$@"/);
    assert.match(fix.kind === "manual" ? fix.detail : "", /go clean -cache/);
    assert.deepEqual(only(r.findings, "GD021"), [], "a pinned build is not expected on PATH");
    assert.deepEqual(only(r.findings, "GD022"), []);
  });

  it("lets go.alternateTools win over the pin, and is silent when both are the same build", async () => {
    const env = loginEnv([]);
    const settings = { alternateTools: { dlv: realDlv } };
    const r = await locateTool("dlv", { env, goEnv: goEnvIn(newer, env), goBinary, settings, folder: newer });
    assert.equal(r.tool.path, realDlv);
    assert.equal(r.tool.reason, "go.alternateTools.dlv");
    assert.deepEqual(
      r.tool.candidates.map((c) => c.source),
      ["go.alternateTools.dlv", `go.mod tool directive, go.mod:${newerLine}`],
    );
    assert.deepEqual(only(r.findings, "GD026"), [], "the Go extension runs a dlv 1.27.2 built with the same Go");
  });

  it("reports GD042 at the directive within seconds when the modules are not in the cache, and falls back to the usual search", async () => {
    const empty = path.join(root, "empty-modcache");
    fs.mkdirSync(empty, { recursive: true });
    const gobin = path.join(root, "gobin-fallback");
    standInDlv(gobin, "1.27.2");
    const env = loginEnv([gobin], { GOBIN: gobin, GOMODCACHE: empty });
    const started = performance.now();
    const r = await locateTool("dlv", { env, goEnv: goEnvIn(newer, env), goBinary, settings: {}, folder: newer });
    const ms = performance.now() - started;

    assert.ok(ms < 10_000, `no download was attempted: ${Math.round(ms)} ms`);
    const [missing] = only(r.findings, "GD042");
    assert.ok(missing, JSON.stringify(r.findings));
    assert.match(
      missing.message,
      /dlv is pinned by the tool directive at .*go\.mod:\d+, but the modules to build it are not in the module cache/,
    );
    assert.deepEqual(missing.location, { file: path.join(newer, "go.mod"), line: newerLine });
    assert.deepEqual(missing.details, ["github.com/go-delve/delve@v1.27.2"], "named as the modules check names them");
    assert.deepEqual(missing.fixes?.[0], {
      kind: "run",
      title: "Download the modules and build the pinned dlv (go tool -n dlv)",
      argv: [goBinary, "tool", "-n", "dlv"],
      cwd: newer,
    });
    assert.equal(r.tool.path, path.join(gobin, "dlv"));
    assert.equal(r.tool.reason, "first in GOBIN");
    assert.deepEqual(
      fs.readdirSync(empty).filter((f) => f !== "cache"),
      [],
      "nothing was downloaded",
    );
  });

  it("with no other dlv, the pin waiting for its modules is the answer: GD042 without GD020, whose install would not win", async () => {
    const empty = path.join(root, "empty-modcache-2");
    fs.mkdirSync(empty, { recursive: true });
    const env = loginEnv([], { GOMODCACHE: empty, GOFLAGS: "-modcacherw -mod=mod", GOPROXY: "off" });
    const r = await locateTool("dlv", { env, goEnv: goEnvIn(newer, env), goBinary, settings: {}, folder: newer });
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["GD042"],
    );
    assert.equal(r.tool.path, null);
    assert.equal(
      r.tool.reason,
      `pinned by go.mod tool directive, go.mod:${newerLine}, whose modules are not in the module cache yet`,
    );
    // The fix goes online, and keeps the go command from rewriting go.mod.
    assert.deepEqual(r.findings[0].fixes?.[0], {
      kind: "run",
      title: "Download the modules and build the pinned dlv (go tool -n dlv)",
      argv: [goBinary, "tool", "-n", "dlv"],
      cwd: newer,
      env: { GOPROXY: "https://proxy.golang.org,direct", GOFLAGS: "-modcacherw" },
    });
  });

  it("in a go.work over two modules pinning different releases, each folder runs the workspace's choice, as go tool does; without it, its own", async () => {
    const ws = path.join(root, "ws");
    for (const [dir, from] of [
      ["a", newer],
      ["b", older],
    ] as const) {
      fs.cpSync(from, path.join(ws, dir), { recursive: true });
    }
    const env = loginEnv([]);
    execFileSync(goBinary, ["work", "init", "./a", "./b"], { cwd: ws, env, stdio: "pipe" });
    const resolve = async (folder: string, e: Record<string, string>) => {
      const r = await locateTool("dlv", { env: e, goEnv: goEnvIn(folder, e), goBinary, settings: {}, folder });
      return [r.tool.version, r.tool.reason];
    };
    const aLine = toolLine(fs.readFileSync(path.join(ws, "a", "go.mod"), "utf8"), DLV_PKG);
    const bLine = toolLine(fs.readFileSync(path.join(ws, "b", "go.mod"), "utf8"), DLV_PKG);
    // Workspace mode selects one version of each module for the whole workspace: the newer pin.
    assert.deepEqual(await resolve(path.join(ws, "a"), env), ["1.27.2", `go.mod tool directive, go.mod:${aLine}`]);
    assert.deepEqual(await resolve(path.join(ws, "b"), env), ["1.27.2", `go.mod tool directive, go.mod:${bLine}`]);
    assert.deepEqual(await resolve(ws, env), ["1.27.2", `go.mod tool directive, ${path.join("a", "go.mod")}:${aLine}`]);
    const off = { ...env, GOWORK: "off" };
    assert.deepEqual(await resolve(path.join(ws, "b"), off), [
      OLDER_PINNED_DLV,
      `go.mod tool directive, go.mod:${bLine}`,
    ]);
  });

  it("leaves the modules check quiet: the tools' deeper go.mod files, absent from the cache, stop no build", async () => {
    const env = loginEnv([]);
    const goEnv = goEnvIn(newer, env);
    fs.writeFileSync(path.join(newer, "main.go"), 'package main\n\nfunc main() { println("hi") }\n');
    const graph = execFileSync(goBinary, ["list", "-e", "-m", "-json", "-mod=mod", "all"], {
      cwd: newer,
      env: { ...env, GOPROXY: "off" },
      encoding: "utf8",
    });
    assert.match(graph, /"Err": "module lookup disabled by GOPROXY=off"/, "go list -m all does miss some go.mod files");
    execFileSync(goBinary, ["build", "-o", path.join(root, "hi"), "."], {
      cwd: newer,
      env: { ...env, GOPROXY: "off" },
    });
    const r = await checkModules({ goBinary, env, goEnv, folder: newer });
    assert.deepEqual(r.findings, []);
  });

  it("pins gopls the same way: the pinned build wins over an older gopls in GOBIN", async () => {
    const module = path.join(root, "gopls-pin");
    const vars = loginEnv([]);
    const line = toolLine(pinnedModule(module, "example.com/goplspin", `${GOPLS_PKG}@v0.23.0`, vars), GOPLS_PKG);
    const gobin = path.join(root, "gobin-gopls");
    standInGopls(gobin, "0.19.1", goVersion);
    const env = loginEnv([gobin], { GOBIN: gobin });
    const r = await locateTool("gopls", { env, goEnv: goEnvIn(module, env), goBinary, settings: {}, folder: module });
    assert.equal(r.tool.version, "0.23.0");
    assert.equal(r.tool.reason, `go.mod tool directive, go.mod:${line}`);
    const [warning] = only(r.findings, "GD026").filter((f) => f.severity === "warning");
    assert.match(warning.message, new RegExp(`would run ${path.join(gobin, "gopls")} \\(GOBIN; 0\\.19\\.1`));
  });
});
