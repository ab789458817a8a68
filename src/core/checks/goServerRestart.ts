// GD070, the restart case: the Go extension reads go.goroot and go.toolsGopath
// when its language server starts, and does not restart the server when they
// change. Until someone restarts it, gopls keeps running with the old values
// while the settings say otherwise. This file decides when that is the case:
// the settings differ from those the running server started with, and no gopls
// child of the editor's extension host has started since the change.

import { finding } from "../model/findings";
import type { Finding } from "../model/findings";
import { hostPlatform, type Platform, type ProcessEntry } from "../base/platform";
import { runProcess, type RunProcess } from "../base/process";

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

/** Clock slack: Linux counts a process's start in 10 ms ticks rounded down, /proc/uptime to 10 ms. */
const SLACK_SECONDS = 0.02;

export interface ProcessLookup {
  /** The host's unless a test simulates another. */
  platform?: Platform;
  /** Runs `ps` (macOS) or PowerShell (Windows); the plain runner by default. */
  run?: RunProcess;
  /** The extension host: the Go extension's gopls is its child. */
  parentPid?: number;
}

/**
 * Children of the extension host whose executable is called `name` (gopls, gopls.exe), from the
 * platform's process lister; null where processes cannot be listed, so the caller cannot tell.
 */
export async function childProcesses(name: string, lookup: ProcessLookup = {}): Promise<ProcessEntry[] | null> {
  const platform = lookup.platform ?? hostPlatform();
  const parent = lookup.parentPid ?? process.pid;
  const listed = await platform.listProcesses(lookup.run ?? runProcess);
  if (!listed) return null;
  // Linux cuts the name at 15 characters; macOS gives the executable's path; Windows adds .exe, in any case.
  const fold = (s: string): string => (platform.name === "linux" ? s : s.toLowerCase());
  const want = fold(platform.executable(name).slice(0, platform.name === "linux" ? 15 : undefined));
  return listed.filter((p) => p.ppid === parent && fold(platform.path.basename(p.comm)) === want);
}

/**
 * True when a gopls child of the extension host started after `changedAtMs` (someone restarted
 * the server); false when every gopls child is older; null when it cannot be told (no process
 * list, no gopls child, or no start times).
 */
export async function restartedSince(
  changedAtMs: number,
  lookup: ProcessLookup & { nowMs?: number } = {},
): Promise<boolean | null> {
  const children = (await childProcesses("gopls", lookup))?.filter((c) => c.ageSeconds !== undefined);
  if (!children || children.length === 0) return null;
  const sinceChange = ((lookup.nowMs ?? Date.now()) - changedAtMs) / 1000;
  return children.some((c) => (c.ageSeconds ?? Infinity) - SLACK_SECONDS < sinceChange);
}
