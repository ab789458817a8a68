// Job-control shells (tcsh, or any rc that runs `set -m`) put an rc file's
// background jobs in process groups of their own, which the group kill of
// runProcess misses. Every process of one capture inherits a random token in
// its environment; afterwards the ones still alive are killed, except those in
// their session leader's group (daemons such as ssh-agent that the rc started
// on purpose and whose sockets the captured environment points at). The
// platform's lister finds them: /proc on Linux, `ps -E` on macOS; Windows shows
// no other process's environment, so there this does nothing.

import { hostPlatform, type Platform } from "../base/platform";
import { runProcess, type RunProcess } from "../base/process";

export const CAPTURE_TOKEN_VAR = "GO_DOCTOR_CAPTURE_ID";

/** Kills what is left of one capture; returns the pids it killed. */
export async function sweepCapture(
  token: string,
  platform: Platform = hostPlatform(),
  run: RunProcess = runProcess,
): Promise<number[]> {
  const left = await platform.listProcesses(run, { environ: `${CAPTURE_TOKEN_VAR}=${token}` });
  const killed: number[] = [];
  for (const p of left ?? []) {
    if (p.pid === process.pid || p.zombie === true || p.sessionGroup !== false) continue;
    try {
      platform.io.kill(-p.pgid, "SIGKILL");
    } catch {
      // The group is already gone; the process itself may not be a leader.
    }
    try {
      platform.io.kill(p.pid, "SIGKILL");
      killed.push(p.pid);
    } catch {
      // Already gone.
    }
  }
  return killed;
}
