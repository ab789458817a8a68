// The status bar item rendered from the readiness state: one pure function,
// so every state's text, colour and tooltip is tested without VS Code.

import type { GateVerdict, ReadinessState } from "../core/readiness/readiness";

export interface StatusContext {
  /** golang.go is installed: its gopls and debug adapter are in charge. */
  goExtension: boolean;
  trusted: boolean;
  languageServerMode: "auto" | "always" | "never";
}

export interface StatusView {
  /** With codicons, e.g. "$(check) Go 1.26.8 · dlv 1.27.2". */
  text: string;
  /** Markdown with command links. */
  tooltip: string;
  background: "warning" | "error" | undefined;
  ariaLabel: string;
}

const LINKS = [
  ["Show Report", "goDoctor.showReport"],
  ["Fix Environment", "goDoctor.fixEnvironment"],
  ["Re-check", "goDoctor.recheck"],
  ["Open Log", "goDoctor.openLog"],
] as const;

export function renderStatus(s: ReadinessState, ctx: StatusContext): StatusView {
  const versions = versionText(s);
  let text: string;
  let background: StatusView["background"];
  switch (s.overall) {
    case "checking": {
      const waiting = s.language.status === "pending" ? s.language.reason : s.debug.reason;
      text = `$(loading~spin) Go: ${waiting}`;
      break;
    }
    case "ready":
      text = `$(check) ${versions}`;
      break;
    case "degraded":
      text = `$(warning) ${versions}`;
      background = "warning";
      break;
    case "blocked":
      text = `$(error) ${s.versions.go ? versions : "Go"}: blocked`;
      background = "error";
      break;
  }
  return { text, tooltip: tooltipOf(s, ctx), background, ariaLabel: `Go Doctor: ${s.overall}. ${stripIcons(text)}` };
}

function versionText(s: ReadinessState): string {
  const parts = [`Go ${s.versions.go ?? "?"}`];
  parts.push(s.versions.dlv ? `dlv ${s.versions.dlv}` : "no dlv");
  return parts.join(" · ");
}

function tooltipOf(s: ReadinessState, ctx: StatusContext): string {
  const lines: string[] = [];
  lines.push(
    `**Go Doctor** — ${s.overall}${s.overall === "checking" && s.report ? " (showing the previous results)" : ""}`,
  );
  lines.push("");
  lines.push("| | |");
  lines.push("|---|---|");
  lines.push(`| Language gate | ${gateText(s.language)} |`);
  lines.push(`| Debug gate | ${gateText(s.debug)} |`);
  lines.push(`| gopls | ${escapeMd(languageServerText(s, ctx))} |`);
  lines.push("");
  if (s.slowest) lines.push(`Slowest step: ${escapeMd(s.slowest.title)} (${formatMs(s.slowest.ms)})`, "");
  if (s.report) {
    const { errors, warnings } = s.report.summary;
    lines.push(`${plural(errors, "error")}, ${plural(warnings, "warning")}`, "");
  }
  if (!ctx.trusted) lines.push("$(shield) Restricted mode: workspace settings that name programs are ignored.", "");
  lines.push(LINKS.map(([title, cmd]) => `[${title}](command:${cmd})`).join(" · "));
  return lines.join("\n");
}

function gateText(g: GateVerdict): string {
  const mark =
    g.status === "open" ? "$(check) open" : g.status === "closed" ? "$(error) closed" : "$(loading~spin) waiting";
  return `${mark}: ${escapeMd(oneLine(g.reason))}`;
}

function languageServerText(s: ReadinessState, ctx: StatusContext): string {
  if (ctx.goExtension) return "run by the Go extension; Go Doctor checks its settings";
  if (ctx.languageServerMode === "never") return 'off (goDoctor.languageServer is "never")';
  if (!ctx.trusted) return "off in Restricted Mode";
  switch (s.languageServer) {
    case "running":
      return "running with the captured environment";
    case "starting":
      return "starting";
    case "stopping":
      return "restarting";
    case "failed":
      return "failed to start (see the log)";
    case "off":
      return "off";
    case "stopped":
      return s.language.status === "open" ? "starting" : "waiting for the language gate";
  }
}

/** Text from tools and messages is shown literally, never as markdown or a link. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$~]/g, (c) => `\\${c}`);
}

function oneLine(text: string): string {
  const first = text.split("\n")[0] ?? "";
  return first.length > 160 ? `${first.slice(0, 157)}…` : first;
}

function stripIcons(text: string): string {
  return text.replace(/\$\([^)]*\)\s*/g, "");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
