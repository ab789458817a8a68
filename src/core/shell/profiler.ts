// Runs the login shell once more with tracing on, through the capture's own
// runner (same timeout, group kill, no stdin, resolving variables), and says
// what each rc line cost. bash and zsh trace every line with a timestamp to a
// file; fish profiles its own start-up; dash and tcsh can only be timed file
// by file, from markers printed between the files.

import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { captureOnce, type CaptureAttempt, type CaptureVariant, type ShellCaptureOptions } from "./loginShell";
import {
  parseXtrace,
  profileFromFileTimes,
  profileFromFish,
  profileFromXtrace,
  type ShellProfile,
} from "./profileParse";
import { quoteWord } from "./shellCommand";
import type { Evidence } from "../base/process";

export type ProfileMethod = "bash-xtrace" | "zsh-xtrace" | "fish-profile" | "posix-files" | "csh-files";

export interface ProfileRun {
  shell: string;
  method: ProfileMethod;
  profile: ShellProfile;
  /** The environment the profiled shell printed: the same as the plain capture's, or profiling is wrong. */
  env?: Record<string, string>;
  timedOut: boolean;
  durationMs: number;
  evidence: Evidence;
}

export function profileMethod(shell: string): ProfileMethod {
  const name = path
    .basename(shell)
    .replace(/^-/, "")
    .replace(/-?[0-9][0-9.]*$/, "");
  if (name === "bash") return "bash-xtrace";
  if (name === "zsh") return "zsh-xtrace";
  if (name === "fish") return "fish-profile";
  if (name === "csh" || name === "tcsh") return "csh-files";
  return "posix-files";
}

/** Trace files above this size are read only this far: the costliest lines come early in a runaway trace. */
const MAX_TRACE_BYTES = 64 * 1024 * 1024;

function readCapped(file: string): string {
  const fd = fs.openSync(file, "r");
  try {
    const size = Math.min(fs.fstatSync(fd).size, MAX_TRACE_BYTES);
    const buf = Buffer.alloc(size);
    const n = fs.readSync(fd, buf, 0, size, 0);
    return buf.subarray(0, n).toString("utf8");
  } catch {
    return "";
  } finally {
    fs.closeSync(fd);
  }
}

const epochMs = (): number => performance.timeOrigin + performance.now();

function sourceLines(file: string): string[] | undefined {
  try {
    return fs.readFileSync(file, "utf8").split(/\r?\n/);
  } catch {
    return undefined;
  }
}

/** The line as written in its file, which reads better than the expanded command bash and zsh trace. */
function withSourceText(profile: ShellProfile): ShellProfile {
  const cache = new Map<string, string[] | undefined>();
  const lines = profile.lines.map((l) => {
    if (l.line < 1) return l;
    if (!cache.has(l.file)) cache.set(l.file, sourceLines(l.file));
    const text = cache.get(l.file)?.[l.line - 1]?.trim();
    return text ? { ...l, command: text } : l;
  });
  return { ...profile, lines };
}

interface Plan {
  variant: CaptureVariant;
  /** Reads the profile once the run is over. */
  read: (a: CaptureAttempt, startMs: number, endMs: number) => ShellProfile;
}

function xtracePlan(method: "bash-xtrace" | "zsh-xtrace", traceFd: number, traceFile: string, tag: string): Plan {
  const end = `: ${tag}end`;
  const read = (_a: CaptureAttempt, startMs: number, endMs: number): ShellProfile =>
    profileFromXtrace(parseXtrace(readCapped(traceFile), tag), {
      startMs,
      endMs,
      isEnd: (e) => e.depth === 0 && e.command.trim() === end,
    });
  if (method === "zsh-xtrace") {
    // zsh reads PS4 from the environment and has no trace descriptor: stderr goes to the trace file.
    return {
      variant: {
        // PS4 came in through the environment, so an rc that assigns it would export it: unexported again.
        argv: (plain) => [plain[0], "-x", ...plain.slice(1, -1), `${end}; typeset +x PS4; ${plain[plain.length - 1]}`],
        env: { PS4: `+${tag}\t%D{%s.%6.}\t%e\t%I\t%x\t` },
        files: { stderr: traceFd },
      },
      read,
    };
  }
  // bash ignores PS4 from the environment when run as root, so the login files are read by a script
  // that sets it first: --noprofile keeps bash from reading them itself, -l keeps it a login shell.
  const script = [
    `PS4=$'+${tag}\\t\${EPOCHREALTIME}\\t\${#BASH_SOURCE[@]}\\t\${LINENO}\\t\${BASH_SOURCE}\\t'; BASH_XTRACEFD=3; set -x`,
    "if [ -r /etc/profile ]; then . /etc/profile; fi",
    "if [ -r ~/.bash_profile ]; then . ~/.bash_profile; elif [ -r ~/.bash_login ]; then . ~/.bash_login; elif [ -r ~/.profile ]; then . ~/.profile; fi",
    end,
  ].join("\n");
  return {
    variant: {
      argv: (plain) => [plain[0], "--noprofile", "--norc", "-i", "-l", "-c", `${script}\n${plain[plain.length - 1]}`],
      files: { fd3: traceFd },
    },
    read,
  };
}

