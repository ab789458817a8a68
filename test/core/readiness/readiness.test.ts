// The readiness machine under thousands of random event orders: random
// triggers, random probe durations, a world that changes underneath (tools
// installed or removed, the login environment edited, modules downloaded),
// debug requests at random moments. Time is a fake clock; the invariants are
// checked at every gopls start and stop and at the end of every run.

import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Clock } from "../../../src/core/base/clock";
import type { StageEvent } from "../../../src/core/diagnosis/diagnose";
import type { Finding } from "../../../src/core/model/findings";
import type { FaultCode } from "../../../src/core/model/faults";
import {
  Readiness,
  type DebugGateVerdict,
  type DiagnoseRequest,
  type LanguageServerSpec,
  type ReadinessInput,
} from "../../../src/core/readiness/readiness";
import type { Report, ReportCheck, ReportFinding } from "../../../src/core/model/report";
import type { GoInfo, LoginEnv, ToolInfo } from "../../../src/core/model/facts";

class FakeClock implements Clock {
  private t = 0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; seq: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), seq: id, fn });
    return { cancel: () => this.timers.delete(id) };
  }
  /** Runs every timer due up to `until`, letting promise chains settle between them. */
  async run(until: number): Promise<void> {
    for (;;) {
      await flush();
      let next: { id: number; at: number; seq: number; fn: () => void } | undefined;
      for (const [id, x] of this.timers)
        if (!next || x.at < next.at || (x.at === next.at && x.seq < next.seq)) next = { id, ...x };
      if (!next || next.at > until) break;
      this.timers.delete(next.id);
      this.t = next.at;
      next.fn();
    }
    this.t = Math.max(this.t, until);
    await flush();
  }
  pending(): number {
    return this.timers.size;
  }
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Small deterministic PRNG, so that a failing run replays from its seed. */
function prng(seed: number): (max: number) => number {
  let a = seed >>> 0;
  return (max) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

interface World {
  goPresent: boolean;
  dlvPresent: boolean;
  goplsPresent: boolean;
  missingModules: number;
  envEpoch: number;
  wantGopls: boolean;
}

function tool(name: ToolInfo["name"], present: boolean, version: string): ToolInfo {
  return {
    name,
    path: present ? `/bin/${name}` : null,
    version: present ? version : null,
    builtWith: null,
    reason: "test",
    candidates: [],
  };
}

function check(id: string, findings: Finding[], startMs: number, durationMs: number): ReportCheck {
  const status = findings.some((f) => f.severity === "error") ? "error" : "ok";
  return {
    id,
    title: id,
    status,
    summary: id,
    startMs,
    durationMs,
    findings: findings.map((f) => ({ ...f, check: id })),
    evidence: [],
  };
}

const err = (code: FaultCode): Finding => ({ code, severity: "error", message: `${code} happened` });

/** A stand-in for the engine: real stage order, random durations, the world read at each stage. */
function fakeDiagnose(clock: FakeClock, world: World, rand: (n: number) => number, log: string[]) {
  return (req: DiagnoseRequest): Promise<Report> =>
    new Promise<Report>((resolve, reject) => {
      const t0 = clock.now();
      const checks: ReportCheck[] = [];
      // After an abort the engine may go on emitting for a while, or give up: both happen.
      const rejectOnAbort = rand(2) === 0;
      const step = (ms: number, fn: () => void): Promise<void> =>
        new Promise((done) => {
          clock.setTimeout(() => {
            if (req.signal.aborted && rejectOnAbort) {
              reject(new Error("aborted"));
              return;
            }
            fn();
            done();
          }, ms);
        });
      const emit = (e: StageEvent): void => req.onStage(e);
      const addCheck = (c: ReportCheck): void => {
        checks.push(c);
        emit({ stage: "check", check: c });
      };
      let loginEnv: LoginEnv = { source: "process", env: {}, durationMs: 0, findings: [], evidence: [], drift: {} };
      let go: GoInfo = { tool: tool("go", false, ""), goEnv: null, activeVersion: null, localVersion: null };
      let dlv = tool("dlv", false, "");
      let gopls = tool("gopls", false, "");
      let missing: string[] = [];
      void (async () => {
        await step(req.loginEnv ? 0 : rand(400), () => {
          loginEnv = req.loginEnv ?? {
            source: "login-shell",
            env: { PATH: `/epoch${world.envEpoch}/bin`, EPOCH: String(world.envEpoch) },
            durationMs: 1,
            findings: [],
            evidence: [],
            drift: {},
          };
          addCheck(check("shell", [], 0, clock.now() - t0));
          emit({ stage: "shell", loginEnv });
        });
        await step(rand(200), () => {
          go = {
            tool: tool("go", world.goPresent, "1.26.8"),
            goEnv: world.goPresent ? { GOBIN: "/gobin", GOPATH: "/gopath", GOVERSION: "go1.26.8" } : null,
            activeVersion: world.goPresent ? "1.26.8" : null,
            localVersion: world.goPresent ? "1.26.8" : null,
          };
          addCheck(check("go", world.goPresent ? [] : [err("GD010")], 0, clock.now() - t0));
          emit({ stage: "go", go });
        });
        await Promise.all([
          step(rand(300), () => {
            dlv = tool("dlv", world.goPresent && world.dlvPresent, "1.27.2");
            emit({ stage: "dlv", tool: dlv });
            addCheck(check("dlv", dlv.path ? [] : [err("GD020")], 0, clock.now() - t0));
          }),
          step(rand(300), () => {
            gopls = tool("gopls", world.goPresent && world.goplsPresent, "0.23.0");
            emit({ stage: "gopls", tool: gopls });
            addCheck(check("gopls", gopls.path ? [] : [err("GD030")], 0, clock.now() - t0));
          }),
          step(rand(300), () => {
            missing = world.goPresent
              ? Array.from({ length: world.missingModules }, (_, i) => `example.com/m${i}`)
              : [];
            emit({ stage: "modules", missingModules: missing });
            addCheck(check("modules", missing.length ? [err("GD042")] : [], 0, clock.now() - t0));
          }),
        ]);
        await step(rand(50), () => addCheck(check("compat", [], 0, clock.now() - t0)));
        const findings: ReportFinding[] = checks.flatMap((c) => c.findings);
        const codes = (set: string[]): string[] => [
          ...new Set(findings.filter((f) => set.includes(f.code)).map((f) => f.code)),
        ];
        const lang = codes(["GD010", "GD030"]);
        const dbg = codes(["GD010", "GD020", "GD042"]);
        log.push(`report #${req.generation} epoch=${loginEnv.env.EPOCH}`);
        resolve({
          schemaVersion: 1,
          goDoctorVersion: "test",
          generatedAt: new Date(0).toISOString(),
          folder: "/ws",
          sample: false,
          env: { source: "login-shell", shell: "/bin/sh", durationMs: 1, drift: {} },
          tools: {
            go: { ...go.tool, candidates: [] },
            dlv: { ...dlv, candidates: [] },
            gopls: { ...gopls, candidates: [] },
          },
          go: { activeVersion: go.activeVersion, localVersion: go.localVersion, env: go.goEnv },
          checks,
          findings,
          gates: {
            language: {
              open: lang.length === 0 && gopls.path !== null,
              reason: lang.length ? `blocked by ${lang.join(", ")}` : "gopls verified",
              codes: lang,
            },
            debug: {
              open: dbg.length === 0 && dlv.path !== null,
              reason: dbg.length ? `blocked by ${dbg.join(", ")}` : "dlv ok",
              codes: dbg,
            },
          },
          timings: {},
          summary: { errors: findings.length, warnings: 0, infos: 0 },
        });
      })();
    });
}

interface Harness {
  clock: FakeClock;
  world: World;
  machine: Readiness;
  starts: { at: number; spec: LanguageServerSpec }[];
  stops: number[];
  running: () => LanguageServerSpec | null;
  violations: string[];
}

function harness(seed: number, initial: World, opts: { failStarts?: boolean } = {}): Harness {
  const world = { ...initial };
  const clock = new FakeClock();
  const rand = prng(seed);
  const log: string[] = [];
  const violations: string[] = [];
  const starts: Harness["starts"] = [];
  const stops: number[] = [];
  let running: LanguageServerSpec | null = null;
  let busy = false;
  const wait = (ms: number): Promise<void> => new Promise((r) => clock.setTimeout(r, ms));
  const machine: Readiness = new Readiness({
    clock,
    debounceMs: 100,
    debugWaitMs: 5_000,
    diagnose: fakeDiagnose(clock, world, rand, log),
    languageServerSpec: (f) => {
      if (!world.wantGopls || !f.gopls?.path || !f.loginEnv) return null;
      return {
        command: f.gopls.path,
        args: [],
        env: Object.fromEntries(
          Object.entries(f.loginEnv.env).filter((e): e is [string, string] => e[1] !== undefined),
        ),
      };
    },
    startLanguageServer: async (spec) => {
      if (busy) violations.push(`start at ${clock.now()} while a start or stop is in progress`);
      if (running) violations.push(`start at ${clock.now()} while gopls is running`);
      const gate = machine.state().language;
      if (gate.status !== "open") violations.push(`start at ${clock.now()} with the language gate ${gate.status}`);
      busy = true;
      await wait(rand(200));
      busy = false;
      if (opts.failStarts && rand(4) === 0) throw new Error("gopls crashed at start");
      running = spec;
      starts.push({ at: clock.now(), spec });
    },
    stopLanguageServer: async () => {
      if (busy) violations.push(`stop at ${clock.now()} while a start or stop is in progress`);
      busy = true;
      await wait(rand(200));
      busy = false;
      running = null;
      stops.push(clock.now());
    },
    downloadModules: async () => {
      await wait(rand(500));
      if (rand(3) === 0) return { ok: false, message: "go mod download: proxy refused" };
      world.missingModules = 0;
      return { ok: true, message: "downloaded" };
    },
  });
  return { clock, world, machine, starts, stops, running: () => running, violations };
}

/** Disposes the machine while the fake clock lets its last gopls stop finish. */
async function shutdown(h: Harness): Promise<void> {
  const done = h.machine.dispose();
  await h.clock.run(h.clock.now() + 10_000);
  await done;
}

type Action =
  | { at: number; kind: "input"; input: ReadinessInput }
  | { at: number; kind: "debug"; enforce: boolean; cancelAfter: number | null }
  | {
      at: number;
      kind: "world";
      change:
        | "installDlv"
        | "removeDlv"
        | "installGopls"
        | "removeGopls"
        | "installGo"
        | "removeGo"
        | "addModules"
        | "editProfile"
        | "toggleWant";
    };

const inputArb: fc.Arbitrary<ReadinessInput> = fc.oneof(
  fc.constant<ReadinessInput>({ type: "recheck" }),
  fc.constant<ReadinessInput>({ type: "fixApplied", title: "go install dlv" }),
  fc.constant<ReadinessInput>({ type: "settingsChanged", keys: ["go.alternateTools"] }),
  fc.constant<ReadinessInput>({ type: "settingsChanged", keys: ["goDoctor.shell.enabled"], affectsShell: true }),
  fc.constant<ReadinessInput>({ type: "foldersChanged" }),
  fc.constant<ReadinessInput>({ type: "binChanged", file: "/gobin/dlv" }),
  fc.constant<ReadinessInput>({ type: "moduleFilesChanged", file: "go.mod" }),
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ at: fc.nat(3000), kind: fc.constant("input" as const), input: inputArb }),
  fc.record({
    at: fc.nat(3000),
    kind: fc.constant("debug" as const),
    enforce: fc.boolean(),
    cancelAfter: fc.option(fc.nat(2000)),
  }),
  fc.record({
    at: fc.nat(3000),
    kind: fc.constant("world" as const),
    change: fc.constantFrom<Extract<Action, { kind: "world" }>["change"]>(
      "installDlv",
      "removeDlv",
      "installGopls",
      "removeGopls",
      "installGo",
      "removeGo",
      "addModules",
      "editProfile",
      "toggleWant",
    ),
  }),
);

