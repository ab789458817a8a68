// The report page shown in the Go Doctor webview, as one HTML string. Imports
// no `vscode`, so it is tested under plain Node and in a real browser. No
// scripts: actions are `command:` links, which the panel allows one by one.

import { describeFix } from "../core/diagnosis/fixes";
import { FAULTS, faultDocAnchor } from "../core/model/faults";
import type { Report, ReportCheck, ReportFinding, ToolReport } from "../core/model/report";
import {
  esc,
  fmtMs,
  gateMarkersFromReport,
  renderTimelineSvg,
  spansFromReport,
  type TimelineMarker,
  type TimelineSpan,
} from "../core/readiness/timelineSvg";
import { shellProfileSvg } from "./shellProfileHtml";

/** The commands the page links to; the panel enables exactly these. */
export const REPORT_COMMANDS = [
  "goDoctor.fixEnvironment",
  "goDoctor.recheck",
  "goDoctor.copyReport",
  "goDoctor.saveReport",
  "goDoctor.openLog",
] as const;

export interface ReportHtmlOptions {
  /** Fresh per render; the one inline style block carries it. */
  nonce: string;
  theme: "light" | "dark";
  /** Web page of the fault catalogue, e.g. the repository's docs/faults.md; codes link to its sections. */
  faultDocBase?: string;
  /** Start-up spans measured by the editor; by default the report's own check timings. */
  timeline?: TimelineSpan[];
  /** Moments on that timeline (gates opening); by default where the report's gates could decide. */
  markers?: TimelineMarker[];
}

/** A long editor session records hundreds of steps; the page draws the most recent ones. */
export const MAX_TIMELINE_ROWS = 80;

type Status = ReportCheck["status"];

const MARK: Record<Status, { sym: string; word: string }> = {
  ok: { sym: "✓", word: "ok" },
  warning: { sym: "!", word: "warning" },
  error: { sym: "✗", word: "error" },
  info: { sym: "i", word: "info" },
  skipped: { sym: "–", word: "skipped" },
};

