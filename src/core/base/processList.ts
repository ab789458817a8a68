// Listing the machine's processes, one lister per platform: /proc on Linux,
// `ps` on macOS, PowerShell's Win32_Process on Windows. Each turns its source's
// text into the same `ProcessEntry` through a pure parser, so every branch is
// tested on Linux with fixture output. The leftover-process sweep and GD070's
// restart detection read processes only through here.

import * as z from "./zod";
import { parseProcStat } from "./procStat";
import type { RunProcess } from "./process";

/** One running process as a lister sees it. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** The process group; the pid itself on Windows, which has no groups. */
  pgid: number;
  /** The command name: the kernel's, cut at 15 characters, on Linux; the executable's path on macOS; `gopls.exe` on Windows. */
  comm: string;
  /** Seconds it had run when listed: to a clock tick on Linux, whole seconds rounded down on macOS; undefined when not told. */
  ageSeconds?: number;
  /** Exited and not yet reaped. */
  zombie?: boolean;
  /** In the process group of its session's leader: a daemon that called setsid, or what runs in its group. */
  sessionGroup?: boolean;
}

export interface ProcessQuery {
  /** Only the processes whose environment holds this exact `NAME=value`. Windows cannot read other processes' environments: null there. */
  environ?: string;
}

/** What a lister needs of the outside: files (Linux) and the process runner (macOS, Windows). */
export interface ListerIo {
  readdir(dir: string): string[];
  readText(file: string): string | undefined;
}

/** The kernel's clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on every Linux architecture Node runs on). */
const USER_HZ = 100;

/** Linux: /proc/<pid>/stat, with ages from /proc/uptime; null where /proc cannot be read. */
export function listProc(io: ListerIo, query: ProcessQuery = {}): ProcessEntry[] | null {
  const pids = io.readdir("/proc").filter((n) => /^\d+$/.test(n));
  if (pids.length === 0) return null;
  const uptime = Number(io.readText("/proc/uptime")?.split(" ")[0]);
  const needle = query.environ === undefined ? undefined : `\0${query.environ}\0`;
  return pids.flatMap((pid): ProcessEntry[] => {
    // Another user's environ is unreadable, and so not ours to sweep.
    if (needle !== undefined && !`\0${io.readText(`/proc/${pid}/environ`) ?? ""}`.includes(needle)) return [];
    const stat = parseProcStat(io.readText(`/proc/${pid}/stat`) ?? "");
    if (!stat) return [];
    const age = uptime - stat.starttime / USER_HZ;
    return [
      {
        pid: Number(pid),
        ppid: stat.ppid,
        pgid: stat.pgrp,
        comm: stat.comm,
        zombie: stat.state === "Z",
        sessionGroup: stat.pgrp === stat.session,
        ...(Number.isFinite(age) ? { ageSeconds: Math.max(0, age) } : {}),
      },
    ];
  });
}

/** The columns the macOS lister asks `ps` for; the command last, as it may hold spaces. */
export const PS_COLUMNS = "pid=,ppid=,pgid=,stat=,etime=,comm=";

/** `ps`'s elapsed time, `[[dd-]hh:]mm:ss`, in seconds. */
function parseEtime(text: string): number | undefined {
  const m = /^(?:(?:(\d+)-)?(\d+):)?(\d+):(\d+)$/.exec(text);
  if (!m) return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [number, number, number, number];
  return ((d * 24 + h) * 60 + min) * 60 + s;
}