function fishPlan(profileFile: string, home: string | undefined): Plan {
  const resolve = (word: string): string | undefined => {
    const unquoted = word.replace(/^(['"])(.*)\1$/, "$2");
    const expanded = home
      ? unquoted
          .replace(/^~(?=\/)/, home)
          .replace(/^\$HOME(?=\/)/, home)
          .replace(/^\$__fish_config_dir(?=\/)/, path.join(home, ".config", "fish"))
      : unquoted;
    return path.isAbsolute(expanded) && !expanded.includes("$") ? expanded : undefined;
  };
  return {
    variant: { argv: (plain) => [plain[0], "--profile-startup", profileFile, ...plain.slice(1)] },
    read: () => profileFromFish(fs.existsSync(profileFile) ? readCapped(profileFile) : "", resolve, sourceLines),
  };
}

/**
 * dash and tcsh print no timed trace. A script reads the files a login shell reads, in its order,
 * and prints a marker before each; Node notes when each marker arrives.
 */
function filesPlan(
  method: "posix-files" | "csh-files",
  processEnv: ShellCaptureOptions["processEnv"],
  tag: string,
): Plan {
  const home = processEnv.HOME;
  const readable = (f: string): boolean => {
    try {
      fs.accessSync(f, fs.constants.R_OK);
      return true;
    } catch {
      return false;
    }
  };
  const kind = method === "csh-files" ? "csh" : "posix";
  const files: string[] = [];
  const steps: string[] = [];
  // Each marker carries the shell's own clock (`date +%s%N`), so a busy event loop here does not move it;
  // where date has no %N (BSD), the time the marker arrived is used.
  const marker = (i: number): string => `echo ${tag}:${i}:\`date +%s%N\``;
  const step = (file: string, source: string): void => {
    steps.push(marker(files.length), source);
    files.push(file);
  };
  const unset: string[] = [];
  const env: Record<string, string> = {};
  /** The $ENV step, left out of the profile when there was no $ENV to read. */
  let envStep = -1;
  if (kind === "csh") {
    const personal = home ? [".tcshrc", ".cshrc"].map((f) => path.join(home, f)).find(readable) : undefined;
    for (const f of ["/etc/csh.cshrc", personal]) if (f && readable(f)) step(f, `source ${quoteWord("csh", f)}`);
  } else {
    for (const f of ["/etc/profile", home ? path.join(home, ".profile") : undefined])
      if (f && readable(f)) step(f, `. ${quoteWord("posix", f)}`);
    // An interactive sh reads $ENV at once, before any script: it is passed under another name and read last.
    if (processEnv.ENV !== undefined) {
      unset.push("ENV");
      env.GO_DOCTOR_PROFILE_ENV = processEnv.ENV;
      steps.unshift("ENV=$GO_DOCTOR_PROFILE_ENV; export ENV; unset GO_DOCTOR_PROFILE_ENV");
    }
    // Named by the value it had when the shell started; a profile that sets ENV itself leaves it "$ENV".
    envStep = files.length;
    step(processEnv.ENV ?? "$ENV", 'if [ -n "${ENV:-}" ] && [ -r "$ENV" ]; then . "$ENV"; fi');
  }
  steps.push(marker(files.length));
  const seen = new Map<number, number>();
  let text = "";
  const onOutput = (stream: "stdout" | "stderr", chunk: string): void => {
    if (stream !== "stdout") return;
    const at = epochMs();
    text = (text + chunk).slice(-4096);
    for (const m of text.matchAll(new RegExp(`${tag}:(\\d+):(\\S*)\\r?\\n`, "g"))) {
      const clock = /^\d{19}$/.test(m[2]) ? Number(m[2]) / 1e6 : at;
      if (!seen.has(Number(m[1]))) seen.set(Number(m[1]), clock);
    }
  };
  const flags = kind === "csh" ? ["-f", "-i", "-c"] : ["-i", "-c"];
  return {
    variant: {
      argv: (plain) => [plain[0], ...flags, `${steps.join("; ")}; ${plain[plain.length - 1]}`],
      env,
      unset,
      onOutput,
    },
    read: (_a, startMs, endMs) => {
      const spans = files
        .map((file, i) => {
          const from = seen.get(i);
          if (from === undefined) return undefined;
          const ms = (seen.get(i + 1) ?? endMs) - from;
          return i === envStep && ms < 1 ? undefined : { file, ms };
        })
        .filter((s): s is { file: string; ms: number } => s !== undefined);
      const done = seen.get(files.length);
      return profileFromFileTimes(spans, (done ?? endMs) - startMs, done !== undefined);
    },
  };
}

/** Profiles `opts.shell` (or the configured shell) once, within opts.timeoutMs. */
export async function profileLoginShell(opts: ShellCaptureOptions & { shell: string }): Promise<ProfileRun> {
  const method = profileMethod(opts.shell);
  const tag = `GDT${randomBytes(6).toString("hex")}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "go-doctor-profile-"));
  const traceFile = path.join(dir, "trace");
  const fd = fs.openSync(traceFile, "w", 0o600);
  let open = true;
  try {
    const plan =
      method === "bash-xtrace" || method === "zsh-xtrace"
        ? xtracePlan(method, fd, traceFile, tag)
        : method === "fish-profile"
          ? fishPlan(path.join(dir, "fish-profile"), opts.processEnv.HOME)
          : filesPlan(method, opts.processEnv, tag);
    const startMs = epochMs();
    const a = await captureOnce(opts.shell, opts, plan.variant);
    const endMs = epochMs();
    fs.closeSync(fd);
    open = false;
    return {
      shell: opts.shell,
      method,
      profile: withSourceText(plan.read(a, startMs, endMs)),
      env: a.kind === "ok" ? a.env : undefined,
      timedOut: a.kind === "timeout",
      durationMs: a.result.durationMs,
      evidence: a.evidence,
    };
  } finally {
    if (open) fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function homeRelative(file: string, home: string | undefined): string {
  if (home && (file === home || file.startsWith(`${home}/`))) return `~${file.slice(home.length)}`;
  return file;
}
