// Text output in the manner of `flutter doctor`: one line per area with
// ✓ / ! / ✗, findings indented below with their code and the exact fix.

import { describeFix } from "../core/diagnosis/fixes";
import type { Report, ReportCheck } from "../core/model/report";

export interface RenderOptions {
  verbose: boolean;
  color: boolean;
}

const MARK: Record<ReportCheck["status"], string> = { ok: "✓", warning: "!", error: "✗", info: "•", skipped: "-" };

export function renderReport(report: Report, opts: RenderOptions): string {
  const c = colors(opts.color);
  const paint: Record<ReportCheck["status"], (s: string) => string> = {
    ok: c.green,
    warning: c.yellow,
    error: c.red,
    info: c.cyan,
    skipped: c.dim,
  };
  const lines: string[] = [];
  lines.push(
    c.bold(`Go Doctor ${report.goDoctorVersion}`) +
      ` — ${report.folder}${report.sample ? c.dim(" (no Go project here: diagnosing the bundled sample module)") : ""}`,
  );
  lines.push("");
  for (const check of report.checks) {
    const timing = opts.verbose ? c.dim(` (${check.durationMs} ms)`) : "";
    lines.push(`${paint[check.status](`[${MARK[check.status]}]`)} ${check.title}: ${check.summary}${timing}`);
    for (const f of check.findings) {
      const sev = f.severity === "error" ? c.red("✗") : f.severity === "warning" ? c.yellow("!") : c.cyan("•");
      lines.push(`    ${sev} ${c.bold(f.code)} ${f.message}`);
      if (f.location)
        lines.push(
          `      at ${f.location.file}${f.location.line ? `:${f.location.line}${f.location.column ? `:${f.location.column}` : ""}` : ""}`,
        );
      for (const d of f.details ?? []) lines.push(`      ${d}`);
      for (const fix of f.fixes ?? []) lines.push(`      ${c.green("fix:")} ${describeFix(fix)}`);
    }
    if (opts.verbose) {
      for (const e of check.evidence) {
        const status = e.timedOut ? "timed out" : e.signal ? `signal ${e.signal}` : `exit ${e.exitCode ?? "?"}`;
        lines.push(
          c.dim(
            `      $ ${e.command.join(" ")}${e.cwd ? `  (in ${e.cwd})` : ""}  → ${status}${e.durationMs !== undefined ? `, ${e.durationMs} ms` : ""}`,
          ),
        );
        for (const out of (e.output ?? "").split("\n").filter(Boolean).slice(0, 12))
          lines.push(c.dim(`        ${out}`));
      }
    }
  }
  lines.push("");
  const gate = (name: string, g: Report["gates"]["language"]) =>
    `${name}: ${g.open ? c.green("open") : c.red("closed")} (${g.reason})`;
  lines.push(`${gate("Language server gate", report.gates.language)}`);
  lines.push(`${gate("Debug gate", report.gates.debug)}`);
  if (report.platform && !report.platform.verified)
    lines.push(
      c.dim(
        `Not verified on ${report.platform.name} (tested on Linux only): ${report.platform.unverifiedCodes.join(", ")} are reported but close no gate.`,
      ),
    );
  if (opts.verbose) {
    const t = Object.entries(report.timings)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(", ");
    lines.push(c.dim(`Timings: ${t}`));
  }
  lines.push("");
  const { errors, warnings, infos } = report.summary;
  if (errors + warnings + infos === 0) lines.push(c.green("• No issues found."));
  else
    lines.push(
      `${errors ? c.red("✗") : c.yellow("!")} Doctor found ${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(infos, "note")}. Codes are explained in docs/faults.md.`,
    );
  return lines.join("\n") + "\n";
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function colors(on: boolean) {
  const wrap = (code: number) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), cyan: wrap(36), bold: wrap(1), dim: wrap(2) };
}
