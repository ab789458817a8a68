// The one place gopls is started and stopped. Every change goes through a
// queue, so a stop is always awaited before the next start, and each step
// decides on the newest wish (several queued changes collapse into one
// restart). The readiness machine says what it wants; this makes it so.

import type { TimelineRecorder } from "./timeline";
import { errorMessage } from "../base/errors";

/** How to run gopls: what the language client's ServerOptions are built from. */
export interface LanguageServerSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export type LanguageServerStatus = "off" | "stopped" | "starting" | "running" | "stopping" | "failed";

/** undecided: the language gate is pending, leave gopls as it is. */
export type LanguageServerWish =
  | { kind: "undecided" | "closed" | "unwanted" }
  | { kind: "run"; spec: LanguageServerSpec };

export interface SupervisorDeps {
  start(spec: LanguageServerSpec): Promise<void>;
  stop(): Promise<void>;
  /** Read at each step, never cached: the machine's current wish. */
  wish(): LanguageServerWish;
  generation(): number;
  timeline: TimelineRecorder;
  onStatus(status: LanguageServerStatus): void;
}

export class LanguageServerSupervisor {
  private running: { key: string } | undefined;
  private failedKey: string | undefined;
  private restartFrom: number | undefined;
  private queue: Promise<void> = Promise.resolve();
  private queued = false;
  private current: LanguageServerStatus = "stopped";

  constructor(private readonly deps: SupervisorDeps) {}

  get status(): LanguageServerStatus {
    return this.current;
  }

  /** Restart once when a generation at or after this one decides the gate, even with an unchanged spec. */
  restartFromGeneration(generation: number): void {
    this.restartFrom = generation;
  }

  /** The next start is a fresh attempt, even with the spec that failed before. */
  forgetFailure(): void {
    this.failedKey = undefined;
  }

  schedule(): void {
    if (this.queued) return;
    this.queued = true;
    this.queue = this.queue.then(async () => {
      this.queued = false;
      await this.reconcile();
    });
  }

  /** Stops gopls after whatever is queued; nothing starts afterwards if wish() says so. */
  shutdown(): Promise<void> {
    this.queue = this.queue.then(() => this.stopServer("shutdown"));
    return this.idle();
  }

  /** Settles once every start and stop begun so far has finished. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.queue) {
      seen = this.queue;
      await seen;
    }
  }

  private wish():
    | { kind: "undecided" | "closed" | "unwanted" }
    | { kind: "run"; spec: LanguageServerSpec; key: string } {
    const w = this.deps.wish();
    return w.kind === "run"
      ? { ...w, key: JSON.stringify([w.spec.command, w.spec.args, Object.entries(w.spec.env).sort()]) }
      : w;
  }

  private async reconcile(): Promise<void> {
    const want = this.wish();
    if (want.kind === "undecided") return;
    if (want.kind !== "run") {
      this.failedKey = undefined;
      await this.stopServer(want.kind === "closed" ? "language gate closed" : "gopls not wanted");
      if (want.kind === "unwanted") this.setStatus("off");
      else if (this.current !== "failed") this.setStatus("stopped");
      return;
    }
    const forced = this.restartFrom !== undefined && this.deps.generation() >= this.restartFrom;
    if (this.running && this.running.key === want.key && !forced) return;
    if (!this.running && this.failedKey === want.key && !forced) return;
    await this.stopServer(forced ? "restart after a fix" : "environment or settings changed");
    // The world may have moved while gopls was stopping: decide again on the newest wish.
    const now = this.wish();
    if (now.kind !== "run" || now.key !== want.key) {
      this.schedule();
      return;
    }
    this.restartFrom = undefined;
    this.setStatus("starting");
    const { timeline } = this.deps;
    const endSpan = timeline.span("gopls start", now.spec.command);
    try {
      await this.deps.start(now.spec);
      this.running = { key: now.key };
      this.failedKey = undefined;
      endSpan("ok");
      timeline.event(this.deps.generation(), "languageServer", "gopls started", now.spec.command);
      timeline.marker("gopls started", "ok");
      this.setStatus("running");
    } catch (e) {
      // Started or not, it may hold resources: stop before anything else starts.
      this.running = { key: now.key };
      await this.stopServer("start failed");
      this.failedKey = now.key;
      const message = errorMessage(e);
      endSpan("error", message);
      timeline.event(this.deps.generation(), "languageServer", "gopls failed to start", message);
      this.setStatus("failed");
    }
  }

  private async stopServer(why: string): Promise<void> {
    if (!this.running) return;
    this.setStatus("stopping");
    const endSpan = this.deps.timeline.span("gopls stop", why);
    try {
      await this.deps.stop();
      endSpan("ok");
    } catch (e) {
      endSpan("warning", errorMessage(e));
    }
    this.running = undefined;
    this.deps.timeline.event(this.deps.generation(), "languageServer", "gopls stopped", why);
    this.setStatus("stopped");
  }

  private setStatus(s: LanguageServerStatus): void {
    if (this.current === s) return;
    this.current = s;
    this.deps.onStatus(s);
  }
}
