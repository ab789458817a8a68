// The built `go-doctor` command (dist/cli.js), run as a user runs it: its own
// process, the given environment, stdin closed.

import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { projectRoot } from "./fixtures";

export const goDoctorCli = path.join(projectRoot, "dist", "cli.js");

export function goDoctor(
  args: string[],
  env: Record<string, string>,
  cwd = projectRoot,
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [goDoctorCli, ...args], {
    env,
    cwd,
    encoding: "utf8",
    timeout: 180_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
