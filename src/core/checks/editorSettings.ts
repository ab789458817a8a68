// GD070: go.* editor settings that point at the wrong thing. The Go extension
// does not complain about these; it ignores a bad go.alternateTools path and
// hands a bad go.goroot or go.toolsEnvVars.PATH to every tool it starts.

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as path from "node:path";
import which from "which";
import { normDir } from "../base/envPath";
import type { Finding, FixAction } from "../model/findings";
import type { EditorSettings, GoEnvVars } from "../model/facts";
import type { Env } from "../base/envPath";
import { gopathEntries } from "../go/toolEnvironment";

export interface SettingsContext {
  env: Env;
  goEnv: GoEnvVars | null;
  /**
   * go.alternateTools entries that locateTool already checks (it reports a bad one
   * together with the copy that wins instead). Default: dlv and gopls.
   */
  locatedTools?: readonly string[];
}

type Kind = "missing" | "directory" | "file" | "not-executable" | "unreadable";

async function kindOf(p: string): Promise<Kind> {
  try {
    const st = await fs.promises.stat(p);
    if (st.isDirectory()) return "directory";
    try {
      await fs.promises.access(p, fs.constants.X_OK);
      return "file";
    } catch {
      return "not-executable";
    }
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable";
  }
}

function expandHome(p: string, env: Env): string {
  if (!env.HOME) return p;
  if (p === "~") return env.HOME;
  return p.startsWith("~/") ? path.join(env.HOME, p.slice(2)) : p;
}

const DESCRIBE: Record<Kind, string> = {
  missing: "does not exist",
  directory: "is a directory",
  file: "is a file",
  "not-executable": "is not executable",
  unreadable: "cannot be read",
};

async function checkGoroot(settings: EditorSettings, ctx: SettingsContext): Promise<Finding[]> {
  if (!settings.goroot) return [];
  const goroot = expandHome(settings.goroot, ctx.env);
  const kind = await kindOf(goroot);
  const goBin = path.join(goroot, "bin", "go");
  if (kind === "directory") {
    if ((await kindOf(goBin)) === "file") return [];
    return [
      finding(
        "GD070",
        `go.goroot is ${goroot}, a directory without bin/go: it is not a Go installation, and the Go extension passes it to every tool as GOROOT.`,
        { severity: "error", fixes: [rootFix(ctx)] },
      ),
    ];
  }
  // A common slip: the go binary or its bin directory instead of the root.
  const candidates = [path.dirname(path.dirname(goroot)), path.dirname(goroot)];
  let better: string | undefined;
  for (const c of candidates) {
    if ((await kindOf(path.join(c, "bin", "go"))) === "file") {
      better = c;
      break;
    }
  }
  const fix: FixAction = better
    ? { kind: "setting", title: `Set go.goroot to ${better}`, key: "go.goroot", value: better, scope: "user" }
    : rootFix(ctx);
  return [
    finding(
      "GD070",
      `go.goroot is ${goroot}, which ${DESCRIBE[kind]}; it must name the Go installation directory (the one containing bin/go).`,
      { severity: "error", fixes: [fix] },
    ),
  ];
}

function rootFix(ctx: SettingsContext): FixAction {
  const real = ctx.goEnv?.GOROOT;
  return real
    ? { kind: "setting", title: `Set go.goroot to ${real}`, key: "go.goroot", value: real, scope: "user" }
    : { kind: "setting", title: "Remove go.goroot", key: "go.goroot", value: undefined, scope: "user" };
}

async function checkAlternateTools(settings: EditorSettings, ctx: SettingsContext): Promise<Finding[]> {
  const located = new Set(ctx.locatedTools ?? ["dlv", "gopls"]);
  const findings: Finding[] = [];
  for (const [tool, value] of Object.entries(settings.alternateTools ?? {})) {
    if (located.has(tool) || typeof value !== "string") continue;
    const p = expandHome(value, ctx.env);
    if (!path.isAbsolute(p)) continue; // a bare name is searched for like the tool itself
    const kind = await kindOf(p);
    if (kind === "file") continue;
    const rest = { ...settings.alternateTools };
    delete rest[tool];
    findings.push(
      finding(
        "GD070",
        `go.alternateTools.${tool} is ${p}, which ${DESCRIBE[kind]}; the Go extension silently ignores it and searches for ${tool} in GOBIN, GOPATH/bin, GOROOT/bin and PATH instead.`,
        {
          fixes: [
            {
              kind: "setting",
              title: `Remove go.alternateTools.${tool}`,
              key: "go.alternateTools",
              value: Object.keys(rest).length ? rest : undefined,
              scope: "user",
            },
          ],
        },
      ),
    );
  }
  return findings;
}

async function isDir(p: string): Promise<boolean> {
  return fs.promises.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function checkToolsPath(settings: EditorSettings, ctx: SettingsContext): Promise<Finding[]> {
  const value = settings.toolsEnvVars?.PATH;
  if (value === undefined) return [];
  // A value that extends the inherited PATH cannot drop anything from it.
  if (/\$\{env:PATH\}|\$PATH\b|\$\{PATH\}/.test(value)) return [];
  const entries = new Set(
    value
      .split(path.delimiter)
      .filter((e) => path.isAbsolute(e))
      .map(normDir),
  );
  const goroot = settings.goroot ? expandHome(settings.goroot, ctx.env) : ctx.goEnv?.GOROOT || ctx.env.GOROOT;
  const wanted: { dir: string; why: string }[] = [];
  if (goroot) wanted.push({ dir: path.join(goroot, "bin"), why: "GOROOT/bin" });
  const gobin = ctx.goEnv?.GOBIN || ctx.env.GOBIN;
  if (gobin) wanted.push({ dir: gobin, why: "GOBIN" });
  for (const e of gopathEntries(ctx.goEnv?.GOPATH || ctx.env.GOPATH))
    wanted.push({ dir: path.join(e, "bin"), why: "GOPATH/bin" });

  const missing: { dir: string; why: string }[] = [];
  for (const w of wanted) if (!entries.has(normDir(w.dir)) && (await isDir(w.dir))) missing.push(w);
  if (missing.length === 0) return [];
  const goFound = (await which("go", { path: value, nothrow: true })) !== null;
  const repaired = [value, ...missing.map((m) => m.dir)].filter((e) => e !== "").join(path.delimiter);
  return [
    finding(
      "GD070",
      `go.toolsEnvVars sets PATH for every tool the Go extension starts, and it leaves out ${missing.map((m) => `${m.why} (${m.dir})`).join(", ")}${
        goFound ? "; tools installed there cannot find each other." : "; gopls and dlv cannot find the go command."
      }`,
      {
        severity: goFound ? "warning" : "error",
        details: [`go.toolsEnvVars.PATH = ${value}`],
        fixes: [
          {
            kind: "setting",
            title: "Add the Go directories to go.toolsEnvVars.PATH",
            key: "go.toolsEnvVars",
            value: { ...settings.toolsEnvVars, PATH: repaired },
            scope: "user",
          },
        ],
      },
    ),
  ];
}

export async function checkSettings(settings: EditorSettings, ctx: SettingsContext): Promise<Finding[]> {
  const parts = await Promise.all([
    checkGoroot(settings, ctx),
    checkAlternateTools(settings, ctx),
    checkToolsPath(settings, ctx),
  ]);
  return parts.flat();
}