const worldArb: fc.Arbitrary<World> = fc.record({
  goPresent: fc.boolean(),
  dlvPresent: fc.boolean(),
  goplsPresent: fc.boolean(),
  missingModules: fc.nat(3),
  envEpoch: fc.constant(0),
  wantGopls: fc.boolean(),
});

function applyWorld(w: World, change: Extract<Action, { kind: "world" }>["change"]): void {
  switch (change) {
    case "installDlv":
      w.dlvPresent = true;
      break;
    case "removeDlv":
      w.dlvPresent = false;
      break;
    case "installGopls":
      w.goplsPresent = true;
      break;
    case "removeGopls":
      w.goplsPresent = false;
      break;
    case "installGo":
      w.goPresent = true;
      break;
    case "removeGo":
      w.goPresent = false;
      break;
    case "addModules":
      w.missingModules += 2;
      break;
    case "editProfile":
      w.envEpoch++;
      break;
    case "toggleWant":
      w.wantGopls = !w.wantGopls;
      break;
  }
}

interface DebugOutcome {
  requestedAt: number;
  resolvedAt?: number;
  result?: DebugGateVerdict;
  gateAtResolve?: string;
}

/** Schedules the actions on the fake clock; returns the debug requests' outcomes. */
function schedule(h: Harness, actions: Action[]): DebugOutcome[] {
  const outcomes: DebugOutcome[] = [];
  h.machine.dispatch({ type: "activate" });
  for (const a of actions) {
    h.clock.setTimeout(() => {
      if (a.kind === "input") h.machine.dispatch(a.input);
      else if (a.kind === "world") {
        applyWorld(h.world, a.change);
        // Changing what Go Doctor should run is a settings change, and VS Code says so.
        if (a.change === "toggleWant")
          h.machine.dispatch({ type: "settingsChanged", keys: ["goDoctor.languageServer"] });
      } else {
        const o: DebugOutcome = { requestedAt: h.clock.now() };
        outcomes.push(o);
        const abort = new AbortController();
        if (a.cancelAfter !== null) h.clock.setTimeout(() => abort.abort(), a.cancelAfter);
        void h.machine.waitForDebug({ enforce: a.enforce, signal: abort.signal }).then((r) => {
          o.resolvedAt = h.clock.now();
          o.result = r;
          o.gateAtResolve = h.machine.state().debug.status;
        });
      }
    }, a.at);
  }
  return outcomes;
}