/** `ps -axww -o pid=,ppid=,pgid=,stat=,etime=,comm=` output (macOS, BSD). */
export function parsePsOutput(text: string): ProcessEntry[] {
  const rows: { entry: ProcessEntry; leader: boolean }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const [stat, etime] = [m[4] ?? "", m[5] ?? ""];
    const age = parseEtime(etime);
    const entry: ProcessEntry = { pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), comm: m[6] ?? "" };
    entry.zombie = stat.startsWith("Z");
    if (age !== undefined) entry.ageSeconds = age;
    // BSD ps shows no session id (its `sess` is a kernel address), only `s` on the session's leader.
    rows.push({ entry, leader: stat.slice(1).includes("s") });
  }
  const leaders = new Set(rows.filter((r) => r.leader).map((r) => r.entry.pid));
  return rows.map(({ entry }) => ({ ...entry, sessionGroup: leaders.has(entry.pgid) }));
}

/** The pids in `ps -axwwE -o pid=,command=` output (each command followed by its environment) whose environment holds `entry`. */
export function pidsWithEnviron(text: string, entry: string): Set<number> {
  const out = new Set<number>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    // Entries are separated by spaces: the one asked for must stand on its own.
    if (m?.[2] !== undefined && ` ${m[2]} `.includes(` ${entry} `)) out.add(Number(m[1]));
  }
  return out;
}

async function listPs(run: RunProcess, query: ProcessQuery): Promise<ProcessEntry[] | null> {
  const environ = query.environ;
  const [listing, environments] = await Promise.all([
    run(["ps", "-axww", "-o", PS_COLUMNS], { timeoutMs: 5_000 }),
    environ === undefined ? undefined : run(["ps", "-axwwE", "-o", "pid=,command="], { timeoutMs: 5_000 }),
  ]);
  if (listing.exitCode !== 0 || (environments !== undefined && environments.exitCode !== 0)) return null;
  const entries = parsePsOutput(listing.stdout);
  if (environ === undefined || environments === undefined) return entries;
  const holders = pidsWithEnviron(environments.stdout, environ);
  return entries.filter((p) => holders.has(p.pid));
}

/** PowerShell's listing: each process with its start as milliseconds since 1970 (null for the idle process). */
export const WIN32_PROCESSES_SCRIPT =
  "Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,Name," +
  "@{n='Started';e={if ($_.CreationDate) {[DateTimeOffset]::new($_.CreationDate).ToUnixTimeMilliseconds()}}} " +
  "| ConvertTo-Json -Compress";

const Win32Process = z.object({
  ProcessId: z.number(),
  ParentProcessId: z.number(),
  Name: z.nullish(z.string()),
  Started: z.nullish(z.number()),
});
const Win32Processes = z.union([z.array(Win32Process), Win32Process]);

/** `WIN32_PROCESSES_SCRIPT`'s JSON (an array, or one object when one process is listed); null when it is not that. */
export function parseWin32Processes(json: string, nowMs: number): ProcessEntry[] | null {
  const data = z.parseJsonAs(Win32Processes, json);
  if (data === undefined) return null;
  const list = Array.isArray(data) ? data : [data];
  return list.map((p) => ({
    pid: p.ProcessId,
    ppid: p.ParentProcessId,
    pgid: p.ProcessId,
    comm: p.Name ?? "",
    ...(p.Started == null ? {} : { ageSeconds: Math.max(0, (nowMs - p.Started) / 1000) }),
  }));
}

async function listWin32(run: RunProcess): Promise<ProcessEntry[] | null> {
  const r = await run(
    ["powershell.exe", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", WIN32_PROCESSES_SCRIPT],
    {
      // PowerShell itself takes a second or so to start.
      timeoutMs: 15_000,
    },
  );
  return r.exitCode === 0 ? parseWin32Processes(r.stdout, Date.now()) : null;
}

/** Every process (or those `query` asks for) on `platform`; null where it cannot be told. */
export async function listProcessesOn(
  platform: "linux" | "darwin" | "win32",
  io: ListerIo,
  run: RunProcess,
  query: ProcessQuery = {},
): Promise<ProcessEntry[] | null> {
  switch (platform) {
    case "linux":
      return listProc(io, query);
    case "darwin":
      return listPs(run, query);
    case "win32":
      return query.environ === undefined ? listWin32(run) : null;
  }
}
