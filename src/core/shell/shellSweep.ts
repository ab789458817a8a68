// Job-control shells (tcsh, or any rc that runs `set -m`) put an rc file's
// background jobs in process groups of their own, which the group kill of
// runProcess misses. Every process of one capture inherits a random token in
// its environment; afterwards the ones still alive are killed, except those
// leading their own session (daemons such as ssh-agent that the rc started on
// purpose and whose sockets the captured environment points at). Linux only:
// elsewhere there is no /proc to read and this does nothing.

import { promises as fs } from "node:fs";
import { parseProcStat } from "../base/procStat";

export const CAPTURE_TOKEN_VAR = "GO_DOCTOR_CAPTURE_ID";

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await fs.readFile(file, "latin1");
  } catch {
    // Gone meanwhile, or another user's process.
    return "";
  }
}

/** Kills what is left of one capture; returns the pids it killed. Reads /proc without blocking the event loop. */
export async function sweepCapture(token: string): Promise<number[]> {
  let pids: string[];
  try {
    pids = (await fs.readdir("/proc")).filter((n) => /^[0-9]+$/.test(n) && Number(n) !== process.pid);
  } catch {
    return [];
  }
  const needle = `\0${CAPTURE_TOKEN_VAR}=${token}\0`;
  const ours = await Promise.all(
    pids.map(async (pid) => (`\0${await readOrEmpty(`/proc/${pid}/environ`)}`.includes(needle) ? pid : undefined)),
  );
  const killed: number[] = [];
  for (const pid of ours) {
    if (pid === undefined) continue;
    const stat = parseProcStat(await readOrEmpty(`/proc/${pid}/stat`));
    if (!stat || stat.state === "Z" || stat.pgrp === stat.session) continue;
    try {
      process.kill(-stat.pgrp, "SIGKILL");
    } catch {
      // The group is already gone; the process itself may not be a leader.
    }
    try {
      process.kill(Number(pid), "SIGKILL");
      killed.push(Number(pid));
    } catch {
      // Already gone.
    }
  }
  return killed;
}