void test("over random event orders: gopls starts only behind an open gate, one at a time; dlv only behind an open debug gate; every debug request resolves in bounded time; no deadlock", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer(),
      worldArb,
      fc.array(actionArb, { maxLength: 25 }),
      fc.boolean(),
      async (seed, world, actions, failStarts) => {
        const h = harness(seed, world, { failStarts });
        const outcomes = schedule(h, actions);
        await h.clock.run(600_000);
        assert.deepEqual(h.violations, []);
        assert.equal(h.clock.pending(), 0, "timers left after ten virtual minutes");
        for (const o of outcomes) {
          assert.ok(o.result, `debug request at ${o.requestedAt} never resolved`);
          assert.ok(o.resolvedAt! - o.requestedAt <= 5_000, `debug request took ${o.resolvedAt! - o.requestedAt} ms`);
          if (!o.result.ok) assert.match(o.result.code, /^(GD\d{3}|cancelled)$/);
        }
        const s = h.machine.state();
        assert.notEqual(s.overall, "checking", "the machine never settled");
        // At rest gopls runs exactly when the gate is open and Go Doctor wants one, with the newest environment.
        const running = h.running();
        if (s.language.status === "open" && h.world.wantGopls && s.languageServer !== "failed") {
          assert.ok(running, `gopls should run (state ${s.languageServer})`);
          assert.equal(running.env.EPOCH, h.machine.currentFacts().loginEnv?.env.EPOCH);
        } else if (s.languageServer !== "failed") {
          assert.equal(running, null, `gopls should not run (gate ${s.language.status}, wanted ${h.world.wantGopls})`);
        }
        await shutdown(h);
        assert.equal(h.running(), null, "dispose stops gopls");
      },
    ),
    { numRuns: 1500, includeErrorInReport: true },
  );
});

