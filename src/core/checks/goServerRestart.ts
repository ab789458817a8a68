// GD070, the restart case: the Go extension reads go.goroot and go.toolsGopath
// when its language server starts, and does not restart the server when they
// change. Until someone restarts it, gopls keeps running with the old values
// while the settings say otherwise. This file decides when that is the case:
// the settings differ from those the running server started with, and no gopls
// child of the editor's extension host has started since the change.

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as path from "node:path";
import type { Finding } from "../model/findings";
import { parseProcStat } from "../base/procStat";

/** The settings the Go extension reads only when its language server starts. */
export const RESTART_KEYS = ["goroot", "toolsGopath"] as const;
export type RestartKey = (typeof RESTART_KEYS)[number];
export type RestartSettings = Partial<Record<RestartKey, string>>;

/** Title of the fix that asks the Go extension to restart its language server (go.languageserver.restart). */
export const RESTART_GO_SERVER = "Restart the Go extension's language server";

const shown = (v: string | undefined): string => (v === undefined || v === "" ? "unset" : JSON.stringify(v));

/** GD070 when the settings the server started with differ from the current ones; null when they match. */
export function restartPendingFinding(
  startedWith: RestartSettings,
  now: RestartSettings,
  changedAt?: Date,
): Finding | null {
  const changed = RESTART_KEYS.filter((k) => (startedWith[k] ?? "") !== (now[k] ?? ""));
  if (changed.length === 0) return null;
  const what = changed.map((k) => `go.${k} changed from ${shown(startedWith[k])} to ${shown(now[k])}`).join(" and ");
  const when = changedAt ? ` at ${changedAt.toTimeString().slice(0, 8)}` : "";
  return finding(
    "GD070",
    `${what}${when}, but the Go extension's language server has not restarted since: gopls still runs with the old ${changed.length === 1 ? "value" : "values"}.`,
    {
      fixes: [
        {
          kind: "manual",
          title: RESTART_GO_SERVER,
          detail:
            'Run "Go: Restart Language Server" from the Command Palette (Go Doctor runs it for you from Fix Environment).',
        },
      ],
    },
  );
}

/** Seconds since boot, from /proc/uptime; null where there is no /proc (macOS, Windows). */
export function uptimeSeconds(procRoot = "/proc"): number | null {
  try {
    const first = fs.readFileSync(path.join(procRoot, "uptime"), "utf8").split(" ")[0];
    const n = Number(first);
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** The kernel's clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on every Linux architecture Node runs on). */
const USER_HZ = 100;

export interface ChildStart {
  pid: number;
  /** Seconds since boot when the process started. */
  startedAt: number;
}

/**
 * Children of `parentPid` whose executable is called `name` (gopls), with their
 * start times; null where /proc cannot be read, so the caller cannot tell.
 */
export function childProcesses(parentPid: number, name: string, procRoot = "/proc"): ChildStart[] | null {
  let entries: string[];
  try {
    entries = fs.readdirSync(procRoot).filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  const out: ChildStart[] = [];
  for (const e of entries) {
    let stat: string;
    try {
      stat = fs.readFileSync(path.join(procRoot, e, "stat"), "utf8");
    } catch {
      continue; // gone, or not ours to read
    }
    const parsed = parseProcStat(stat);
    if (!parsed || parsed.ppid !== parentPid || !Number.isFinite(parsed.starttime)) continue;
    // comm is cut at 15 characters; a renamed binary shows in argv[0] instead.
    let matches = parsed.comm === name.slice(0, 15);
    if (!matches) {
      try {
        const argv0 = fs.readFileSync(path.join(procRoot, e, "cmdline"), "utf8").split("\0")[0] ?? "";
        matches = path.basename(argv0) === name;
      } catch {
        matches = false;
      }
    }
    if (matches) out.push({ pid: Number(e), startedAt: parsed.starttime / USER_HZ });
  }
  return out;
}

/**
 * True when a gopls child of this process started after `sinceUptime` (someone
 * restarted the server); false when every gopls child is older; null when it
 * cannot be told (no /proc, or no gopls child to look at).
 */
export function restartedSince(sinceUptime: number, parentPid = process.pid, procRoot = "/proc"): boolean | null {
  const children = childProcesses(parentPid, "gopls", procRoot);
  if (!children || children.length === 0) return null;
  // Start times are whole ticks (10 ms), rounded down.
  return children.some((c) => c.startedAt + 1 / USER_HZ > sinceUptime);
}
