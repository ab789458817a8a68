// The start-up timeline as a picture: each step of a diagnosis (or of the
// editor's start-up) as a bar on a millisecond axis, so a user sees what
// waited for what and when each gate opened. Pure: data in, SVG text out.
// Labels and details come from tool output, so every piece of text is escaped.

import type { Report, ReportCheck } from "../model/report";

export interface TimelineSpan {
  label: string;
  startMs: number;
  endMs: number;
  status: "ok" | "warning" | "error" | "info" | "running";
  detail?: string;
}

/** A moment on the axis, e.g. a gate opening; drawn as a dashed vertical line. */
export interface TimelineMarker {
  label: string;
  atMs: number;
  status: "ok" | "warning" | "error" | "info";
  detail?: string;
}

export interface TimelineOptions {
  /** Total width in px, 320 to 4000; the height follows from the number of rows. Default 720. */
  width?: number;
  theme?: "light" | "dark";
  markers?: TimelineMarker[];
}

type Palette = Record<TimelineSpan["status"] | "text" | "muted" | "grid" | "background", string>;

const PALETTES: Record<"light" | "dark", Palette> = {
  light: {
    ok: "#2e7d32",
    warning: "#b26a00",
    error: "#c62828",
    info: "#1565c0",
    running: "#6a1b9a",
    text: "#1f2328",
    muted: "#59636e",
    grid: "#d1d9e0",
    background: "#ffffff",
  },
  dark: {
    ok: "#4caf50",
    warning: "#ffb74d",
    error: "#ef5350",
    info: "#64b5f6",
    running: "#ba68c8",
    text: "#e6edf3",
    muted: "#9198a1",
    grid: "#3d444d",
    background: "#1e1e1e",
  },
};

const PAD = 12;
const AXIS_H = 26;
const ROW_H = 22;
const BAR_H = 14;
const MARKER_ROW_H = 18;
const LEGEND_H = 22;
/** Average advance of a 12 px sans-serif character; good enough to keep text inside its column. */
const CHAR_W = 7;
const FONT = "system-ui, -apple-system, 'Segoe UI', Ubuntu, sans-serif";

/**
 * Renders spans as an SVG document fragment (one `<svg>` element). Rows are ordered by
 * start time, ties keeping their input order. Negative or non-finite times are clamped
 * to 0, an end before its start to the start; a zero-length span is drawn as a 2 px tick.
 * Every element carries a `gd-*` class so a host page can restyle it with CSS.
 */
