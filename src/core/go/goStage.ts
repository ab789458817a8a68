// A folder's part of the go stage: the toolchain decision (GD013), then
// `go env` (GD012), with as few go commands as the answers allow. Folders of
// one go.work get the same answer from the go command but for GOMOD, so one
// folder asks and the others take its answer with their own GOMOD.

import * as fs from "node:fs";
import * as path from "node:path";
import type { Env } from "../base/envPath";
import type { Evidence, RunProcess, ProcessResult } from "../base/process";
import type { GoEnvVars } from "../model/facts";
import type { Finding } from "../model/findings";
import { readGoEnv } from "./goEnv";
import { findGoWork } from "./goMod";
import { checkToolchain, type ToolchainOutcome } from "./toolchain";

export interface FolderGo {
  toolchain: ToolchainOutcome;
  goEnv: { goEnv: GoEnvVars | null; findings: Finding[]; evidence: Evidence[] };
}

/** The toolchain decision and `go env` of one folder; one go command when the first answers for both. */
export async function readFolderGo(input: {
  goBinary: string;
  env: Env;
  folder: string;
  localVersion: string | null;
  run: RunProcess;
  /** The folder's `GOTOOLCHAIN=local go env -json`, already started (runLocalGoEnv). */
  localGoEnv?: Promise<ProcessResult>;
}): Promise<FolderGo> {
  const toolchain = await checkToolchain(input);
  const goEnv = toolchain.goEnv
    ? { goEnv: toolchain.goEnv, findings: [], evidence: [] }
    : await readGoEnv({ goBinary: input.goBinary, env: toolchain.envForGo, folder: input.folder, run: input.run });
  return { toolchain, goEnv };
}

/** The go.mod the go command names GOMOD in a workspace (modload's findModuleRoot: the nearest go.mod file above). */
function enclosingGoMod(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, "go.mod");
    try {
      if (fs.statSync(f).isFile()) return f;
    } catch {
      // none here; look further up
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * The go.work under which this folder's go stage may be shared: found from the
 * folder (no GOWORK variable decides it), with the folder inside a module.
 */
export function sharedGoWork(folder: string, env: Env): string | undefined {
  if (env.GOWORK !== undefined && env.GOWORK !== "") return undefined;
  const work = findGoWork(folder, undefined);
  return work && enclosingGoMod(folder) ? work : undefined;
}

/**
 * Another folder's answer under the same go.work, go binary and environment,
 * made this folder's; undefined when it cannot be vouched for (a finding, a
 * -modfile flag, a GOMOD the lookup does not predict), and the folder asks itself.
 */
export function adoptFolderGo(lead: FolderGo & { folder: string }, folder: string, work: string): FolderGo | undefined {
  const vars = lead.goEnv.goEnv;
  if (!vars || lead.toolchain.findings.length > 0 || lead.goEnv.findings.length > 0) return undefined;
  if (vars.GOWORK !== work || vars.GO111MODULE === "off" || /(^|\s)--?modfile=/.test(vars.GOFLAGS ?? ""))
    return undefined;
  if (vars.GOMOD !== enclosingGoMod(lead.folder)) return undefined;
  // The go command looks for no go.work across GOROOT: a folder inside it decides for itself.
  const rel = vars.GOROOT ? path.relative(vars.GOROOT, folder) : "..";
  if (!rel.startsWith("..") && !path.isAbsolute(rel)) return undefined;
  const gomod = enclosingGoMod(folder);
  if (!gomod) return undefined;
  const shared: Evidence = {
    command: [`go env -json in ${lead.folder}`],
    output: `the same go.work (${work}), go and environment: its answer, with GOMOD=${gomod}`,
  };
  return {
    toolchain: { ...lead.toolchain, evidence: [shared] },
    goEnv: { goEnv: { ...vars, GOMOD: gomod }, findings: [], evidence: [] },
  };
}
