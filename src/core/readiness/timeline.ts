// Every transition of the readiness machine with its time, kept for the
// report: a list of events, and the same history as spans and markers that
// timeline.ts draws (each step a bar on one millisecond axis).

import type { Clock } from "../base/clock";
import type { TimelineMarker, TimelineSpan } from "./timelineSvg";

export type TransitionKind =
  | "trigger"
  | "generation"
  | "stage"
  | "gate"
  | "state"
  | "languageServer"
  | "debug"
  | "modules"
  | "dropped";

export interface TransitionEvent {
  /** Milliseconds since the machine was created. */
  atMs: number;
  generation: number;
  kind: TransitionKind;
  label: string;
  detail?: string;
}

export interface ReadinessTimeline {
  /** Epoch milliseconds of atMs 0. */
  origin: number;
  events: TransitionEvent[];
  spans: TimelineSpan[];
  markers: TimelineMarker[];
}

/** Enough for a long session; the oldest entries go first. */
const MAX_ENTRIES = 400;

export class TimelineRecorder {
  readonly origin: number;
  private readonly events: TransitionEvent[] = [];
  private readonly spans: TimelineSpan[] = [];
  private readonly markers: TimelineMarker[] = [];

  constructor(private readonly clock: Clock) {
    this.origin = clock.now();
  }

  elapsed(): number {
    return Math.max(0, Math.round(this.clock.now() - this.origin));
  }

  event(generation: number, kind: TransitionKind, label: string, detail?: string): void {
    push(
      this.events,
      detail === undefined
        ? { atMs: this.elapsed(), generation, kind, label }
        : { atMs: this.elapsed(), generation, kind, label, detail },
    );
  }

  marker(label: string, status: TimelineMarker["status"], detail?: string): void {
    push(
      this.markers,
      detail === undefined ? { label, atMs: this.elapsed(), status } : { label, atMs: this.elapsed(), status, detail },
    );
  }

  /** Starts a bar now; the returned function ends it. */
  span(label: string, detail?: string): (status: TimelineSpan["status"], detail?: string) => void {
    const startMs = this.elapsed();
    const s: TimelineSpan =
      detail === undefined
        ? { label, startMs, endMs: startMs, status: "running" }
        : { label, startMs, endMs: startMs, status: "running", detail };
    push(this.spans, s);
    let ended = false;
    return (status, endDetail) => {
      if (ended) return;
      ended = true;
      s.endMs = this.elapsed();
      s.status = status;
      if (endDetail !== undefined) s.detail = endDetail;
    };
  }

  /** A bar whose times are already known (a finished check of the engine). */
  addSpan(s: TimelineSpan): void {
    push(this.spans, s);
  }

  snapshot(): ReadinessTimeline {
    const now = this.elapsed();
    return {
      origin: this.origin,
      events: this.events.map((e) => ({ ...e })),
      // A bar still running is drawn up to now.
      spans: this.spans.map((s) => (s.status === "running" ? { ...s, endMs: now } : { ...s })),
      markers: this.markers.map((m) => ({ ...m })),
    };
  }
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_ENTRIES) list.splice(0, list.length - MAX_ENTRIES);
}