export function renderReportHtml(report: Report, opts: ReportHtmlOptions): string {
  const nonce = esc(opts.nonce);
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    "script-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const allSpans = opts.timeline ?? spansFromReport(report);
  const spans = allSpans.slice(-MAX_TIMELINE_ROWS);
  const markers = opts.timeline ? (opts.markers ?? []) : gateMarkersFromReport(report);
  const cut =
    allSpans.length > spans.length ? `<p class="muted">The last ${spans.length} of ${allSpans.length} steps.</p>` : "";
  const docLink = (code: string): string => {
    const href = faultHref(opts.faultDocBase, code);
    return href
      ? `<a class="code" href="${esc(href)}" title="${esc(`What ${code} means and how to fix it`)}">${esc(code)}</a>`
      : `<span class="code">${esc(code)}</span>`;
  };

  return [
    `<!DOCTYPE html>`,
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>Go Doctor Report</title>`,
    `<style nonce="${nonce}">${STYLE}</style>`,
    `</head><body>`,
    header(report),
    overall(report, docLink),
    actions(report),
    section(
      "Start-up timeline",
      `${cut}<div class="timeline">${renderTimelineSvg(spans, { width: 760, theme: opts.theme, markers })}</div>`,
    ),
    shellPicture(report, opts.theme),
    section("Checks", checks(report)),
    section(`Findings (${report.findings.length})`, findings(report.findings, docLink)),
    section("Tools", tools(report)),
    section("Environment", environment(report)),
    section("What Go Doctor ran", evidence(report)),
    `<footer>Go Doctor ${esc(report.goDoctorVersion)} · report schema ${report.schemaVersion} · generated ${esc(report.generatedAt)}</footer>`,
    `</body></html>`,
  ].join("\n");
}

function shellPicture(report: Report, theme: "light" | "dark"): string {
  const svg = shellProfileSvg(report, theme);
  return svg ? section("Login shell start-up (GD004)", `<div class="timeline">${svg}</div>`) : "";
}

/** docs/faults.md on GitHub, from package.json's `repository` (a string or `{ url }`); undefined for anything else. */
export function faultDocBaseOf(repository: unknown): string | undefined {
  const url =
    typeof repository === "string"
      ? repository
      : typeof repository === "object" && repository !== null
        ? (repository as { url?: unknown }).url
        : undefined;
  if (typeof url !== "string") return undefined;
  const m = /^(?:git\+)?(https:\/\/github\.com\/[\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(url);
  return m ? `${m[1]}/blob/HEAD/docs/faults.md` : undefined;
}

function faultHref(base: string | undefined, code: string): string | undefined {
  if (!base || !/^https:\/\/[^\s"'<>]+$/.test(base)) return undefined;
  return `${base}#${faultDocAnchor(code).split("#")[1]}`;
}

function header(r: Report): string {
  return [
    `<header><h1>Go Doctor</h1>`,
    `<p class="folder">${esc(r.folder)}</p>`,
    r.sample
      ? `<p class="note">This folder has no Go project yet, so Go Doctor checked its bundled sample module with your tools instead.</p>`
      : "",
    `</header>`,
  ].join("");
}

function overall(r: Report, docLink: (code: string) => string): string {
  const { errors, warnings, infos } = r.summary;
  const state: Status = errors ? "error" : warnings ? "warning" : "ok";
  const headline = errors
    ? `Not ready: ${count(errors, "error")}${warnings ? `, ${count(warnings, "warning")}` : ""}`
    : warnings
      ? `Ready, with ${count(warnings, "warning")}`
      : "Ready";
  const gate = (name: string, g: Report["gates"]["language"]): string =>
    `<li class="gate ${g.open ? "open" : "blocked"}">${mark(g.open ? "ok" : "error")}<strong>${name}</strong> ${g.open ? "open" : "blocked"}` +
    ` <span class="muted">— ${g.codes.length && !g.open ? `blocked by ${g.codes.map(docLink).join(", ")}` : esc(g.reason)}</span></li>`;
  return [
    `<section class="overall ${state}" aria-label="Overall state">`,
    `<p class="headline">${mark(state)}${esc(headline)}${infos ? ` <span class="muted">(${count(infos, "note")})</span>` : ""}</p>`,
    `<ul class="gates">${gate("Language features (gopls)", r.gates.language)}${gate("Debugging (dlv)", r.gates.debug)}</ul>`,
    `</section>`,
  ].join("");
}

function actions(r: Report): string {
  const fixable = r.findings.some((f) => (f.fixes ?? []).some((x) => x.kind !== "manual"));
  const button = (cmd: (typeof REPORT_COMMANDS)[number], label: string, primary = false): string =>
    `<a class="button${primary ? " primary" : ""}" href="command:${cmd}">${esc(label)}</a>`;
  return `<nav class="actions">${[
    fixable ? button("goDoctor.fixEnvironment", "Fix Environment…", true) : "",
    button("goDoctor.recheck", "Re-check", !fixable),
    button("goDoctor.copyReport", "Copy Report"),
    button("goDoctor.saveReport", "Save Report…"),
    button("goDoctor.openLog", "Open Log"),
  ].join("")}</nav>`;
}

function checks(r: Report): string {
  const rows = r.checks.map(
    (c) =>
      `<tr class="${c.status}"><td>${mark(c.status)}</td><td>${esc(c.title)}</td><td>${esc(c.summary)}</td><td class="num">${esc(fmtMs(c.durationMs))}</td></tr>`,
  );
  return table(["", "Area", "Result", "Time"], rows);
}

function findings(list: readonly ReportFinding[], docLink: (code: string) => string): string {
  if (list.length === 0) return `<p class="muted">No findings: every check passed.</p>`;
  return list
    .map((f) => {
      const title = FAULTS.get(f.code)?.title;
      return [
        `<article class="finding ${f.severity}">`,
        `<h3>${mark(f.severity)}${docLink(f.code)} ${title ? esc(title) : ""}</h3>`,
        `<p>${esc(f.message)}</p>`,
        f.location
          ? `<p class="muted">in <code>${esc(f.location.file)}${f.location.line !== undefined ? `:${f.location.line}` : ""}</code></p>`
          : "",
        f.details?.length ? `<pre>${esc(f.details.join("\n"))}</pre>` : "",
        f.fixes?.length ? `<ul class="fixes">${f.fixes.map(fixItem).join("")}</ul>` : "",
        `</article>`,
      ].join("");
    })
    .join("\n");
}

function fixItem(fix: NonNullable<ReportFinding["fixes"]>[number]): string {
  const text = describeFix(fix);
  if (fix.kind === "manual") return `<li><strong>${esc(fix.title)}</strong>: ${esc(text)}</li>`;
  return `<li><a class="button small" href="command:goDoctor.fixEnvironment" title="${esc(`Fix Environment lists this fix and asks before applying it`)}">Fix</a> <strong>${esc(fix.title)}</strong> <code>${esc(text)}</code></li>`;
}

function tools(r: Report): string {
  const rows = (["go", "dlv", "gopls"] as const).map((name) => {
    const t: ToolReport = r.tools[name];
    return `<tr><td><strong>${name}</strong></td><td>${t.path ? `<code>${esc(t.path)}</code>` : `<span class="muted">not found</span>`}</td><td>${esc(t.version ?? "—")}</td><td>${esc(t.builtWith ?? "—")}</td><td>${esc(t.reason)}</td></tr>`;
  });
  const candidates = (["go", "dlv", "gopls"] as const).flatMap((name) =>
    r.tools[name].candidates.map(
      (c) =>
        `<tr${c.path === r.tools[name].path ? ` class="chosen"` : ""}><td>${name}</td><td><code>${esc(c.path)}</code></td><td>${esc(c.source)}</td><td>${esc(c.version ?? "—")}</td><td>${esc(c.builtWith ?? "—")}</td><td>${c.onPath ? "yes" : "no"}</td><td>${esc(c.probeError ?? "")}</td></tr>`,
    ),
  );
  return [
    table(["Tool", "Path", "Version", "Built with Go", "Why this one"], rows, "tools"),
    candidates.length
      ? `<details><summary>All candidates (${candidates.length})</summary>${table(["Tool", "Path", "Found via", "Version", "Built with Go", "On PATH", "Problem"], candidates, "candidates")}</details>`
      : "",
  ].join("");
}

function environment(r: Report): string {
  const lines = [
    `<p>${r.env.source === "login-shell" ? `Captured from the login shell <code>${esc(r.env.shell ?? "")}</code> in ${esc(fmtMs(r.env.durationMs))}.` : `Using the editor's own environment${r.env.shell ? ` (the login shell <code>${esc(r.env.shell)}</code> could not be used)` : ""}.`}`,
    r.go.activeVersion
      ? ` Builds here use Go ${esc(r.go.activeVersion)}${r.go.localVersion && r.go.localVersion !== r.go.activeVersion ? ` (the local toolchain is ${esc(r.go.localVersion)})` : ""}.`
      : "",
    `</p>`,
  ];
  const drift = Object.entries(r.env.drift);
  if (drift.length) {
    lines.push(
      `<p>The editor's environment differs from a fresh login shell:</p>`,
      table(
        ["Variable", "Editor", "Login shell"],
        drift.map(
          ([k, v]) =>
            `<tr><td><code>${esc(k)}</code></td><td><code>${esc(v.process ?? "(unset)")}</code></td><td><code>${esc(v.login ?? "(unset)")}</code></td></tr>`,
        ),
      ),
    );
  }
  if (r.go.env) {
    const keys = [
      "GOROOT",
      "GOPATH",
      "GOBIN",
      "GOMOD",
      "GOWORK",
      "GOFLAGS",
      "GOTOOLCHAIN",
      "GOPROXY",
      "GOVERSION",
    ].filter((k) => r.go.env?.[k]);
    lines.push(
      `<details><summary>go env</summary>${table(
        ["Variable", "Value"],
        keys.map((k) => `<tr><td><code>${k}</code></td><td><code>${esc(r.go.env?.[k] ?? "")}</code></td></tr>`),
      )}</details>`,
    );
  }
  return lines.join("");
}

/** Output longer than this is cut in the page; Copy Report and Save Report keep all of it. */
export const MAX_EVIDENCE_OUTPUT = 4000;

function evidence(r: Report): string {
  const withEvidence = r.checks.filter((c) => c.evidence.length > 0);
  if (withEvidence.length === 0) return `<p class="muted">No commands were run.</p>`;
  return withEvidence
    .map((c) => {
      const items = c.evidence.map((e) => {
        const outcome = e.timedOut
          ? "timed out"
          : e.signal
            ? `signal ${e.signal}`
            : e.exitCode === undefined
              ? ""
              : e.exitCode === null
                ? "no exit code"
                : `exit ${e.exitCode}`;
        const meta = [outcome, e.durationMs === undefined ? "" : fmtMs(e.durationMs), e.cwd ? `in ${e.cwd}` : ""]
          .filter(Boolean)
          .join(" · ");
        const output = e.output ?? "";
        const shown =
          output.length > MAX_EVIDENCE_OUTPUT
            ? `${output.slice(0, MAX_EVIDENCE_OUTPUT)}\n… (${output.length - MAX_EVIDENCE_OUTPUT} more characters in the saved report)`
            : output;
        return `<li><code>${esc(e.command.join(" "))}</code>${meta ? ` <span class="muted">${esc(meta)}</span>` : ""}${shown ? `<pre>${esc(shown)}</pre>` : ""}</li>`;
      });
      return `<details><summary>${mark(c.status)}${esc(c.title)} <span class="muted">(${count(c.evidence.length, "command")})</span></summary><ul class="evidence">${items.join("")}</ul></details>`;
    })
    .join("");
}

function section(title: string, body: string): string {
  return `<section><h2>${esc(title)}</h2>${body}</section>`;
}

function table(head: string[], rows: string[], cls?: string): string {
  return `<table${cls ? ` class="${cls}"` : ""}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function mark(s: Status): string {
  return `<span class="mark ${s}" title="${MARK[s].word}" aria-hidden="true">${MARK[s].sym}</span><span class="sr">${MARK[s].word}: </span>`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// VS Code's theme variables, with fallbacks so the page also reads in a plain browser.
const STYLE = `
body{font-family:var(--vscode-font-family,system-ui,sans-serif);font-size:var(--vscode-font-size,13px);color:var(--vscode-foreground,#1f2328);background:var(--vscode-editor-background,#fff);padding:0 20px 24px;max-width:1000px;line-height:1.45}
h1{font-size:1.5em;margin:16px 0 2px}h2{font-size:1.15em;margin:22px 0 8px;border-bottom:1px solid var(--vscode-panel-border,#d1d9e0);padding-bottom:4px}h3{font-size:1em;margin:0 0 4px}
a{color:var(--vscode-textLink-foreground,#0969da);text-decoration:none}a:hover{text-decoration:underline}
code,pre{font-family:var(--vscode-editor-font-family,ui-monospace,monospace);font-size:.92em}
pre{background:var(--vscode-textCodeBlock-background,#f6f8fa);padding:6px 8px;tab-size:4;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.muted,.folder,footer{color:var(--vscode-descriptionForeground,#59636e)}.folder{margin:0;word-break:break-all}
.note{border-left:3px solid var(--vscode-editorInfo-foreground,#1565c0);padding-left:8px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.mark{display:inline-block;width:1.2em;text-align:center;font-weight:bold;margin-right:4px}
.mark.ok{color:var(--vscode-testing-iconPassed,#2e7d32)}.mark.warning{color:var(--vscode-editorWarning-foreground,#b26a00)}.mark.error{color:var(--vscode-errorForeground,#c62828)}.mark.info{color:var(--vscode-editorInfo-foreground,#1565c0)}.mark.skipped{color:var(--vscode-descriptionForeground,#59636e)}
.overall{margin-top:12px}.headline{font-size:1.2em;font-weight:600;margin:6px 0}.gates{list-style:none;padding:0;margin:0}.gate{margin:2px 0}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:14px 0 4px}
.button{display:inline-block;padding:4px 12px;border-radius:2px;background:var(--vscode-button-secondaryBackground,#e1e4e8);color:var(--vscode-button-secondaryForeground,#1f2328)}
.button.primary{background:var(--vscode-button-background,#0969da);color:var(--vscode-button-foreground,#fff)}
.button:hover{text-decoration:none;background:var(--vscode-button-hoverBackground,#0550ae);color:var(--vscode-button-foreground,#fff)}
.button.small{padding:0 8px;font-size:.9em}
.timeline{overflow-x:auto}.timeline svg{max-width:100%;height:auto}
.gd-timeline .gd-bg{fill:transparent}.gd-timeline .gd-label,.gd-timeline .gd-marker text{fill:var(--vscode-foreground,#1f2328)}
.gd-timeline .gd-tick,.gd-timeline .gd-duration:not(.gd-inside),.gd-timeline .gd-legend text{fill:var(--vscode-descriptionForeground,#59636e)}
.gd-timeline .gd-grid{stroke:var(--vscode-panel-border,#d1d9e0)}
table{border-collapse:collapse;width:100%;margin:4px 0}th,td{text-align:left;vertical-align:top;padding:3px 8px;border-bottom:1px solid var(--vscode-panel-border,#d1d9e0)}
th{font-weight:600}td.num{text-align:right;white-space:nowrap}td code{overflow-wrap:anywhere}tr.chosen td{font-weight:600}
.tools,.candidates{table-layout:fixed}.tools td,.candidates td{overflow-wrap:anywhere}
.tools th:nth-child(1){width:4em}.tools th:nth-child(2){width:38%}.tools th:nth-child(3),.tools th:nth-child(4){width:6.5em}
.candidates th:nth-child(1){width:3.5em}.candidates th:nth-child(2){width:30%}.candidates th:nth-child(n+3){width:auto}
.finding{border-left:3px solid var(--vscode-panel-border,#d1d9e0);padding:4px 0 4px 10px;margin:10px 0}
.finding.error{border-color:var(--vscode-errorForeground,#c62828)}.finding.warning{border-color:var(--vscode-editorWarning-foreground,#b26a00)}.finding.info{border-color:var(--vscode-editorInfo-foreground,#1565c0)}
.finding p{margin:2px 0}.code{font-family:var(--vscode-editor-font-family,monospace);font-weight:600}.fixes{padding-left:18px;margin:4px 0}.fixes li{margin:3px 0}
details{margin:6px 0}.evidence{list-style:none;padding-left:18px;margin:4px 0}.evidence li{margin:6px 0}.evidence pre{max-height:16em;overflow:auto}summary{cursor:pointer}footer{margin-top:28px;font-size:.9em}
`;
