// The readiness machine: one owner for the order of start-up. Triggers
// (activation, settings, folders, new binaries, go.mod changes, re-checks,
// fixes) start a diagnosis generation; its stages open or shut the language
// and debug gates; gopls is started, stopped and restarted only from here,
// one step at a time; debug requests wait here, always for a bounded time.
// Results of a superseded generation are dropped, never applied.

import * as path from "node:path";
import type { StageEvent } from "../diagnosis/diagnose";
import {
  debugGate,
  emptyFacts,
  languageGate,
  missingModulesOf,
  onlyModulesMissing,
  overallOf,
  type Facts,
  type Overall,
} from "./gates";
import type { GateVerdict } from "../model/gates";
import { LanguageServerSupervisor, type LanguageServerWish } from "./serverSupervisor";
import { TimelineRecorder, type ReadinessTimeline } from "./timeline";
import type { DebugGateVerdict, DebugWaitOptions, ReadinessDeps, ReadinessInput, ReadinessState } from "./contract";
import type { Report } from "../model/report";
import type { LoginEnv } from "../model/facts";

export type { Facts, Overall } from "./gates";
export type { GateVerdict } from "../model/gates";
export type { LanguageServerSpec, LanguageServerStatus } from "./serverSupervisor";
export type { ReadinessTimeline, TransitionEvent } from "./timeline";
export type {
  DebugGateVerdict,
  DebugWaitOptions,
  DiagnoseRequest,
  DownloadRequest,
  ReadinessDeps,
  ReadinessInput,
  ReadinessState,
} from "./contract";
import { errorMessage } from "../base/errors";

interface Trigger {
  captureShell: boolean;
  restartLanguageServer: boolean;
  reasons: string[];
}

interface Waiter {
  enforce: boolean;
  resolve: (r: DebugGateVerdict) => void;
  onProgress?: (waitingFor: string) => void;
  lastProgress?: string;
}

const DEFAULT_DEBOUNCE = 300;
const DEFAULT_DEBUG_WAIT = 120_000;

export class Readiness {
  private generation = 0;
  private facts: Facts = emptyFacts();
  private lastReport: Report | null = null;
  private lastLoginEnv: LoginEnv | undefined;
  /** A capture was asked for and has not landed yet: a superseding generation must not reuse the old one. */
  private captureOwed = false;
  private abort: AbortController | undefined;
  private pendingTrigger: Trigger | undefined;
  private debounceTimer: { cancel(): void } | undefined;
  private readonly waiters = new Set<Waiter>();
  private downloading: { count: number; abort: AbortController } | undefined;
  private downloadAttempts = 0;
  private downloadFailure: string | undefined;
  private readonly server: LanguageServerSupervisor;
  private disposed = false;
  private readonly listeners = new Set<(s: ReadinessState) => void>();
  private readonly timeline: TimelineRecorder;
  private last: { language: string; debug: string; overall: Overall } | undefined;
  private generationStartMs = 0;

  constructor(private readonly deps: ReadinessDeps) {
    this.timeline = new TimelineRecorder(deps.clock);
    this.server = new LanguageServerSupervisor({
      start: (spec) => deps.startLanguageServer(spec),
      stop: () => deps.stopLanguageServer(),
      wish: () => this.languageServerWish(),
      generation: () => this.generation,
      timeline: this.timeline,
      onStatus: () => this.emit(),
    });
  }

  dispatch(input: ReadinessInput): void {
    if (this.disposed) return;
    switch (input.type) {
      case "activate":
        this.trigger({ captureShell: true, restartLanguageServer: false, reasons: ["activation"] }, true);
        return;
      case "recheck":
        this.downloadAttempts = 0;
        this.server.forgetFailure();
        this.trigger(
          { captureShell: true, restartLanguageServer: false, reasons: [input.reason ?? "re-check requested"] },
          true,
        );
        return;
      case "fixApplied":
        this.downloadAttempts = 0;
        this.server.forgetFailure();
        this.trigger(
          { captureShell: false, restartLanguageServer: true, reasons: [`fix applied: ${input.title}`] },
          true,
        );
        return;
      case "settingsChanged":
        this.trigger(
          {
            captureShell: input.affectsShell ?? false,
            restartLanguageServer: false,
            reasons: [`settings changed: ${input.keys.join(", ")}`],
          },
          false,
        );
        return;
      case "foldersChanged":
        this.trigger(
          { captureShell: false, restartLanguageServer: false, reasons: ["workspace folders changed"] },
          false,
        );
        return;
      case "binChanged":
        this.trigger({ captureShell: false, restartLanguageServer: false, reasons: [`new file ${input.file}`] }, false);
        return;
      case "moduleFilesChanged":
        this.trigger({ captureShell: false, restartLanguageServer: false, reasons: [`${input.file} changed`] }, false);
        return;
    }
  }

