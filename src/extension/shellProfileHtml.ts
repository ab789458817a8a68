// The login shell's start-up as a picture for the report page: one bar per rc
// file (its own time) and per costly line (with what it ran), drawn with the
// timeline's renderer, from the GD004 finding. No finding, no picture.

import type { Report } from "../core/model/report";
import { renderTimelineSvg, type TimelineSpan } from "../core/readiness/timelineSvg";
import { profileBars } from "../core/shell/slowShell";

export function shellProfileSvg(report: Report, theme: "light" | "dark"): string | undefined {
  const finding = report.findings.find((f) => f.code === "GD004");
  const bars = profileBars(finding?.details);
  if (!finding || bars.length === 0) return undefined;
  const spans: TimelineSpan[] = [...bars]
    .sort((a, b) => (a.kind === b.kind ? b.ms - a.ms : a.kind === "file" ? -1 : 1))
    .map((b) => ({
      label: b.kind === "file" ? b.label : `▸ ${b.label}`,
      startMs: 0,
      endMs: b.ms,
      status: b.kind === "file" ? "info" : finding.severity,
      detail: b.kind === "file" ? "time spent in this file's own lines" : "this line and everything it ran",
    }));
  return renderTimelineSvg(spans, { width: 760, theme });
}
