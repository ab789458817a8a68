// `go env -json` in the workspace folder with the captured environment: the
// single source of every Go variable the other checks read. A failure is
// GD012, with the go command's own stderr and, where it names a variable,
// the one change that repairs it.

import * as os from "node:os";
import { finding } from "../model/findings";
import * as path from "node:path";
import * as z from "../base/zod";
import { cleanEnv } from "../base/envPath";
import type { Finding, FixAction } from "../model/findings";
import { describeFailure, evidenceOf, runProcess, type RunProcess } from "../base/process";
import type { GoEnvVars } from "../model/facts";
import type { Env } from "../base/envPath";
import type { Evidence } from "../base/process";

const GoEnvJson = z.record(z.string(), z.string());

/** Parses `go env -json` output; undefined when it is not a JSON object of strings. */
export function parseGoEnvJson(text: string): GoEnvVars | undefined {
  return z.parseJsonAs(GoEnvJson, text);
}

/**
 * Reads a go env file (`go env -w` writes it; $GOROOT/go.env has the defaults)
 * exactly as the go command does: KEY=VALUE lines whose key starts with an
 * upper-case letter; everything else, comments included, is ignored.
 */
export function parseGoEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq < 0 || line.length === 0) continue;
    const first = line.charCodeAt(0);
    if (first < 65 || first > 90) continue;
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** Where the go command reads its user env file from, given an environment (mirrors os.UserConfigDir). */
export function goEnvFilePath(env: Env): string | undefined {
  const explicit = env.GOENV;
  if (explicit === "off") return undefined;
  if (explicit) return explicit;
  if (process.platform === "darwin")
    return env.HOME ? path.join(env.HOME, "Library", "Application Support", "go", "env") : undefined;
  if (process.platform === "win32") return env.AppData ? path.join(env.AppData, "go", "env") : undefined;
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "go", "env");
  return env.HOME ? path.join(env.HOME, ".config", "go", "env") : undefined;
}

interface Diagnosis {
  variable?: string;
  /** What the variable's value does wrong, in words. */
  why: string;
}

/** Recognises the go command's complaints about a variable, so the fix can name it. */
export function diagnoseGoEnvFailure(stderr: string): Diagnosis | undefined {
  let m = /unknown environment setting (\w+)=/.exec(stderr);
  if (m) return { variable: m[1], why: `${m[1]} has a value the go command does not accept` };
  m = /invalid (GOTOOLCHAIN|GOWORK|GOFLAGS|GOPROXY|GOSUMDB)\b/.exec(stderr);
  if (m) return { variable: m[1], why: `${m[1]} is invalid` };
  if (/GOPATH entry (is relative|cannot start with shell metacharacter)/.test(stderr))
    return { variable: "GOPATH", why: "GOPATH holds a relative path (a literal ~ counts as relative)" };
  if (/unsupported GOOS\/GOARCH pair/.test(stderr))
    return { variable: "GOOS", why: "GOOS/GOARCH name a platform this Go cannot build for" };
  if (/toolchain not available|download go\d/.test(stderr))
    return { variable: "GOTOOLCHAIN", why: "the go command tried to download another toolchain and could not" };
  return undefined;
}

function fixesFor(d: Diagnosis | undefined, goBinary: string, env: Env): FixAction[] {
  if (!d?.variable) {
    return [
      {
        kind: "manual",
        title: "Run go env in a terminal",
        detail: `Run \`${goBinary} env\` in the workspace folder from a login shell and correct what it complains about, then re-run Go Doctor.`,
      },
    ];
  }
  const name = d.variable;
  if (d.why.includes("download")) {
    return [
      {
        kind: "manual",
        title: "Make the required toolchain available",
        detail:
          "go.mod or go.work asks for a newer Go than this one (see GD013): run `go version` in the folder while online so the go command downloads it, or install that Go version, then re-run Go Doctor.",
      },
    ];
  }
  if (env[name] !== undefined && env[name] !== "") {
    return [
      {
        kind: "manual",
        title: `Correct ${name} in your shell profile`,
        detail: `${name}=${env[name]} comes from the environment. Fix or remove the line that sets it (~/.profile, ~/.bashrc, ~/.zshrc, …), then restart the editor so it reads the new environment.`,
      },
    ];
  }
  // Not in the environment, so it comes from the go env file: `go env -u` works even while go env is broken.
  return [{ kind: "run", title: `Unset ${name} in the go env file`, argv: [goBinary, "env", "-u", name] }];
}

export async function readGoEnv(input: {
  goBinary: string;
  env: Env;
  folder: string;
  run?: RunProcess;
  timeoutMs?: number;
}): Promise<{ goEnv: GoEnvVars | null; findings: Finding[]; evidence: Evidence[] }> {
  const run = input.run ?? runProcess;
  const argv = [input.goBinary, "env", "-json"];
  const r = await run(argv, { cwd: input.folder, env: cleanEnv(input.env), timeoutMs: input.timeoutMs ?? 10_000 });
  const evidence = [evidenceOf(r, input.folder)];
  const goEnv = r.exitCode === 0 && !r.timedOut ? parseGoEnvJson(r.stdout) : undefined;
  if (goEnv) return { goEnv, findings: [], evidence };

  const stderr = r.stderr.trim();
  const diagnosis = r.exitCode !== 0 ? diagnoseGoEnvFailure(stderr) : undefined;
  const what =
    r.exitCode === 0 && !r.timedOut
      ? "printed something that is not the JSON object of variables it should print"
      : r.timedOut
        ? `did not answer within ${Math.round(r.durationMs / 1000)} s (a toolchain download or a hung network file system can do this)`
        : diagnosis
          ? `failed (exit code ${r.exitCode}) because ${diagnosis.why}`
          : `failed (${describeFailure(r)})`;
  const findings: Finding[] = [
    finding(
      "GD012",
      `\`go env\` ${what} in ${input.folder}; gopls and the debugger run the same go command and fail the same way.`,
      {
        details: stderr ? stderr.split("\n").slice(0, 20) : undefined,
        fixes: fixesFor(diagnosis, input.goBinary, input.env),
      },
    ),
  ];
  if (diagnosis?.variable === "GOPATH") {
    // The go command quotes the offending entry at the end of its complaint.
    const raw = /"([^"]*)"\.?\s*$/m.exec(stderr)?.[1] ?? input.env.GOPATH ?? "";
    findings.push(
      finding(
        "GD053",
        raw.includes("~")
          ? `GOPATH=${raw} contains a literal ~, which no program expands: it was quoted in a shell profile or set in a GUI. Use the full path (${raw.replace(/~/g, input.env.HOME ?? os.homedir())}).`
          : `GOPATH=${raw} is a relative path; the go command requires absolute GOPATH entries. Use the full path.`,
        {
          fixes: [
            {
              kind: "manual",
              title: "Set GOPATH to an absolute path",
              detail: `In your shell profile write export GOPATH="$HOME/go" (unquoted $HOME, not ~ in quotes), then restart the editor.`,
            },
          ],
        },
      ),
    );
  }
  return { goEnv: null, findings, evidence };
}
