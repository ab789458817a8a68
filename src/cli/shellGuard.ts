// `go-doctor --profile-shell --fix`: offers the guard for the costliest line
// of the user's own rc files that GD004 named, and writes it only after a yes
// (a line that sets PATH or a GO* variable needs a yes typed on a terminal).

import { applyGuard, describeGuard, planGuard } from "../core/shell/rcGuard";
import { homeRelative } from "../core/shell/profiler";
import { LAZY_LOAD_TITLE } from "../core/shell/slowShell";
import type { Report } from "../core/model/report";

export interface GuardIo {
  say: (text: string) => void;
  yes: boolean;
  stdinIsTTY: boolean;
  home: string | undefined;
  ask: (question: string) => Promise<string>;
}

/** Returns false when the user's answer was needed and could not be asked. */
export async function offerShellGuard(report: Report, io: GuardIo): Promise<boolean> {
  const finding = report.findings.find((f) => f.code === "GD004" && f.location?.line);
  if (!finding?.location?.line || !report.env.shell) {
    io.say("\nNo line of your own rc files to guard.\n");
    return true;
  }
  const plan = planGuard({ file: finding.location.file, line: finding.location.line, shell: report.env.shell });
  if (!plan.ok) {
    io.say(`\n${plan.message}\n`);
    return true;
  }
  const lazy = finding.fixes?.some((f) => f.title.startsWith(LAZY_LOAD_TITLE)) ?? false;
  const warning = plan.warning ?? (lazy ? "This line sets PATH or a GO variable the Go tools may need." : undefined);
  io.say(`\nGuard for the costliest line:\n${describeGuard(plan, homeRelative(plan.file, io.home))}\n`);
  if (warning) io.say(`Warning: ${warning}\n`);
  if (!io.yes || warning) {
    if (!io.stdinIsTTY) {
      io.say(
        warning
          ? "Not applied: a line the Go tools may need is only guarded after a yes on a terminal.\n"
          : "Not applied: --fix needs --yes when not run on a terminal.\n",
      );
      return io.yes;
    }
    const answer = await io.ask("Apply this edit? The file is backed up first. [y/N] ");
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.say("Nothing was changed.\n");
      return true;
    }
  }
  const r = applyGuard(plan);
  io.say(r.ok ? `✓ guarded; the previous file is at ${homeRelative(r.backup, io.home)}\n` : `✗ ${r.message}\n`);
  return true;
}
