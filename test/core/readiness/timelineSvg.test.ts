import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { diagnose } from "../../../src/core/diagnosis/diagnose";
import { sampleReport } from "../../support/sampleReport";
import { blindStart } from "../../support/blindStart";
import {
  esc,
  fmtMs,
  fmtTick,
  gateMarkersFromReport,
  niceStep,
  renderTimelineSvg,
  spansFromReport,
  type TimelineSpan,
} from "../../../src/core/readiness/timelineSvg";

// A strict reader for the XML subset the renderer emits: elements, double-quoted
// attributes, text and the five entities plus numeric references. It throws on
// anything else, so a missed escape shows up as a parse error, not as a pass.
interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

function decode(s: string): string {
  if (/&(?!(amp|lt|gt|quot|#39|#\d+);)/.test(s)) throw new Error(`bare & in ${JSON.stringify(s.slice(0, 60))}`);
  return s.replace(/&(amp|lt|gt|quot|#39|#\d+);/g, (_, e: string) =>
    e === "amp"
      ? "&"
      : e === "lt"
        ? "<"
        : e === "gt"
          ? ">"
          : e === "quot"
            ? '"'
            : e === "#39"
              ? "'"
              : String.fromCodePoint(Number(e.slice(1))),
  );
}

function parseXml(src: string): XmlNode {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(src)) throw new Error("control character in XML");
  let i = 0;
  const element = (): XmlNode => {
    const open = /^<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/.exec(src.slice(i));
    if (!open) throw new Error(`bad tag at ${i}: ${JSON.stringify(src.slice(i, i + 60))}`);
    i += open[0].length;
    const attrs: Record<string, string> = {};
    for (const m of open[2].matchAll(/([\w:-]+)="([^"]*)"/g)) {
      if (m[1] in attrs) throw new Error(`duplicate attribute ${m[1]}`);
      attrs[m[1]] = decode(m[2]);
    }
    const node: XmlNode = { name: open[1], attrs, children: [], text: "" };
    if (open[3]) return node;
    for (;;) {
      const lt = src.indexOf("<", i);
      if (lt < 0) throw new Error(`unclosed <${node.name}>`);
      node.text += decode(src.slice(i, lt));
      i = lt;
      if (src.startsWith(`</${node.name}>`, i)) {
        i += node.name.length + 3;
        return node;
      }
      if (src.startsWith("</", i)) throw new Error(`mismatched close at ${i}: ${src.slice(i, i + 30)}`);
      node.children.push(element());
    }
  };
  const root = element();
  if (i !== src.length) throw new Error("trailing content after root element");
  return root;
}

function all(node: XmlNode, pred: (n: XmlNode) => boolean): XmlNode[] {
  return [...(pred(node) ? [node] : []), ...node.children.flatMap((c) => all(c, pred))];
}
const hasClass = (cls: string) => (n: XmlNode) => (n.attrs.class ?? "").split(" ").includes(cls);
const rowsOf = (svg: XmlNode) => all(svg, hasClass("gd-row"));
const child = (n: XmlNode, pred: (n: XmlNode) => boolean): XmlNode => {
  const found = all(n, pred)[0];
  assert.ok(found, `no matching child in <${n.name}>`);
  return found;
};
const barOf = (row: XmlNode) => child(row, hasClass("gd-bar"));
const labelOf = (row: XmlNode) => child(row, hasClass("gd-label")).text;
const tooltipOf = (row: XmlNode) => child(row, (n) => n.name === "title").text;

// The start-up of a real editor session, as Go Doctor measured it.
const startup: TimelineSpan[] = [
  { label: "Login shell environment", startMs: 0, endMs: 420, status: "ok" },
  { label: "go env", startMs: 420, endMs: 480, status: "ok" },
  { label: "dlv probe", startMs: 480, endMs: 610, status: "error", detail: "GD020 dlv not found" },
  { label: "gopls probe", startMs: 480, endMs: 700, status: "ok" },
  { label: "Modules", startMs: 480, endMs: 1000, status: "warning" },
];

describe("renderTimelineSvg", () => {
  it("draws one bar per step on a millisecond axis, in proportion to time", () => {
    const svg = parseXml(renderTimelineSvg(startup, { width: 720 }));
    assert.equal(svg.name, "svg");
    const rows = rowsOf(svg);
    assert.deepEqual(rows.map(labelOf), ["Login shell environment", "go env", "dlv probe", "gopls probe", "Modules"]);

    const bars = rows.map(barOf).map((b) => ({ x: Number(b.attrs.x), w: Number(b.attrs.width) }));
    // go env starts where the shell capture ends; the three parallel steps start together.
    assert.ok(Math.abs(bars[0].x + bars[0].w - bars[1].x) < 0.2);
    assert.equal(bars[2].x, bars[3].x);
    assert.equal(bars[3].x, bars[4].x);
    // Widths are proportional to durations: 420 ms is 7 times 60 ms.
    assert.ok(Math.abs(bars[0].w / bars[1].w - 7) < 0.05, `${bars[0].w} / ${bars[1].w}`);
    // The axis covers the whole run with round ticks, and the last step ends on it.
    const ticks = all(svg, hasClass("gd-tick")).map((t) => t.text);
    assert.deepEqual(ticks, ["0 ms", "200 ms", "400 ms", "600 ms", "800 ms", "1 s"]);
    const tickX = all(svg, hasClass("gd-grid")).map((g) => Number(g.attrs.x1));
    assert.ok(Math.abs(bars[4].x + bars[4].w - tickX[tickX.length - 1]) < 0.2);
    assert.equal(bars[0].x, tickX[0]);
  });

  it("colours each bar by its status and names the statuses in a legend", () => {
    const src = renderTimelineSvg(startup);
    const svg = parseXml(src);
    const fills = rowsOf(svg).map((r) => barOf(r).attrs.fill);
    assert.equal(fills[0], fills[1], "two ok steps share a colour");
    assert.equal(new Set([fills[0], fills[2], fills[4]]).size, 3, "ok, error and warning differ");
    const legend = child(svg, hasClass("gd-legend"));
    assert.deepEqual(
      all(legend, (n) => n.name === "text").map((t) => t.text),
      ["ok", "warning", "error"],
    );
    assert.ok(rowsOf(svg)[2].attrs.class.includes("gd-error"));
  });

  it("shows a step's detail and exact times in its tooltip", () => {
    const svg = parseXml(renderTimelineSvg(startup));
    assert.equal(tooltipOf(rowsOf(svg)[2]), "dlv probe: 480–610 ms (error)\nGD020 dlv not found");
    const durations = rowsOf(svg).map((r) => child(r, hasClass("gd-duration")).text);
    assert.deepEqual(durations, ["420 ms", "60 ms", "130 ms", "220 ms", "520 ms"]);
  });

  it("orders rows by start time and keeps the given order for steps that start together", () => {
    const spans: TimelineSpan[] = [
      { label: "compat", startMs: 900, endMs: 905, status: "ok" },
      { label: "gopls", startMs: 100, endMs: 300, status: "ok" },
      { label: "dlv", startMs: 100, endMs: 200, status: "ok" },
      { label: "shell", startMs: 0, endMs: 100, status: "ok" },
    ];
    assert.deepEqual(rowsOf(parseXml(renderTimelineSvg(spans))).map(labelOf), ["shell", "gopls", "dlv", "compat"]);
  });

  it("renders an empty timeline as a valid picture that says so", () => {
    const svg = parseXml(renderTimelineSvg([]));
    assert.equal(rowsOf(svg).length, 0);
    assert.equal(child(svg, hasClass("gd-empty")).text, "No steps recorded yet.");
    assert.deepEqual(
      all(svg, hasClass("gd-tick")).map((t) => t.text),
      ["0 ms", "1 ms"],
    );
    assert.ok(Number(svg.attrs.height) > 0);
  });

  it("keeps zero-length steps visible as a thin tick and clamps impossible times", () => {
    const spans: TimelineSpan[] = [
      { label: "gate", startMs: 500, endMs: 500, status: "ok" },
      { label: "backwards", startMs: 300, endMs: 100, status: "warning" },
      { label: "negative", startMs: -50, endMs: 200, status: "info" },
      { label: "nan", startMs: Number.NaN, endMs: Number.POSITIVE_INFINITY, status: "error" },
    ];
    const svg = parseXml(renderTimelineSvg(spans));
    const rows = rowsOf(svg);
    assert.deepEqual(rows.map(labelOf), ["negative", "nan", "backwards", "gate"]);
    for (const r of rows) assert.ok(Number(barOf(r).attrs.width) >= 2, labelOf(r));
    assert.equal(barOf(rows[3]).attrs.width, "2");
    assert.equal(child(rows[3], hasClass("gd-duration")).text, "0 ms");
    assert.match(tooltipOf(rows[0]), /^negative: 0–200 ms/);
    assert.match(tooltipOf(rows[1]), /^nan: 0–0 ms/);
    assert.match(tooltipOf(rows[2]), /^backwards: 300–300 ms/);
    for (const n of all(svg, () => true))
      for (const v of Object.values(n.attrs)) assert.doesNotMatch(v, /NaN|Infinity/);
  });

  it("marks a step that is still running and gate events on the axis", () => {
    const src = renderTimelineSvg([{ label: "gopls probe", startMs: 0, endMs: 250, status: "running" }], {
      markers: [
        { label: "debug gate blocked", atMs: 240, status: "error", detail: "blocked by GD020" },
        { label: "language gate open", atMs: 120, status: "ok" },
      ],
    });
    const svg = parseXml(src);
    assert.equal(child(rowsOf(svg)[0], hasClass("gd-duration")).text, "250 ms…");
    assert.equal(barOf(rowsOf(svg)[0]).attrs["stroke-dasharray"], "4 2");
    const markers = all(svg, hasClass("gd-marker"));
    assert.deepEqual(
      markers.map((m) => child(m, (n) => n.name === "text").text),
      ["language gate open · 120 ms", "debug gate blocked · 240 ms"],
    );
    assert.equal(child(markers[1], (n) => n.name === "title").text, "debug gate blocked · 240 ms\nblocked by GD020");
    const lineX = markers.map((m) => Number(child(m, (n) => n.name === "line").attrs.x1));
    const bar = barOf(rowsOf(svg)[0]);
    const at = (ms: number) => Number(bar.attrs.x) + (Number(bar.attrs.width) * ms) / 250;
    assert.ok(
      Math.abs(lineX[0] - at(120)) < 0.2 && Math.abs(lineX[1] - at(240)) < 0.2,
      `${lineX} vs ${at(120)}, ${at(240)}`,
    );
  });

  it("escapes markup in labels and details taken from tool output", () => {
    const evil = `<script>x()</script>&"'`;
    const src = renderTimelineSvg(
      [{ label: evil, startMs: 0, endMs: 10, status: "error", detail: `</title><image href="x" onerror="alert(2)"/>` }],
      {
        markers: [{ label: `<b onmouseover="x()">`, atMs: 5, status: "ok" }],
      },
    );
    assert.doesNotMatch(src, /<script|<image|<b /);
    const svg = parseXml(src);
    assert.equal(all(svg, (n) => n.name === "script" || n.name === "image").length, 0);
    assert.equal(labelOf(rowsOf(svg)[0]), evil);
    assert.equal(tooltipOf(rowsOf(svg)[0]), `${evil}: 0–10 ms (error)\n</title><image href="x" onerror="alert(2)"/>`);
    assert.match(svg.attrs["aria-label"], /<script>x\(\)<\/script>/);
  });

  it("stays well-formed XML and keeps every label's text for any input", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            label: fc.string({ unit: "binary", maxLength: 40 }),
            detail: fc.option(fc.string({ unit: "binary", maxLength: 80 }), { nil: undefined }),
            startMs: fc.double({ min: -10, max: 1e6 }),
            len: fc.double({ min: -10, max: 1e6 }),
            status: fc.constantFrom("ok", "warning", "error", "info", "running" as const),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 0, max: 3000 }),
        fc.constantFrom("light", "dark" as const),
        (raw, width, theme) => {
          const spans: TimelineSpan[] = raw.map((r) => ({
            label: r.label,
            detail: r.detail,
            startMs: r.startMs,
            endMs: r.startMs + r.len,
            status: r.status,
          }));
          const svg = parseXml(renderTimelineSvg(spans, { width, theme }));
          const rows = rowsOf(svg);
          assert.equal(rows.length, spans.length);
          const tooltips = rows.map(tooltipOf).sort();
          for (const s of spans) {
            const first = s.label.replace(/\s+/g, " ").trim();
            assert.ok(
              tooltips.some((t) => t.startsWith(sanitized(first) + ": ")),
              `label ${JSON.stringify(s.label)} missing from tooltips`,
            );
          }
          for (const r of rows) {
            const b = barOf(r);
            assert.ok(
              Number(b.attrs.x) >= 0 && Number(b.attrs.x) + Number(b.attrs.width) <= Number(svg.attrs.width) + 2,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps its size within bounds whatever width is asked for", () => {
    const long: TimelineSpan[] = [{ label: "go mod download", startMs: 0, endMs: 3_600_000, status: "ok" }];
    for (const [asked, got] of [
      [1e9, "4000"],
      [10, "320"],
      [Number.NaN, "720"],
    ] as const) {
      const svg = parseXml(renderTimelineSvg(long, { width: asked }));
      assert.equal(svg.attrs.width, got);
      assert.ok(all(svg, hasClass("gd-tick")).length <= 60);
    }
  });

  it("is deterministic and follows the theme", () => {
    assert.equal(renderTimelineSvg(startup, { theme: "dark" }), renderTimelineSvg(startup, { theme: "dark" }));
    const light = parseXml(renderTimelineSvg(startup, { theme: "light" }));
    const dark = parseXml(renderTimelineSvg(startup, { theme: "dark" }));
    assert.notEqual(child(light, hasClass("gd-bg")).attrs.fill, child(dark, hasClass("gd-bg")).attrs.fill);
    assert.notEqual(child(light, hasClass("gd-label")).attrs.fill, child(dark, hasClass("gd-label")).attrs.fill);
  });

  it("fits the width it is given and cuts long labels with an ellipsis", () => {
    const long = "A very long step label that cannot possibly fit into the label column";
    for (const width of [320, 720, 1400]) {
      const svg = parseXml(renderTimelineSvg([{ label: long, startMs: 0, endMs: 123456, status: "ok" }], { width }));
      assert.equal(svg.attrs.width, String(width));
      assert.equal(svg.attrs.viewBox, `0 0 ${width} ${svg.attrs.height}`);
      const row = rowsOf(svg)[0];
      const shown = labelOf(row);
      assert.ok(shown.endsWith("…") && long.startsWith(shown.slice(0, -1)), shown);
      assert.ok(tooltipOf(row).startsWith(long));
      const bar = barOf(row);
      assert.ok(Number(bar.attrs.x) + Number(bar.attrs.width) < width);
    }
  });
});

/** What esc() turns a string into, decoded again: characters XML cannot carry become U+FFFD. */
function sanitized(s: string): string {
  return decode(esc(s));
}

describe("axis helpers", () => {
  it("picks 1-2-5 steps and prints milliseconds and seconds", () => {
    assert.deepEqual([0.3, 1, 1.5, 3, 7, 12, 180, 166.7, 4999].map(niceStep), [1, 1, 2, 5, 10, 20, 200, 200, 5000]);
    assert.deepEqual([0, 999.4, 1003, 9999, 12_345].map(fmtMs), ["0 ms", "999 ms", "1003 ms", "9999 ms", "12.3 s"]);
    assert.deepEqual([0, 200, 1000, 1500, 12_000, 2250].map(fmtTick), [
      "0 ms",
      "200 ms",
      "1 s",
      "1.5 s",
      "12 s",
      "2.25 s",
    ]);
  });
});

describe("spansFromReport", () => {
  it("places each check at its recorded start, with its status, summary and findings", () => {
    const spans = spansFromReport(sampleReport());
    assert.deepEqual(
      spans.map((s) => [s.label, s.startMs, s.endMs, s.status]),
      [
        ["Login shell environment", 0, 420, "ok"],
        ["Go toolchain", 420, 480, "ok"],
        ["Delve debugger", 480, 610, "error"],
        ["gopls language server", 480, 700, "ok"],
        ["Modules and workspace", 481, 1000, "info"],
        ["Go environment variables", 481, 493, "warning"],
        ["Delve and gopls compatibility", 1000, 1003, "ok"],
      ],
    );
    assert.equal(
      spans[2].detail,
      "Delve debugger summary\nGD020 Delve (dlv) was not found in GOBIN, GOPATH/bin or on PATH.",
    );
  });

  it("puts each gate where the last check it depends on ended", () => {
    const markers = gateMarkersFromReport(sampleReport());
    assert.deepEqual(markers, [
      { label: "language gate open", atMs: 700, status: "ok", detail: "gopls 0.23.0 verified" },
      { label: "debug gate blocked", atMs: 1003, status: "error", detail: "blocked by GD020" },
    ]);
    const svg = parseXml(renderTimelineSvg(spansFromReport(sampleReport()), { markers }));
    assert.equal(rowsOf(svg).length, 7);
    assert.equal(all(svg, hasClass("gd-marker")).length, 2);
  });
});

describe("the timeline of a real diagnosis", () => {
  it("shows the shell first, then go, then the tool and module checks together, then compatibility", async () => {
    // An editor started without the login PATH, dlv missing: real bash, go and gopls.
    const s = blindStart({ withDlv: false });
    try {
      const report = await diagnose({
        folder: s.module,
        processEnv: s.processEnv,
        settings: {},
        shell: { enabled: true, timeoutMs: 10_000 },
      });
      const spans = new Map(report.checks.map((c, i) => [c.id, spansFromReport(report)[i]]));
      const span = (id: string): TimelineSpan => {
        const found = spans.get(id);
        assert.ok(found, `no span for ${id}`);
        return found;
      };
      // The shell starts first; its start is the diagnosis' own (a loaded machine may put 1 ms between them).
      assert.ok(
        [...spans.values()].every((x) => span("shell").startMs <= x.startMs) && span("shell").startMs <= 5,
        `shell starts at ${span("shell").startMs} ms`,
      );
      assert.ok(span("go").startMs >= span("shell").endMs, "go waits for the login shell");
      const parallel = ["dlv", "gopls", "modules", "variables", "settings", "launch"].map(span);
      for (const p of parallel) assert.ok(p.startMs >= span("go").endMs, `${p.label} waits for go`);
      assert.ok(
        Math.max(...parallel.map((p) => p.startMs)) <= Math.min(...parallel.map((p) => p.endMs)),
        "the tool and module checks overlap",
      );
      assert.ok(
        span("compat").startMs >= Math.max(...parallel.map((p) => p.endMs)),
        "compatibility waits for every tool",
      );
      assert.equal(span("dlv").status, "error");
      assert.match(span("dlv").detail ?? "", /GD020/);

      const [language, debug] = gateMarkersFromReport(report);
      assert.equal(language.status, "ok");
      assert.equal(language.atMs, Math.max(span("shell").endMs, span("go").endMs, span("gopls").endMs));
      assert.equal(debug.label, "debug gate blocked");
      assert.ok(debug.atMs >= span("compat").endMs);

      const svg = parseXml(renderTimelineSvg(spansFromReport(report), { markers: [language, debug] }));
      assert.deepEqual(rowsOf(svg).map(labelOf).slice(0, 3), [
        "Login shell environment",
        "Editor environment",
        "Go toolchain",
      ]);
      assert.match(tooltipOf(rowsOf(svg).at(-1)!), /^Delve and gopls compatibility: /);
    } finally {
      s.cleanup();
    }
  });
});