void test("enforced debug requests are answered ok only while the debug gate is open", async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer(), worldArb, fc.array(actionArb, { maxLength: 20 }), async (seed, world, actions) => {
      const h = harness(seed, world);
      const enforced = actions.map((a): Action => (a.kind === "debug" ? { ...a, enforce: true } : a));
      const outcomes = schedule(h, enforced);
      await h.clock.run(600_000);
      for (const o of outcomes) {
        assert.ok(o.result);
        if (o.result.ok) assert.equal(o.gateAtResolve, "open");
      }
      await shutdown(h);
    }),
    { numRuns: 1000, includeErrorInReport: true },
  );
});

void test("after a change of the login environment gopls is stopped once and started once, whatever else happens meanwhile", async () => {
  const noise: fc.Arbitrary<Action> = fc.oneof(
    fc.record({
      at: fc.nat(2000),
      kind: fc.constant("input" as const),
      input: fc.constantFrom<ReadinessInput>(
        { type: "recheck" },
        { type: "foldersChanged" },
        { type: "binChanged", file: "/gobin/x" },
        { type: "moduleFilesChanged", file: "go.sum" },
        { type: "settingsChanged", keys: ["go.toolsGopath"] },
      ),
    }),
    fc.record({
      at: fc.nat(2000),
      kind: fc.constant("debug" as const),
      enforce: fc.boolean(),
      cancelAfter: fc.option(fc.nat(1000)),
    }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.integer(),
      fc.array(noise, { maxLength: 12 }),
      fc.nat(2000),
      async (seed, actions, changeAt) => {
        const h = harness(seed, {
          goPresent: true,
          dlvPresent: true,
          goplsPresent: true,
          missingModules: 0,
          envEpoch: 0,
          wantGopls: true,
        });
        h.machine.dispatch({ type: "activate" });
        await h.clock.run(10_000);
        assert.equal(h.starts.length, 1);
        assert.equal(h.running()?.env.EPOCH, "0");
        const base = h.clock.now();
        // The user edits their profile and re-checks (a re-check recaptures the login shell).
        h.clock.setTimeout(() => {
          h.world.envEpoch = 1;
          h.machine.dispatch({ type: "recheck", reason: "profile edited" });
        }, changeAt);
        for (const a of actions) {
          h.clock.setTimeout(() => {
            if (a.kind === "input") h.machine.dispatch(a.input);
            else if (a.kind === "debug") void h.machine.waitForDebug({ enforce: a.enforce });
          }, a.at);
        }
        await h.clock.run(base + 600_000);
        assert.deepEqual(h.violations, []);
        assert.equal(h.starts.length, 2, `starts: ${h.starts.map((s) => `${s.at}:${s.spec.env.EPOCH}`).join(" ")}`);
        assert.equal(h.stops.length, 1);
        assert.ok((h.stops[0] ?? Infinity) <= (h.starts[1]?.at ?? -1), "the stop finished before the new start");
        assert.equal(h.running()?.env.EPOCH, "1");
        await shutdown(h);
      },
    ),
    { numRuns: 800, includeErrorInReport: true },
  );
});