  /** Waits for the debug gate; always resolves, within debugWaitMs at most. */
  waitForDebug(opts: DebugWaitOptions = {}): Promise<DebugGateVerdict> {
    return new Promise((resolve) => {
      const endSpan = this.timeline.span("debug request");
      this.timeline.event(this.generation, "debug", "debug request received");
      const waitMs = this.deps.debugWaitMs ?? DEFAULT_DEBUG_WAIT;
      const timer: { handle?: { cancel(): void } } = {};
      const onAbort = (): void =>
        settle({ ok: false, code: "cancelled", message: "The debug request was cancelled.", cancelled: true });
      const settle = (r: DebugGateVerdict): void => {
        if (!this.waiters.delete(waiter)) return;
        timer.handle?.cancel();
        opts.signal?.removeEventListener("abort", onAbort);
        endSpan(r.ok ? "ok" : r.cancelled ? "info" : "error", r.ok ? `dlv ${r.dlvPath}` : `${r.code}: ${r.message}`);
        this.timeline.event(
          this.generation,
          "debug",
          r.ok ? "debug request may start dlv" : `debug request refused (${r.code})`,
          r.ok ? undefined : r.message,
        );
        resolve(r);
      };
      const waiter: Waiter = { enforce: opts.enforce ?? true, resolve: settle, onProgress: opts.onProgress };
      this.waiters.add(waiter);
      if (this.disposed) return settle({ ok: false, code: "GD099", message: "Go Doctor is shutting down." });
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      timer.handle = this.deps.clock.setTimeout(() => {
        const waitingFor = debugGate(this.facts, this.downloading?.count).reason;
        settle({
          ok: false,
          code: "GD099",
          message: `The environment check did not finish within ${Math.round(waitMs / 1000)} s (still ${waitingFor}). Run "Go Doctor: Show Report" to see which step hangs.`,
        });
      }, waitMs);
      this.update();
    });
  }

  state(): ReadinessState {
    const report = this.facts.report ?? this.lastReport;
    const language = languageGate(this.facts);
    const debug = this.effectiveDebugGate();
    const go = this.facts.go ?? undefined;
    const slowest =
      report?.checks.reduce<{ title: string; ms: number } | null>(
        (m, c) => (!m || c.durationMs > m.ms ? { title: c.title, ms: c.durationMs } : m),
        null,
      ) ?? null;
    const goEnv = go?.goEnv ?? report?.go.env ?? null;
    const binDirs = goEnv
      ? [
          ...new Set(
            [
              goEnv.GOBIN,
              ...(goEnv.GOPATH ?? "")
                .split(path.delimiter)
                .filter(Boolean)
                .map((p) => path.join(p, "bin")),
            ].filter((d): d is string => !!d),
          ),
        ]
      : [];
    return {
      generation: this.generation,
      overall: this.overall(language, debug),
      language,
      debug,
      report,
      findings: report?.findings ?? [],
      versions: {
        go: go?.activeVersion ?? go?.localVersion ?? report?.go.activeVersion ?? report?.go.localVersion ?? null,
        dlv: this.facts.dlv?.version ?? report?.tools.dlv.version ?? null,
        gopls: this.facts.gopls?.version ?? report?.tools.gopls.version ?? null,
      },
      languageServer: this.server.status,
      slowest,
      binDirs,
    };
  }

  private overall(language: GateVerdict, debug: GateVerdict): Overall {
    if (this.generation === 0) return "checking";
    const o = overallOf(this.facts, language, debug);
    // An open gate whose gopls will not start is not ready.
    return o === "ready" && this.server.status === "failed" ? "degraded" : o;
  }

  timelineSnapshot(): ReadinessTimeline {
    return this.timeline.snapshot();
  }

  /** The captured environment of the current generation (for fixes and go commands). */
  currentFacts(): Facts {
    return this.facts;
  }

