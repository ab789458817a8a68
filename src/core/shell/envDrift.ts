// GD003: the editor's own environment against a fresh login shell's, on the
// variables that decide which Go, which tools and which settings are used.

import * as path from "node:path";
import which from "which";
import { fault } from "../model/faults";
import type { Finding } from "../model/findings";
import type { LoginEnv } from "../model/facts";
import type { Env } from "../base/envPath";

export const GO_ENV_VARS: readonly string[] = [
  "PATH",
  "GOROOT",
  "GOPATH",
  "GOBIN",
  "GOTOOLCHAIN",
  "GOFLAGS",
  "GOPROXY",
  "GO111MODULE",
  "GOWORK",
  "GOENV",
];

const TOOLS = ["go", "dlv", "gopls"] as const;

/** Empty and unset mean the same to the go command and to PATH lookup. */
function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === "" ? undefined : v;
}

/** Where `name` resolves on a PATH value, without ever falling back to this process's PATH or cwd. */
export function resolveOnPath(name: string, pathValue: string | undefined): string | null {
  const dirs = (pathValue ?? "").split(path.delimiter).filter((d) => path.isAbsolute(d));
  if (dirs.length === 0) return null;
  return which.sync(name, { path: dirs.join(path.delimiter), nothrow: true });
}

/** PATH entries the login shell has and the editor lacks, and the reverse. */
export function pathDiff(processPath: string | undefined, loginPath: string | undefined): string[] {
  const before = (processPath ?? "").split(path.delimiter).filter((e) => e !== "");
  const after = (loginPath ?? "").split(path.delimiter).filter((e) => e !== "");
  const added = after.filter((e) => !before.includes(e));
  const removed = before.filter((e) => !after.includes(e));
  const lines = [
    ...added.map((e) => `PATH: + ${e} (login shell only)`),
    ...removed.map((e) => `PATH: - ${e} (editor only)`),
  ];
  if (lines.length > 0) return lines;
  // Empty entries are dropped above; in a real PATH they mean the current directory.
  const same = before.length === after.length && before.every((e, i) => e === after[i]);
  return [
    same
      ? "PATH: differs only in empty entries (the current directory)"
      : "PATH: same entries, in a different order or repeated",
  ];
}

function show(v: string | undefined): string {
  return v === undefined ? "(unset)" : JSON.stringify(v);
}

export function computeDrift(processEnv: Env, loginEnv: Env): { drift: LoginEnv["drift"]; finding?: Finding } {
  const drift: LoginEnv["drift"] = {};
  for (const name of GO_ENV_VARS) {
    const before = value(processEnv, name);
    const after = value(loginEnv, name);
    if (before !== after) drift[name] = [before, after];
  }
  const names = Object.keys(drift);
  if (names.length === 0) return { drift };

  const details: string[] = [];
  for (const name of names) {
    const [before, after] = drift[name];
    if (name === "PATH") details.push(...pathDiff(before, after));
    else details.push(`${name}: editor ${show(before)}, login shell ${show(after)}`);
  }

  const hidden: string[] = [];
  if (drift.PATH) {
    for (const tool of TOOLS) {
      const inLogin = resolveOnPath(tool, drift.PATH[1]);
      const inEditor = resolveOnPath(tool, drift.PATH[0]);
      if (inLogin !== null && inEditor === null) {
        hidden.push(tool);
        details.push(`${tool}: ${inLogin} is on the login shell's PATH only`);
      } else if (inLogin !== inEditor) {
        details.push(`${tool}: the editor runs ${inEditor ?? "none"}, your terminal runs ${inLogin ?? "none"}`);
      }
    }
  }

  const info = fault("GD003");
  const message =
    hidden.length > 0
      ? `The editor's PATH lacks ${hidden.join(", ")}, which your login shell finds: tools started by the editor cannot run ${hidden.length === 1 ? "it" : "them"}.`
      : `The editor's environment differs from your login shell's on ${names.join(", ")}: tools started by the editor see a different Go setup than your terminal.`;
  return {
    drift,
    finding: {
      code: info.code,
      severity: hidden.length > 0 ? "error" : info.severity,
      message,
      details,
      fixes: [
        {
          kind: "manual",
          title: "Start the editor with your login environment",
          detail:
            "The editor was started without the environment your login shell sets up (from a desktop launcher, a service manager or a remote server). " +
            "Go Doctor runs its checks with the login shell's environment; restart the editor from a terminal, or log out and back in after changing your profile, so that the editor and every tool it starts see the same variables.",
        },
      ],
    },
  };
}