export function renderTimelineSvg(spans: TimelineSpan[], opts: TimelineOptions = {}): string {
  const width = Math.min(4000, Math.max(320, Math.round(finiteOr(opts.width, 720))));
  const pal = PALETTES[opts.theme ?? "light"];
  const rows = spans
    .map((s, i) => ({ ...s, ...clampSpan(s.startMs, s.endMs), i }))
    .sort((a, b) => a.startMs - b.startMs || a.i - b.i);
  const markers = (opts.markers ?? [])
    .map((m, i) => ({ ...m, atMs: clampTime(m.atMs), i }))
    .sort((a, b) => a.atMs - b.atMs || a.i - b.i);

  const labelW = Math.min(200, Math.round(width * 0.3));
  const durationW = 64;
  const x0 = PAD + labelW;
  const plotW = width - x0 - PAD - durationW;
  const maxTicks = Math.max(2, Math.floor(plotW / 70));
  const rawEnd = Math.max(1, ...rows.map((r) => r.endMs), ...markers.map((m) => m.atMs));
  const step = niceStep(rawEnd / maxTicks);
  const domain = Math.ceil(rawEnd / step) * step;
  const x = (ms: number): number => x0 + (ms / domain) * plotW;

  const rowsTop = PAD + AXIS_H;
  const rowsBottom = rowsTop + Math.max(1, rows.length) * ROW_H;
  const markersTop = rowsBottom + (markers.length ? 6 : 0);
  const legendTop = markersTop + markers.length * MARKER_ROW_H;
  const height = legendTop + LEGEND_H + PAD;

  const out: string[] = [];
  const summary = rows.length
    ? rows.map((r) => `${r.label}: ${fmtRange(r.startMs, r.endMs)} (${r.status})`).join("; ")
    : "no steps recorded";
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="gd-timeline" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(FONT)}" font-size="12" aria-label="${esc(`Start-up timeline: ${summary}`)}">`,
    `<title>${esc("Start-up timeline")}</title>`,
    `<rect class="gd-bg" x="0" y="0" width="${width}" height="${height}" fill="${pal.background}"/>`,
  );

  // Axis: a tick and a faint grid line per step.
  out.push(`<g class="gd-axis">`);
  for (let t = 0; t <= domain + step / 2; t += step) {
    const tx = num(x(t));
    out.push(
      `<line class="gd-grid" x1="${tx}" y1="${rowsTop - 4}" x2="${tx}" y2="${rowsBottom}" stroke="${pal.grid}" stroke-width="1"/>`,
      `<text class="gd-tick" x="${tx}" y="${PAD + 12}" text-anchor="middle" fill="${pal.muted}">${esc(fmtTick(t))}</text>`,
    );
  }
  out.push(`</g>`);

  out.push(`<g class="gd-rows">`);
  if (rows.length === 0) {
    out.push(
      `<text class="gd-empty" x="${x0}" y="${rowsTop + 15}" fill="${pal.muted}">${esc("No steps recorded yet.")}</text>`,
    );
  }
  rows.forEach((r, k) => {
    const y = rowsTop + k * ROW_H;
    const barY = y + (ROW_H - BAR_H) / 2;
    const bx = x(r.startMs);
    const bw = Math.max(2, x(r.endMs) - bx);
    const colour = pal[r.status];
    const running = r.status === "running";
    const tooltip = [`${oneLine(r.label)}: ${fmtRange(r.startMs, r.endMs)} (${r.status})`, r.detail ?? ""]
      .filter(Boolean)
      .join("\n");
    const duration = running ? `${fmtMs(r.endMs - r.startMs)}…` : fmtMs(r.endMs - r.startMs);
    const textW = duration.length * CHAR_W;
    // Right of the bar when there is room, else inside it, else left of it.
    const place = bx + bw + 4 + textW <= width - PAD ? "right" : bw >= textW + 8 ? "inside" : "left";
    out.push(
      `<g class="gd-row gd-${r.status}">`,
      `<title>${esc(tooltip)}</title>`,
      `<text class="gd-label" x="${PAD}" y="${num(y + 15)}" fill="${pal.text}">${esc(truncate(oneLine(r.label), Math.floor((labelW - 8) / CHAR_W)))}</text>`,
      `<rect class="gd-bar" x="${num(bx)}" y="${num(barY)}" width="${num(bw)}" height="${BAR_H}" rx="2" fill="${colour}"${
        running ? ` fill-opacity="0.45" stroke="${colour}" stroke-dasharray="4 2"` : ""
      }/>`,
      place === "right"
        ? `<text class="gd-duration" x="${num(bx + bw + 4)}" y="${num(y + 15)}" fill="${pal.muted}">${esc(duration)}</text>`
        : place === "inside"
          ? `<text class="gd-duration gd-inside" x="${num(bx + bw - 4)}" y="${num(y + 15)}" text-anchor="end" fill="${pal.background}">${esc(duration)}</text>`
          : `<text class="gd-duration" x="${num(bx - 4)}" y="${num(y + 15)}" text-anchor="end" fill="${pal.muted}">${esc(duration)}</text>`,
      `</g>`,
    );
  });
  out.push(`</g>`);

  if (markers.length) {
    out.push(`<g class="gd-markers">`);
    markers.forEach((m, k) => {
      const mx = num(x(m.atMs));
      const ly = markersTop + k * MARKER_ROW_H + 13;
      const text = `${oneLine(m.label)} · ${fmtMs(m.atMs)}`;
      const leftHalf = x(m.atMs) < x0 + plotW / 2;
      out.push(
        `<g class="gd-marker gd-${m.status}">`,
        `<title>${esc([text, m.detail ?? ""].filter(Boolean).join("\n"))}</title>`,
        `<line x1="${mx}" y1="${rowsTop - 4}" x2="${mx}" y2="${num(ly - 10)}" stroke="${pal[m.status]}" stroke-width="1.5" stroke-dasharray="3 3"/>`,
        `<path d="M${mx} ${num(ly - 11)}l4 4l-4 4l-4 -4z" fill="${pal[m.status]}"/>`,
        `<text x="${leftHalf ? num(x(m.atMs) + 8) : num(x(m.atMs) - 8)}" y="${ly}"${leftHalf ? "" : ` text-anchor="end"`} fill="${pal.text}">${esc(
          truncate(text, Math.floor((leftHalf ? width - PAD - x(m.atMs) - 8 : x(m.atMs) - 8 - PAD) / CHAR_W)),
        )}</text>`,
        `</g>`,
      );
    });
    out.push(`</g>`);
  }

  // Legend: only the statuses that appear, in a fixed order.
  const present = (["ok", "warning", "error", "info", "running"] as const).filter(
    (s) => rows.some((r) => r.status === s) || markers.some((m) => m.status === s),
  );
  out.push(`<g class="gd-legend">`);
  let lx = PAD;
  for (const s of present) {
    out.push(
      `<rect x="${lx}" y="${legendTop + 6}" width="10" height="10" rx="2" fill="${pal[s]}"/>`,
      `<text x="${lx + 14}" y="${legendTop + 15}" fill="${pal.muted}">${s}</text>`,
    );
    lx += 14 + s.length * CHAR_W + 14;
  }
  out.push(`</g>`, `</svg>`);
  return out.join("");
}