  onDidChange(listener: (s: ReadinessState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.debounceTimer?.cancel();
    this.abort?.abort();
    this.downloading?.abort.abort();
    for (const w of [...this.waiters]) w.resolve({ ok: false, code: "GD099", message: "Go Doctor is shutting down." });
    this.listeners.clear();
    await this.server.shutdown();
  }

  // ---- generations ----

  private trigger(t: Trigger, immediate: boolean): void {
    this.timeline.event(this.generation, "trigger", t.reasons.join("; "));
    const merged: Trigger = this.pendingTrigger
      ? {
          captureShell: this.pendingTrigger.captureShell || t.captureShell,
          restartLanguageServer: this.pendingTrigger.restartLanguageServer || t.restartLanguageServer,
          reasons: [...this.pendingTrigger.reasons, ...t.reasons],
        }
      : t;
    this.pendingTrigger = merged;
    this.debounceTimer?.cancel();
    this.debounceTimer = undefined;
    if (immediate) {
      this.startGeneration();
    } else {
      this.debounceTimer = this.deps.clock.setTimeout(() => {
        this.debounceTimer = undefined;
        this.startGeneration();
      }, this.deps.debounceMs ?? DEFAULT_DEBOUNCE);
    }
  }

  private startGeneration(): void {
    const t = this.pendingTrigger;
    this.pendingTrigger = undefined;
    if (!t || this.disposed) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const generation = ++this.generation;
    if (this.facts.report) this.lastReport = this.facts.report;
    this.facts = emptyFacts();
    this.downloadFailure = undefined;
    if (t.restartLanguageServer) this.server.restartFromGeneration(generation);
    if (t.captureShell) this.captureOwed = true;
    const loginEnv = this.captureOwed ? undefined : this.lastLoginEnv;
    this.generationStartMs = this.timeline.elapsed();
    const endSpan = this.timeline.span(`diagnosis #${generation}`, t.reasons.join("; "));
    this.timeline.event(
      generation,
      "generation",
      `diagnosis #${generation} started`,
      `${t.reasons.join("; ")}${loginEnv ? " (login environment reused)" : ""}`,
    );
    this.update();
    let promise: Promise<Report>;
    try {
      promise = this.deps.diagnose({
        generation,
        signal: abort.signal,
        loginEnv,
        onStage: (e) => this.onStage(generation, e),
      });
    } catch (e) {
      promise = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    promise.then(
      (report) => {
        endSpan(
          generation === this.generation ? statusOfReport(report) : "info",
          generation === this.generation ? undefined : "superseded",
        );
        this.onReport(generation, report);
      },
      (e: unknown) => {
        endSpan("error", errorMessage(e));
        this.onCrash(generation, e);
      },
    );
  }

  private current(generation: number, what: string): boolean {
    if (generation === this.generation && !this.disposed) return true;
    this.timeline.event(generation, "dropped", `dropped ${what} of superseded diagnosis #${generation}`);
    return false;
  }

  private onStage(generation: number, e: StageEvent): void {
    if (!this.current(generation, `stage ${e.stage}`)) return;
    switch (e.stage) {
      case "shell":
        this.facts.loginEnv = e.loginEnv;
        this.lastLoginEnv = e.loginEnv;
        this.captureOwed = false;
        break;
      case "go":
        this.facts.go = e.go;
        break;
      case "dlv":
        this.facts.dlv = e.tool;
        break;
      case "gopls":
        this.facts.gopls = e.tool;
        break;
      case "modules":
        this.facts.missingModules = e.missingModules;
        break;
      case "check":
        this.facts.checks.set(e.check.id, e.check);
        this.timeline.addSpan({
          label: e.check.title,
          startMs: this.generationStartMs + e.check.startMs,
          endMs: this.generationStartMs + e.check.startMs + e.check.durationMs,
          status: e.check.status === "skipped" ? "info" : e.check.status,
          detail: e.check.summary,
        });
        this.timeline.event(generation, "stage", `${e.check.title}: ${e.check.status}`, e.check.summary);
        break;
    }
    this.update();
  }

  private onReport(generation: number, report: Report): void {
    if (!this.current(generation, "report")) return;
    this.facts.report = report;
    // A report carries everything the stages did; fill in what a stage callback may not have sent.
    this.facts.loginEnv ??= this.lastLoginEnv;
    this.update();
  }

  private onCrash(generation: number, e: unknown): void {
    if (!this.current(generation, "failure")) return;
    this.facts.crashed = errorMessage(e);
    this.update();
  }

  // ---- outputs ----

  private effectiveDebugGate(): GateVerdict {
    const g = debugGate(this.facts, this.downloading?.count);
    if (g.status === "closed" && this.downloadFailure) {
      return { status: "closed", reason: `GD042: ${this.downloadFailure}`, codes: ["GD042"] };
    }
    return g;
  }

  private update(): void {
    if (this.disposed) return;
    this.maybeStartDownload();
    const s = this.state();
    const key = (g: GateVerdict): string => `${g.status}|${g.codes.join(",")}`;
    if (!this.last || key(s.language) !== this.last.language) {
      this.timeline.event(this.generation, "gate", `language gate ${s.language.status}`, s.language.reason);
      if (s.language.status !== "pending")
        this.timeline.marker(
          `language gate ${s.language.status}`,
          s.language.status === "open" ? "ok" : "error",
          s.language.reason,
        );
    }
    if (!this.last || key(s.debug) !== this.last.debug) {
      this.timeline.event(this.generation, "gate", `debug gate ${s.debug.status}`, s.debug.reason);
      if (s.debug.status !== "pending")
        this.timeline.marker(
          `debug gate ${s.debug.status}`,
          s.debug.status === "open" ? "ok" : "error",
          s.debug.reason,
        );
    }
    if (!this.last || s.overall !== this.last.overall) this.timeline.event(this.generation, "state", s.overall);
    this.last = { language: key(s.language), debug: key(s.debug), overall: s.overall };
    this.server.schedule();
    this.settleWaiters();
    this.emit();
  }

  private emit(): void {
    const s = this.state();
    for (const l of [...this.listeners]) {
      try {
        l(s);
      } catch {
        // A broken listener must not stop the machine.
      }
    }
  }

  // ---- debug requests ----

  private settleWaiters(): void {
    if (this.waiters.size === 0) return;
    const gate = this.effectiveDebugGate();
    for (const w of [...this.waiters]) {
      if (!w.enforce) {
        const dlv = this.facts.dlv;
        if (dlv && this.facts.loginEnv) {
          w.resolve(
            dlv.path
              ? this.okResult(dlv.path)
              : { ok: false, code: "GD020", message: "dlv was not found, so the debug session cannot start." },
          );
          continue;
        }
      } else if (gate.status === "open") {
        // A gate left open on an unverified platform without a dlv: the system's own lookup may find one.
        const unverified = this.facts.report?.platform?.verified === false;
        const dlvPath = this.facts.dlv?.path ?? this.facts.report?.tools.dlv.path ?? (unverified ? "dlv" : null);
        w.resolve(
          dlvPath
            ? this.okResult(dlvPath)
            : { ok: false, code: "GD020", message: "dlv was not found, so the debug session cannot start." },
        );
        continue;
      }
      if (gate.status === "closed") {
        w.resolve({ ok: false, code: gate.codes[0] ?? "GD099", message: gate.reason });
        continue;
      }
      if (w.onProgress && gate.reason !== w.lastProgress) {
        w.lastProgress = gate.reason;
        w.onProgress(gate.reason);
      }
    }
  }

  /** A held debug request and a gate shut only by GD042: fetch the modules once, then check again. */
  private maybeStartDownload(): void {
    if (!this.deps.downloadModules || this.downloading || this.downloadAttempts > 0 || this.downloadFailure) return;
    if (![...this.waiters].some((w) => w.enforce)) return;
    if (!onlyModulesMissing(debugGate(this.facts), this.facts)) return;
    this.startDownload();
  }

  private languageServerWish(): LanguageServerWish {
    if (this.disposed) return { kind: "closed" };
    const gate = languageGate(this.facts);
    if (gate.status === "pending") return { kind: "undecided" };
    if (gate.status === "closed") return { kind: "closed" };
    const spec = this.deps.languageServerSpec(this.facts);
    return spec ? { kind: "run", spec } : { kind: "unwanted" };
  }

  private okResult(dlvPath: string): DebugGateVerdict {
    const env = this.deps.toolEnv?.(this.facts) ?? this.facts.loginEnv?.env ?? {};
    const goVersion = this.facts.go?.activeVersion ?? this.facts.report?.go.activeVersion ?? null;
    return { ok: true, dlvPath, env, goVersion, generation: this.generation };
  }

  private startDownload(): void {
    if (!this.deps.downloadModules || this.downloading) return;
    const missing = missingModulesOf(this.facts);
    const abort = new AbortController();
    this.downloading = { count: missing.length, abort };
    this.downloadAttempts++;
    const endSpan = this.timeline.span(`go mod download (${missing.length} modules)`);
    this.timeline.event(this.generation, "modules", `downloading ${missing.length} modules`);
    const finish = (r: { ok: boolean; message: string }): void => {
      this.downloading = undefined;
      endSpan(r.ok ? "ok" : "error", r.message);
      this.timeline.event(
        this.generation,
        "modules",
        r.ok ? "modules downloaded" : "module download failed",
        r.message,
      );
      if (this.disposed) return;
      if (r.ok) {
        this.trigger({ captureShell: false, restartLanguageServer: false, reasons: ["modules downloaded"] }, true);
      } else {
        this.downloadFailure = r.message;
        this.update();
      }
    };
    let promise: Promise<{ ok: boolean; message: string }>;
    try {
      promise = this.deps.downloadModules({
        missing,
        facts: this.facts,
        signal: abort.signal,
        onProgress: (m) => this.timeline.event(this.generation, "modules", m),
      });
    } catch (e) {
      promise = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    promise.then(finish, (e: unknown) => finish({ ok: false, message: errorMessage(e) }));
  }
}

function statusOfReport(r: Report): "ok" | "warning" | "error" | "info" {
  return r.summary.errors > 0 ? "error" : r.summary.warnings > 0 ? "warning" : "ok";
}
