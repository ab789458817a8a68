// GD003 on Windows, the stale environment: Windows keeps PATH in the registry
// (the machine's and the user's `Environment` keys) and VS Code keeps the one
// it started with until its last window closes. Go installed since then is on
// the registry's Path and not on the editor's. Read with `reg query` (argv,
// through the runner), REG_SZ and REG_EXPAND_SZ, CRLF output.

import type { Env } from "../base/envPath";
import { pathEntries } from "../base/envPath";
import type { Platform } from "../base/platform";
import type { RunProcess } from "../base/process";
import { finding, type Finding } from "../model/findings";

const KEYS = ["HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment", "HKCU\\Environment"] as const;

export interface RegValue {
  name: string;
  type: string;
  value: string;
}

/** The values of `reg query <key> /v <name>` output: `    Path    REG_EXPAND_SZ    C:\...`. */
export function parseRegQuery(text: string): RegValue[] {
  const out: RegValue[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m =
      /^\s{2,}(\S.*?)\s{2,}(REG_[A-Z_]+)\s{2,}(.*)$/.exec(line) ?? /^\s{2,}(\S.*?)\s{2,}(REG_[A-Z_]+)\s*$/.exec(line);
    if (m) out.push({ name: m[1] ?? "", type: m[2] ?? "", value: (m[3] ?? "").trimEnd() });
  }
  return out;
}

/** %NAME% references, case-insensitively, from `env`; unknown ones stay as written, as Windows leaves them. */
export function expandWindowsVars(value: string, env: Env, platform: Platform): string {
  return value.replace(/%([^%;]+)%/g, (whole, name: string) => platform.getEnv(env, name) ?? whole);
}

/** The Path a process started now would get: the machine's, then the user's; null when neither can be read. */
export async function registryPath(run: RunProcess, env: Env, platform: Platform): Promise<string | null> {
  const parts: string[] = [];
  for (const key of KEYS) {
    const r = await run(["reg", "query", key, "/v", "Path"], { timeoutMs: 5_000 });
    if (r.exitCode !== 0) continue;
    const v = parseRegQuery(r.stdout).find((x) => x.name.toLowerCase() === "path");
    if (v) parts.push(v.type === "REG_EXPAND_SZ" ? expandWindowsVars(v.value, env, platform) : v.value);
  }
  return parts.length ? parts.join(";") : null;
}

/**
 * GD003 when the registry's Path has directories holding go, dlv or gopls that
 * the editor's Path lacks; null when the registry cannot be read.
 */
export async function staleWindowsEnvironment(
  run: RunProcess,
  editorEnv: Env,
  platform: Platform,
): Promise<Finding[] | null> {
  const fresh = await registryPath(run, editorEnv, platform);
  if (fresh === null) return null;
  const current = pathEntries(editorEnv, platform);
  const missing = pathEntries({ PATH: fresh }, platform).filter(
    (d) =>
      d !== "" &&
      platform.path.isAbsolute(d) &&
      !current.some((c) => c !== "" && platform.sameDir(c, d)) &&
      ["go", "dlv", "gopls"].some((t) => platform.isExecutable(platform.path.join(d, platform.executable(t)))),
  );
  if (missing.length === 0) return [];
  return [
    finding(
      "GD003",
      `Windows' Path now has ${missing.join(", ")}, which the editor's Path lacks: Go or its tools were installed after VS Code started, and VS Code keeps the environment it started with.`,
      {
        details: missing.map((d) => `on the registry's Path, not the editor's: ${d}`),
        fixes: [
          {
            kind: "manual",
            title: "Quit every VS Code window and start it again",
            detail:
              "VS Code reads the environment once, when its first window opens: quit every window (File → Exit), then start it again. Reload Window or a new window is not enough.",
          },
        ],
      },
    ),
  ];
}