void test("a fix restarts gopls exactly once even when the environment is unchanged", async () => {
  const h = harness(7, {
    goPresent: true,
    dlvPresent: true,
    goplsPresent: true,
    missingModules: 0,
    envEpoch: 0,
    wantGopls: true,
  });
  h.machine.dispatch({ type: "activate" });
  await h.clock.run(10_000);
  h.machine.dispatch({ type: "fixApplied", title: "set go.alternateTools" });
  h.machine.dispatch({ type: "moduleFilesChanged", file: "go.mod" });
  await h.clock.run(60_000);
  assert.equal(h.starts.length, 2);
  assert.equal(h.stops.length, 1);
  await shutdown(h);
});

void test("a debug request held by missing modules downloads them, then proceeds", async () => {
  for (let seed = 1; seed < 40; seed++) {
    const h = harness(seed, {
      goPresent: true,
      dlvPresent: true,
      goplsPresent: true,
      missingModules: 12,
      envEpoch: 0,
      wantGopls: false,
    });
    h.machine.dispatch({ type: "activate" });
    const progress: string[] = [];
    const result = h.machine.waitForDebug({ onProgress: (p) => progress.push(p) });
    await h.clock.run(60_000);
    const r = await result;
    if (r.ok) {
      assert.equal(r.dlvPath, "/bin/dlv");
      assert.ok(progress.includes("downloading 12 modules"), progress.join(" | "));
    } else {
      // The fake proxy refuses one time in three: then the request fails with GD042 and the proxy's words.
      assert.equal(r.code, "GD042");
      assert.match(r.message, /proxy refused/);
    }
    const t = h.machine.timelineSnapshot();
    assert.ok(t.spans.some((s) => s.label.startsWith("go mod download")));
    await shutdown(h);
  }
});

