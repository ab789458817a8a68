// Issue 14's offline case through the readiness machine: a module pins Delve
// with go.mod's `tool` directive, but the module cache lacks its modules. The
// real diagnosis must not stall on `go tool -n dlv` downloading; it reports the
// missing modules (GD042) and a held debug request waits while the real
// downloader (the editor's, run under plain Node) fetches them through the
// set-up's file:// proxy; then the pin resolves and the request gets the pinned dlv.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { runProcess, type RunProcess } from "../../../src/core/base/process";
import { systemClock } from "../../../src/core/base/clock";
import { Readiness, type DebugGateVerdict } from "../../../src/core/readiness/readiness";
import type { Report } from "../../../src/core/model/report";
import { downloadModules } from "../../../src/extension/moduleDownload";
import { goBinary, hermeticEnv, realGopls, removeDir, tempDir } from "../../support/fixtures";
import { DLV_PKG, pinnedModule, pinVars, toolLine } from "../../support/pinnedModule";
import { engineDiagnose } from "../../support/realEngine";
import { linkTool, quietHome } from "../../support/toolLayout";

/**
 * The module cache is new, so its path is too, and the build cache's compiled
 * Delve (keyed by source directory) does not apply: the download compiles Delve
 * again, 91 s measured on two busy cores.
 */
const BUILD_ALLOWANCE_MS = 300_000;

interface Run {
  verdict: DebugGateVerdict;
  /** Each report as it landed, with what the module cache held then. */
  reports: { report: Report; cached: string[] }[];
  /** The downloader's commands. */
  ran: { argv: string[]; cwd?: string; ms: number; exitCode: number | null }[];
  progress: string[];
  ms: number;
}