/** Stages whose results decide each gate (the catalogue's `closes` column, model/gates.ts). */
const GATE_INPUTS = {
  language: ["shell", "go", "gopls"],
  debug: ["shell", "go", "dlv", "modules", "compat"],
} as const;

/**
 * One span per check of a report, at the check's recorded start offset (`startMs`),
 * in the report's order; a skipped check is shown as "info".
 */
export function spansFromReport(report: Report): TimelineSpan[] {
  return report.checks.map((c) => ({
    label: c.title,
    startMs: c.startMs,
    endMs: c.startMs + c.durationMs,
    status: c.status === "skipped" ? "info" : c.status,
    detail: [c.summary, ...c.findings.map((f) => `${f.code} ${f.message}`)].join("\n"),
  }));
}

/**
 * Where each gate's decision became possible: the end of the last check its blocking
 * codes come from. The report computes gates once at the end; this is the earliest
 * moment an editor that waited for exactly those checks could have opened them.
 */
export function gateMarkersFromReport(report: Report): TimelineMarker[] {
  const end = (c: ReportCheck): number => c.startMs + c.durationMs;
  return (["language", "debug"] as const).map((name) => {
    const inputs: readonly string[] = GATE_INPUTS[name];
    const ends = report.checks.filter((c) => inputs.includes(c.id)).map(end);
    const gate = report.gates[name];
    return {
      label: `${name} gate ${gate.open ? "open" : "blocked"}`,
      atMs: ends.length ? Math.max(...ends) : (report.timings.total ?? 0),
      status: gate.open ? "ok" : "error",
      detail: gate.reason,
    };
  });
}

/** Escapes text for XML content and attribute values; drops characters XML cannot carry. */
export function esc(s: string): string {
  return s
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      "\ufffd",
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** 1, 2 or 5 times a power of ten, at least 1 ms. */
export function niceStep(raw: number): number {
  if (!(raw > 1)) return 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
}

/** A duration or moment: whole milliseconds up to 10 s, so nearby steps stay comparable. */
export function fmtMs(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** An axis tick: ticks are round numbers, so seconds read better past 1 s. */
export function fmtTick(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, "")} s`;
}

function fmtRange(start: number, end: number): string {
  return `${Math.round(start)}–${Math.round(end)} ms`;
}

function clampTime(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

function clampSpan(start: number, end: number): { startMs: number; endMs: number } {
  const s = clampTime(start);
  return { startMs: s, endMs: Number.isFinite(end) && end > s ? end : s };
}

function finiteOr(n: number | undefined, fallback: number): number {
  return n !== undefined && Number.isFinite(n) ? n : fallback;
}

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** Cuts to at most `max` code points, marking the cut with an ellipsis. */
function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  return max <= 1 ? "…" : chars.slice(0, max - 1).join("") + "…";
}