void test("a debug request fails with the blocking fault code when dlv is missing, and within the wait limit when checks hang", async () => {
  const h = harness(3, {
    goPresent: true,
    dlvPresent: false,
    goplsPresent: true,
    missingModules: 0,
    envEpoch: 0,
    wantGopls: false,
  });
  h.machine.dispatch({ type: "activate" });
  const r = h.machine.waitForDebug();
  await h.clock.run(60_000);
  const res = await r;
  assert.equal(res.ok, false);
  if (!res.ok) {
    assert.equal(res.code, "GD020");
    assert.match(res.message, /GD020/);
  }
  await shutdown(h);

  const clock = new FakeClock();
  const hung = new Readiness({
    clock,
    debugWaitMs: 2_000,
    diagnose: () => new Promise<Report>(() => undefined),
    languageServerSpec: () => null,
    startLanguageServer: async () => undefined,
    stopLanguageServer: async () => undefined,
  });
  hung.dispatch({ type: "activate" });
  const waited = hung.waitForDebug();
  await clock.run(1_999);
  let settled = false;
  void waited.then(() => (settled = true));
  await flush();
  assert.equal(settled, false);
  await clock.run(2_000);
  const w = await waited;
  assert.equal(w.ok, false);
  if (!w.ok) {
    assert.equal(w.code, "GD099");
    assert.match(w.message, /capturing the login shell environment/);
  }
  const d = hung.dispose();
  await clock.run(clock.now() + 1000);
  await d;
});

void test("the timeline records triggers, checks as bars, gate transitions as markers, and drops a superseded generation's results", async () => {
  const h = harness(11, {
    goPresent: true,
    dlvPresent: true,
    goplsPresent: true,
    missingModules: 0,
    envEpoch: 0,
    wantGopls: true,
  });
  h.machine.dispatch({ type: "activate" });
  await h.clock.run(50);
  h.machine.dispatch({ type: "recheck" });
  await h.clock.run(20_000);
  const t = h.machine.timelineSnapshot();
  assert.ok(t.events.some((e) => e.kind === "trigger" && e.label === "activation"));
  assert.ok(t.events.some((e) => e.kind === "generation" && e.generation === 2));
  assert.ok(t.markers.some((m) => m.label === "language gate open"));
  assert.ok(t.markers.some((m) => m.label === "debug gate open"));
  assert.ok(t.spans.some((s) => s.label === "gopls" && s.status === "ok"));
  assert.ok(t.spans.some((s) => s.label === "gopls start"));
  for (const s of t.spans) assert.ok(s.endMs >= s.startMs);
  const times = t.events.map((e) => e.atMs);
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
  );
  assert.equal(h.machine.state().generation, 2);
  const second = t.events.findIndex((e) => e.kind === "generation" && e.generation === 2);
  for (const e of t.events.slice(second))
    if (e.generation === 1) assert.equal(e.kind, "dropped", `${e.kind}: ${e.label}`);
  assert.equal(h.starts.length, 1, "the superseded first diagnosis never started gopls on its own");
  await shutdown(h);
});
