// Asks one dlv or gopls file what it is: its own version command and
// `go version -m` run side by side, each under its own timeout. Every way a
// file can fail to answer (missing, a directory, no execute bit, a symlink
// loop, a hang, a signal, a flood of output, nonsense) becomes probeError.

import * as fs from "node:fs";
import { cleanEnv } from "../base/envPath";
import { hostPlatform, type Platform } from "../base/platform";
import { evidenceOf, runProcess, type ProcessResult, type RunProcess } from "../base/process";
import type { ToolCandidate } from "../model/facts";
import { parseBuildInfo, parseDlvVersion, parseGoplsVersion, type BuildInfo } from "../go/versionText";
import type { Env } from "../base/envPath";
import type { Evidence } from "../base/process";

export type ProbedTool = "dlv" | "gopls";

/** What a probe learns about one file: the ToolCandidate fields that are not about where it was found. */
export type ProbeFields = Pick<
  ToolCandidate,
  "version" | "builtWith" | "moduleVersion" | "buildSettings" | "probeError"
>;

export interface ProbeResult {
  candidate: ProbeFields;
  evidence: Evidence[];
}

export interface ProbeOptions {
  /** Per command; a version command answers in milliseconds, so a few seconds means a hang. */
  timeoutMs?: number;
  /** Whose files these are; the host's by default. */
  platform?: Platform;
}

export const PROBE_TIMEOUT_MS = 5000;
/** A version command prints a few lines (gopls -json a few KiB); more is not a version. */
const MAX_OUTPUT_BYTES = 256 * 1024;

const MODULE_OF: Record<ProbedTool, string> = {
  dlv: "github.com/go-delve/delve",
  gopls: "golang.org/x/tools/gopls",
};

/** Why a file cannot be run at all, before starting it (said of the file); undefined when it looks runnable. */
async function unusableFile(file: string, platform: Platform): Promise<string | undefined> {
  if (platform.isExecutable(file)) return undefined;
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return "a symbolic link loop";
    if (code === "ENOENT") {
      const link = await fs.promises.readlink(file).catch(() => undefined);
      return link === undefined ? "no such file" : `a broken symbolic link (to ${link})`;
    }
    return `cannot be read (${code ?? String(e)})`;
  }
  if (stat.isDirectory()) return "a directory, not a program";
  if (!stat.isFile()) return "not a regular file";
  try {
    await fs.promises.access(file, fs.constants.X_OK);
  } catch {
    return "not executable (no execute permission)";
  }
  return undefined;
}

function failureOf(r: ProcessResult, what: string, timeoutMs: number): string | undefined {
  const cmd = `\`${what}\``;
  if (r.spawnError) return `${cmd} could not be started (${r.spawnError.code}: ${r.spawnError.message})`;
  if (r.timedOut) return `${cmd} did not answer within ${timeoutMs / 1000} s and was killed (it hangs)`;
  if (r.cancelled) return `${cmd} was cancelled`;
  if (r.signal) return `${cmd} crashed (killed by ${r.signal})`;
  if (r.truncated)
    return `${cmd} printed more than ${MAX_OUTPUT_BYTES / 1024} KiB; a version command prints a few lines`;
  return undefined;
}

function firstLine(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

/** Reasons a version answer is not usable, or the parsed answer. */
function readVersion(
  name: ProbedTool,
  r: ProcessResult,
  what: string,
  timeoutMs: number,
): { ok: { version: string; goVersion?: string } } | { error: string } {
  const failed = failureOf(r, what, timeoutMs);
  if (failed) return { error: failed };
  if (r.exitCode !== 0) {
    const said = firstLine(r.stderr) || firstLine(r.stdout);
    return { error: `\`${what}\` exited with code ${r.exitCode}${said ? `: ${said}` : ""}` };
  }
  const parsed = name === "dlv" ? parseDlvVersion(r.stdout) : parseGoplsVersion(r.stdout);
  if (parsed) return { ok: parsed };
  const said = firstLine(r.stdout) || firstLine(r.stderr);
  const expected = name === "dlv" ? "a Delve version" : "a gopls version";
  return {
    error: said ? `\`${what}\` printed something that is not ${expected}: "${said}"` : `\`${what}\` printed nothing`,
  };
}

export async function probeTool(
  name: ProbedTool,
  file: string,
  env: Env,
  goBinary: string | null,
  run: RunProcess = runProcess,
  options: ProbeOptions = {},
): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const unusable = await unusableFile(file, options.platform ?? hostPlatform());
  if (unusable)
    return { candidate: { probeError: unusable }, evidence: [{ command: ["stat", file], output: unusable }] };

  const childEnv = cleanEnv(env);
  const opts = { env: childEnv, timeoutMs, maxOutputBytes: MAX_OUTPUT_BYTES };
  const evidence: Evidence[] = [];

  const askVersion = async (): Promise<{ ok: { version: string; goVersion?: string } } | { error: string }> => {
    if (name === "dlv") {
      const r = await run([file, "version"], opts);
      evidence.push(evidenceOf(r));
      return readVersion(name, r, "dlv version", timeoutMs);
    }
    const json = await run([file, "version", "-json"], opts);
    evidence.push(evidenceOf(json));
    const answer = readVersion(name, json, "gopls version -json", timeoutMs);
    // Old gopls does not know -json; only a clean refusal is worth a second try, not a hang or a crash.
    if ("ok" in answer || failureOf(json, "", timeoutMs)) return answer;
    const plain = await run([file, "version"], opts);
    evidence.push(evidenceOf(plain));
    return readVersion(name, plain, "gopls version", timeoutMs);
  };

  const askBuildInfo = async (): Promise<BuildInfo | undefined> => {
    if (!goBinary) return undefined;
    // GOTOOLCHAIN=local: reading build info must never start a toolchain download.
    const r = await run([goBinary, "version", "-m", file], { ...opts, env: { ...childEnv, GOTOOLCHAIN: "local" } });
    evidence.push(evidenceOf(r));
    return r.exitCode === 0 && !r.truncated ? parseBuildInfo(r.stdout) : undefined;
  };

  const [answer, info] = await Promise.all([askVersion(), askBuildInfo()]);
  const candidate: ProbeFields = {};
  if ("ok" in answer) candidate.version = answer.ok.version;
  const builtWith = info?.goVersion ?? ("ok" in answer ? answer.ok.goVersion : undefined);
  if (builtWith) candidate.builtWith = builtWith;
  if (info?.mainModule) candidate.moduleVersion = info.mainModule.version;
  if (info) candidate.buildSettings = info.settings;
  if ("error" in answer) {
    const other =
      info?.mainModule && info.mainModule.path !== MODULE_OF[name]
        ? ` (go version -m says this file is ${info.mainModule.path})`
        : "";
    candidate.probeError = answer.error + other;
  }
  return { candidate, evidence };
}
