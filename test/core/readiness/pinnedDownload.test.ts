// Issue 14's offline case through the readiness machine: a module pins Delve
// with go.mod's `tool` directive, but the module cache is empty. The real
// diagnosis must not stall on `go tool -n dlv` downloading; it reports the
// missing modules (GD042) and a held debug request waits while the real
// downloader (the editor's, run under plain Node) fetches them through a
// file:// proxy; then the pin resolves and the request gets the pinned dlv.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { runProcess, type RunProcess } from "../../../src/core/base/process";
import { systemClock } from "../../../src/core/base/clock";
import { diagnose } from "../../../src/core/diagnosis/diagnose";
import { Readiness, type ReadinessState } from "../../../src/core/readiness/readiness";
import type { Report } from "../../../src/core/model/report";
import { downloadModules } from "../../../src/extension/moduleDownload";
import { goBinary, hermeticEnv, realGopls, removeDir, tempDir } from "../../support/fixtures";
import { DLV_PKG, pinnedModule, pinVars, toolLine } from "../../support/pinnedModule";
import { linkTool, quietHome } from "../../support/toolLayout";

/** Building the pinned dlv from a module cache at a new path compiles Delve again: over a minute on two loaded cores. */
const BUILD_ALLOWANCE_MS = 240_000;

describe(
  "a module pinning Delve whose modules are not in the module cache",
  { timeout: BUILD_ALLOWANCE_MS + 60_000 },
  () => {
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
      modcache = path.join(root, "empty-modcache");
      fs.mkdirSync(modcache);
      env = hermeticEnv(home, {
        ...pinVars(),
        GOMODCACHE: modcache,
        GOBIN: gobin,
        PATH: [gobin, path.dirname(goBinary), "/usr/bin", "/bin"].join(":"),
      });
    });
    after(() => removeDir(root));

    it("holds the debug request on GD042, downloads the modules, then resolves the pin and answers with the pinned dlv", async () => {
      const reports: { report: Report; modcache: string[]; debug: ReadinessState["debug"] }[] = [];
      const ran: { argv: string[]; cwd?: string; ms: number; exitCode: number | null }[] = [];
      const run: RunProcess = async (argv, options) => {
        const r = await runProcess(argv, options);
        ran.push({ argv, cwd: options.cwd, ms: r.durationMs, exitCode: r.exitCode });
        return r;
      };
      const cached = (): string[] => fs.readdirSync(modcache).filter((f) => f !== "cache");
      const machine: Readiness = new Readiness({
        clock: systemClock,
        diagnose: (req) =>
          diagnose({
            folder: module,
            processEnv: env,
            settings: {},
            shell: { enabled: false, timeoutMs: 1000 },
            signal: req.signal,
            loginEnv: req.loginEnv,
            onStage: req.onStage,
          }),
        languageServerSpec: () => null,
        startLanguageServer: async () => {},
        stopLanguageServer: async () => {},
        downloadModules: (req) => downloadModules(req, { folder: module, env, trusted: true, run }),
        debugWaitMs: BUILD_ALLOWANCE_MS,
      });
      machine.onDidChange((s) => {
        const r = s.report;
        if (r && !reports.some((x) => x.report === r)) reports.push({ report: r, modcache: cached(), debug: s.debug });
      });
      const progress: string[] = [];
      const started = performance.now();
      try {
        machine.dispatch({ type: "activate" });
        const verdict = await machine.waitForDebug({ onProgress: (m) => progress.push(m) });
        const waitedMs = performance.now() - started;

        // The first diagnosis answered from the empty cache, at once, and shut the gate with GD042 alone.
        const [first] = reports;
        assert.ok(first, "a report landed");
        assert.deepEqual(first.modcache, [], "the diagnosis downloaded nothing");
        assert.ok(
          (first.report.timings.total ?? Infinity) < 30_000,
          `the diagnosis did not wait on a download: ${first.report.timings.total ?? "?"} ms`,
        );
        const missing = first.report.findings.filter((f) => f.code === "GD042");
        const pinned = missing.find((f) => f.message.startsWith("dlv is pinned by"));
        assert.ok(pinned, JSON.stringify(first.report.findings.map((f) => `${f.code}: ${f.message}`)));
        assert.deepEqual(pinned.location, { file: path.join(module, "go.mod"), line });
        assert.equal(first.report.gates.debug.open, false);
        assert.deepEqual(first.report.gates.debug.codes, ["GD042"], "nothing but the missing modules shuts the gate");
        assert.ok(
          progress.some((m) => /^downloading \d+ modules?$/.test(m)),
          `the request waited with progress: ${JSON.stringify(progress)}`,
        );

        // The download ran in the module, through the proxy, and filled the cache.
        const download = ran.find((r) => r.argv[0] === goBinary && r.argv[1] !== "env" && r.cwd === module);
        assert.ok(download, JSON.stringify(ran.map((r) => r.argv.join(" "))));
        assert.equal(download.exitCode, 0);
        assert.ok(cached().includes("github.com"), "the modules are in the cache now");

        // Then the pin resolved: the answer is the pinned build, and it is Delve 1.27.2.
        assert.ok(verdict.ok, JSON.stringify(verdict));
        const last = reports.at(-1)!;
        assert.equal(last.report.tools.dlv.reason, `go.mod tool directive, go.mod:${line}`);
        assert.equal(last.report.tools.dlv.version, "1.27.2");
        assert.equal(verdict.dlvPath, last.report.tools.dlv.path);
        assert.equal(last.report.gates.debug.open, true, JSON.stringify(last.report.gates.debug));
        assert.match(execFileSync(verdict.dlvPath, ["version"], { encoding: "utf8" }), /Version: 1\.27\.2/);
        console.log(
          `pinned dlv after the download: ${Math.round(waitedMs)} ms in all; ${ran
            .map((r) => `${r.argv.slice(1).join(" ")} ${Math.round(r.ms)} ms`)
            .join("; ")}`,
        );
      } finally {
        await machine.dispose();
      }
    });
  },
);
