// The readiness machine driving the real engine: real go, dlv and gopls in a
// temporary HOME, the system clock. gopls "starts" are recorded (the language
// client is the extension's business); what is checked is when they happen.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../../../src/core/base/clock";
import { Readiness, type LanguageServerSpec, type ReadinessState } from "../../../src/core/readiness/readiness";
import { goplsSpec } from "../../../src/extension/serverOptions";
import { engineDiagnose } from "../../support/realEngine";
import { hermeticEnv, realDlv, realGopls, removeDir, tempDir, writeModule } from "../../support/fixtures";

function settled(
  machine: Readiness,
  accept: (s: ReadinessState) => boolean,
  timeoutMs: number,
): Promise<ReadinessState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`not settled within ${timeoutMs} ms: ${JSON.stringify(machine.state().overall)}`));
    }, timeoutMs);
    const check = (s: ReadinessState): void => {
      if (!accept(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    };
    const sub = machine.onDidChange(check);
    check(machine.state());
  });
}

void describe("readiness with the real engine", () => {
  let root: string;
  before(() => {
    root = tempDir("gd-readiness-real-");
  });
  after(() => removeDir(root));

  void it(
    "opens both gates, starts gopls once the language gate is open, answers a debug request with the real dlv, and restarts gopls once after an env change",
    { timeout: 120_000 },
    async () => {
      const home = path.join(root, "home");
      const gobin = path.join(home, "go", "bin");
      fs.mkdirSync(gobin, { recursive: true });
      for (const tool of [realDlv, realGopls]) fs.symlinkSync(tool, path.join(gobin, path.basename(tool)));
      const mod = writeModule(path.join(root, "mod"));
      let env: Record<string, string> = hermeticEnv(home, {
        GOBIN: gobin,
        GOPATH: path.join(home, "go"),
        GOCACHE: path.join(home, "cache"),
      });
      env.PATH = `${gobin}:${env.PATH}`;

      const starts: { spec: LanguageServerSpec; language: string }[] = [];
      let stops = 0;
      const machine: Readiness = new Readiness({
        clock: systemClock,
        diagnose: engineDiagnose(mod, () => env),
        languageServerSpec: (f) => {
          const p = f.gopls?.path ?? f.report?.tools.gopls.path;
          return p && f.loginEnv ? goplsSpec({ goplsPath: p, env: f.loginEnv.env }) : null;
        },
        startLanguageServer: async (spec) => {
          starts.push({ spec, language: machine.state().language.status });
        },
        stopLanguageServer: async () => {
          stops++;
        },
      });
      try {
        machine.dispatch({ type: "activate" });
        const ready = await settled(machine, (s) => s.overall !== "checking" && s.languageServer === "running", 90_000);
        assert.equal(ready.overall, "ready", JSON.stringify(ready.findings.map((f) => `${f.code}: ${f.message}`)));
        assert.equal(ready.versions.dlv, "1.27.2");
        assert.equal(starts.length, 1);
        assert.equal(starts[0]?.language, "open");
        assert.equal(starts[0]?.spec.command, path.join(gobin, "gopls"));
        assert.equal(starts[0]?.spec.env.PATH, env.PATH);

        const answer = await machine.waitForDebug();
        assert.ok(answer.ok, JSON.stringify(answer));
        assert.equal(answer.dlvPath, path.join(gobin, "dlv"));

        // The user's profile changes (a new PATH entry) and they re-check: one stop, one start, the new PATH.
        env = { ...env, PATH: `${path.join(home, "bin")}:${env.PATH}` };
        machine.dispatch({ type: "recheck", reason: "profile edited" });
        machine.dispatch({ type: "moduleFilesChanged", file: "go.mod" });
        await settled(
          machine,
          (s) => s.overall !== "checking" && s.generation >= 2 && s.languageServer === "running" && starts.length === 2,
          90_000,
        );
        await new Promise((r) => setTimeout(r, 1500));
        await settled(machine, (s) => s.overall !== "checking", 90_000);
        assert.equal(starts.length, 2, "gopls restarted exactly once");
        assert.equal(stops, 1);
        assert.equal(starts[1]?.spec.env.PATH, env.PATH);

        const timeline = machine.timelineSnapshot();
        const gateOpen = timeline.markers.find((m) => m.label === "language gate open");
        const goplsStarted = timeline.markers.find((m) => m.label === "gopls started");
        assert.ok(
          gateOpen && goplsStarted && gateOpen.atMs <= goplsStarted.atMs,
          "gopls started after the language gate opened",
        );
      } finally {
        await machine.dispose();
      }
      assert.equal(stops, 2, "dispose stops gopls");
    },
  );
});