describe("a module pinning Delve whose modules are not in the module cache", () => {
  let root: string;
  let module: string;
  let modcache: string;
  let line: number;
  let env: Record<string, string>;

  before(() => {
    root = tempDir("gd-pinned-download-");
    const home = quietHome(path.join(root, "home"));
    // gopls for the language gate; no dlv anywhere but the pin.
    const gobin = path.join(root, "gobin");
    linkTool(realGopls, gobin, "gopls");
    module = path.join(root, "mod");
    line = toolLine(
      pinnedModule(module, "example.com/pinned", `${DLV_PKG}@v1.27.2`, hermeticEnv(home, pinVars())),
      DLV_PKG,
    );
    fs.writeFileSync(path.join(module, "main.go"), 'package main\n\nfunc main() { println("hi") }\n');
    modcache = path.join(root, "modcache");
    env = hermeticEnv(home, {
      ...pinVars(),
      GOMODCACHE: modcache,
      GOBIN: gobin,
      PATH: [gobin, path.dirname(goBinary), "/usr/bin", "/bin"].join(":"),
    });
  });
  after(() => removeDir(root));

  const cached = (): string[] => (fs.existsSync(modcache) ? fs.readdirSync(modcache).filter((f) => f !== "cache") : []);

  /** Activates a readiness machine over the real engine and downloader, and asks to debug at once. */
  async function debugRequest(): Promise<Run> {
    const reports: Run["reports"] = [];
    const ran: Run["ran"] = [];
    const run: RunProcess = async (argv, options) => {
      const r = await runProcess(argv, options);
      ran.push({ argv, cwd: options.cwd, ms: r.durationMs, exitCode: r.exitCode });
      return r;
    };
    const machine: Readiness = new Readiness({
      clock: systemClock,
      diagnose: engineDiagnose(module, () => env),
      languageServerSpec: () => null,
      startLanguageServer: async () => {},
      stopLanguageServer: async () => {},
      downloadModules: (req) => downloadModules(req, { folder: module, env, trusted: true, run }),
      debugWaitMs: BUILD_ALLOWANCE_MS,
    });
    machine.onDidChange((s) => {
      const r = s.report;
      if (r && !reports.some((x) => x.report === r)) reports.push({ report: r, cached: cached() });
    });
    const progress: string[] = [];
    const started = performance.now();
    try {
      machine.dispatch({ type: "activate" });
      const verdict = await machine.waitForDebug({ onProgress: (m) => progress.push(m) });
      return { verdict, reports, ran, progress, ms: performance.now() - started };
    } finally {
      await machine.dispose();
    }
  }

  /** The first report held the request on GD042 alone, pointing at the tool directive, and downloaded nothing. */
  function assertHeld(r: Run, cachedBefore: string[]): void {
    const [first] = r.reports;
    assert.ok(first, "a report landed");
    assert.deepEqual(first.cached, cachedBefore, "the diagnosis downloaded nothing");
    const total = first.report.timings.total ?? Infinity;
    assert.ok(total < 30_000, `the diagnosis did not wait on a download or a build: ${total} ms`);
    const pinned = first.report.findings.find((f) => f.code === "GD042" && f.message.startsWith("dlv is pinned by"));
    assert.ok(pinned, JSON.stringify(first.report.findings.map((f) => `${f.code}: ${f.message}`)));
    assert.deepEqual(pinned.location, { file: path.join(module, "go.mod"), line });
    assert.ok(pinned.details?.includes("github.com/go-delve/delve@v1.27.2"), JSON.stringify(pinned.details));
    assert.equal(first.report.gates.debug.open, false);
    assert.deepEqual(first.report.gates.debug.codes, ["GD042"], "nothing but the missing modules shuts the gate");
    assert.equal(
      first.report.checks.find((c) => c.id === "dlv")?.summary,
      `dlv pinned by go.mod tool directive, go.mod:${line}, whose modules are not in the module cache yet`,
    );
    assert.ok(
      r.progress.some((m) => /^downloading \d+ modules?$/.test(m)),
      `the request waited with progress: ${JSON.stringify(r.progress)}`,
    );
  }

  /** Then the pin resolved: the answer is the pinned build, Delve 1.27.2, and the gate is open. */
  function assertPinnedAnswer(r: Run): void {
    assert.ok(r.verdict.ok, JSON.stringify(r.verdict));
    const last = r.reports.at(-1)?.report;
    assert.ok(last && last !== r.reports[0]?.report, "a second diagnosis ran after the download");
    assert.equal(last.tools.dlv.reason, `go.mod tool directive, go.mod:${line}`);
    assert.equal(last.tools.dlv.version, "1.27.2");
    assert.equal(r.verdict.dlvPath, last.tools.dlv.path);
    assert.equal(last.gates.debug.open, true, JSON.stringify(last.gates.debug));
    assert.match(execFileSync(r.verdict.dlvPath, ["version"], { encoding: "utf8" }), /Version: 1\.27\.2/);
  }

  const described = (r: Run): string =>
    `${Math.round(r.ms)} ms from activation to the answer; ${r.ran
      .map((x) => `${x.argv.slice(1).join(" ")} ${Math.round(x.ms)} ms`)
      .join("; ")}`;

  it(
    "with an empty cache: holds the debug request on GD042, downloads and builds the pin, then answers with the pinned dlv",
    { timeout: BUILD_ALLOWANCE_MS + 60_000 },
    async (t) => {
      fs.mkdirSync(modcache, { recursive: true });
      const r = await debugRequest();
      assertHeld(r, []);
      assertPinnedAnswer(r);
      // The downloader ran the fixes of both GD042 findings, in the module: the pin's builds it too.
      const commands = r.ran.map((x) => [x.argv.slice(1).join(" "), x.cwd, x.exitCode]);
      assert.deepEqual(commands.sort(), [
        ["mod download", module, 0],
        ["tool -n dlv", module, 0],
      ]);
      assert.ok(cached().includes("github.com"), "the modules are in the cache now");
      t.diagnostic(described(r));
    },
  );

  it(
    "with only the go.mod files cached (as after loading the module graph): the pin's GD042 alone holds the request, and the download still runs",
    { timeout: BUILD_ALLOWANCE_MS + 60_000 },
    async (t) => {
      fs.rmSync(modcache, { recursive: true, force: true });
      // Loading the module graph fetches the go.mod files, but no module's source.
      execFileSync(goBinary, ["mod", "graph"], { cwd: module, env, stdio: "pipe" });
      assert.ok(!fs.existsSync(path.join(modcache, "github.com", "go-delve")), "no source was fetched");
      const graphOnly = cached();
      const r = await debugRequest();
      assertHeld(r, graphOnly);
      const modulesCheck = r.reports[0]?.report.checks.find((c) => c.id === "modules");
      assert.deepEqual(modulesCheck?.findings, [], "the folder's own build misses nothing");
      assertPinnedAnswer(r);
      assert.deepEqual(
        r.ran.map((x) => x.argv.slice(1).join(" ")),
        ["tool -n dlv"],
      );
      t.diagnostic(described(r));
    },
  );
});
