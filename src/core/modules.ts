// Is the workspace a module, and can it be built without touching the
// network? GOPATH-mode conflicts (GD040, GD041) come from go env and the files;
// missing modules (GD042), go.sum gaps (GD043) and vendoring (GD044) from the
// go command itself, run with GOPROXY=off so it can only answer from the
// module cache, and with a copy of go.mod so it never rewrites the user's.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";
import { cleanEnv, gopathEntries, normDir } from "./env";
import { findGoMod, findGoWork, goModLookup } from "./goMod";
import type { Env, Evidence, Finding, FixAction } from "./model";
import { evidenceOf, runProcess, type ProcessResult, type RunProcess } from "./process";
import type { GoEnvVars } from "./types";
import { compareGo } from "./versions";

const LIST_TIMEOUT_MS = 60_000;
const SKIP_DIRS = new Set(["vendor", "node_modules", "testdata"]);

/** Splits a stream of concatenated JSON values (what `go list -json` prints); garbage between values is skipped. */
export function parseJsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}" && depth > 0) {
      depth--;
      if (depth === 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          // Not JSON after all; go on with the next value.
        }
      }
    }
  }
  return out;
}

const ModuleJson = z.object({
  Path: z.string(),
  Version: z.string().optional(),
  Main: z.boolean().optional(),
  Replace: z.object({ Path: z.string(), Version: z.string().optional() }).optional(),
  /** The cached go.mod; absent when the module graph cannot be built from the cache. */
  GoMod: z.string().optional(),
  Error: z.object({ Err: z.string() }).optional(),
});
type ModuleJson = z.infer<typeof ModuleJson>;

const PackageError = z.object({ Err: z.string() });
const PackageJson = z.object({
  ImportPath: z.string(),
  Module: z.object({ Path: z.string(), Version: z.string().optional() }).optional(),
  Error: PackageError.optional(),
});
type PackageJson = z.infer<typeof PackageJson>;

function parseAll<T>(schema: z.ZodType<T>, text: string): T[] {
  const out: T[] = [];
  for (const v of parseJsonStream(text)) {
    const r = schema.safeParse(v);
    if (r.success) out.push(r.data);
  }
  return out;
}

/** True when dir (or a few levels below it) holds a .go file. */
function hasGoFiles(dir: string, depth = 3, budget = { left: 2000 }): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  budget.left -= entries.length;
  if (entries.some((e) => e.isFile() && e.name.endsWith(".go"))) return true;
  if (depth === 0 || budget.left <= 0) return false;
  return entries.some((e) => e.isDirectory() && !e.name.startsWith(".") && !SKIP_DIRS.has(e.name) && hasGoFiles(path.join(dir, e.name), depth - 1, budget));
}

function inside(dir: string, parent: string): boolean {
  const rel = path.relative(normDir(parent), normDir(dir));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** The -mod flag from GOFLAGS ("-mod=vendor" or "--mod=vendor"), if any. */
function modFlag(goflags: string): string | undefined {
  const m = /(?:^|\s)--?mod=(\S+)/.exec(goflags);
  return m?.[1];
}

/** The longest module path that is a prefix of the package path. */
function moduleOf(pkg: string, modules: readonly ModuleJson[]): ModuleJson | undefined {
  let best: ModuleJson | undefined;
  for (const m of modules) {
    if ((pkg === m.Path || pkg.startsWith(`${m.Path}/`)) && (!best || m.Path.length > best.Path.length)) best = m;
  }
  return best;
}

const modKey = (m: ModuleJson): string => (m.Version ? `${m.Path}@${m.Version}` : m.Path);

export async function checkModules(input: {
  goBinary: string;
  env: Env;
  goEnv: GoEnvVars;
  folder: string;
  run?: RunProcess;
  signal?: AbortSignal;
}): Promise<{ findings: Finding[]; evidence: Evidence[]; missingModules: string[] }> {
  const run = input.run ?? runProcess;
  const { goEnv, folder, goBinary: go } = input;
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  const gomod = goEnv.GOMOD ?? "";
  const hasMod = gomod !== "" && gomod !== os.devNull && gomod !== "NUL";
  const gowork = goEnv.GOWORK ?? "";
  const go111 = goEnv.GO111MODULE ?? "";
  const gopathSrc = gopathEntries(goEnv.GOPATH).map((p) => path.join(p, "src")).find((src) => inside(folder, src));

  if (go111 === "off") {
    const file = findGoWork(folder, goEnv.GOWORK === "off" ? "off" : undefined, goEnv.GOROOT) ?? findGoMod(folder);
    if (file) {
      findings.push({
        code: "GD041",
        severity: "warning",
        message: `GO111MODULE=off puts the go command in GOPATH mode, but ${file} makes this a module: builds ignore go.mod and gopls cannot load the module. Unset GO111MODULE.`,
        location: { file },
        fixes: [unsetFix("GO111MODULE", input.env, go)],
      });
    }
    return { findings, evidence, missingModules: [] };
  }
  if (!hasMod && !gowork) {
    if (hasGoFiles(folder)) {
      if (gopathSrc) {
        findings.push({
          code: "GD041",
          severity: "warning",
          message: `${folder} is inside GOPATH/src (${gopathSrc}) and has no go.mod, but the go command is in module mode (GO111MODULE=${go111 || "unset"}), so GOPATH-style imports do not resolve. Add a go.mod, or set GO111MODULE=off for this legacy layout.`,
          fixes: [initFix(go, folder, path.relative(gopathSrc, folder).split(path.sep).join("/"))],
        });
      } else {
        findings.push({
          code: "GD040",
          severity: "warning",
          message: `${folder} has Go files but no go.mod or go.work, so gopls and the debugger can only treat files one by one. Create a module here.`,
          fixes: [initFix(go, folder, path.basename(folder).toLowerCase().replace(/[^a-z0-9._-]/g, "-") || "example")],
        });
      }
    }
    return { findings, evidence, missingModules: [] };
  }

  // Vendoring: explicit -mod=vendor, or implied by vendor/modules.txt with go ≥ 1.14 (go.work: ≥ 1.22).
  const root = path.dirname(gowork || gomod);
  const rootFile = gowork || gomod;
  let goLine: string | undefined;
  try {
    goLine = goModLookup(fs.readFileSync(rootFile, "utf8"), "go")?.value;
  } catch {
    goLine = undefined;
  }
  const flag = modFlag(goEnv.GOFLAGS ?? "");
  const modulesTxt = path.join(root, "vendor", "modules.txt");
  const vendorMode = flag === "vendor" || (flag === undefined && fs.existsSync(modulesTxt) && goLine !== undefined && compareGo(goLine, gowork ? "1.22" : "1.14") >= 0);

  // A private copy of go.mod/go.sum (-modfile) so that -mod=mod never rewrites the user's files.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "go-doctor-mod-"));
  try {
    let modfileFlag = "";
    if (!gowork) {
      const alt = path.join(scratch, "go.mod");
      fs.copyFileSync(gomod, alt);
      const sum = path.join(path.dirname(gomod), "go.sum");
      if (fs.existsSync(sum)) fs.copyFileSync(sum, path.join(scratch, "go.sum"));
      modfileFlag = ` -modfile=${alt}`;
    }
    const offline = (goflags: string): Env => ({ ...input.env, GOPROXY: "off", GOFLAGS: goflags.trim() });
    const userFlags = goEnv.GOFLAGS ?? "";
    const listArgv = [go, "list", "-e", "-deps", "-test", "-json=ImportPath,Module,Error", "./..."];
    const graphArgv = [go, "list", "-e", "-m", "-json", "all"];
    const runIn = (argv: string[], env: Env): Promise<ProcessResult> =>
      run(argv, { cwd: folder, env: cleanEnv(env), timeoutMs: LIST_TIMEOUT_MS, signal: input.signal });
    const [pkgs, graph] = await Promise.all([
      runIn(listArgv, offline(`${userFlags}${modfileFlag}`)),
      // The module graph from the cache alone; pointless when vendor/ supplies everything.
      vendorMode ? undefined : runIn(graphArgv, offline(gowork ? userFlags : `${userFlags.replace(/(?:^|\s)--?mod=\S+/g, "")} -mod=mod${modfileFlag}`)),
    ]);
    evidence.push(evidenceOf(pkgs, folder));
    if (graph) evidence.push(evidenceOf(graph, folder));

    // A pending toolchain switch stops every go command here; GD013 already says so.
    if (/toolchain not available|requires go >=|download go\d/.test(pkgs.stderr)) return { findings, evidence, missingModules: [] };

    const modules = graph ? parseAll(ModuleJson, graph.stdout) : [];
    const missing = new Map<string, ModuleJson>();
    // An Error alone may only mean a missing .info (go mod tidy does not fetch those); a missing go.mod breaks the build.
    for (const m of modules) if (m.Error && !m.Main && !m.GoMod && !m.Replace) missing.set(modKey(m), m);

    const packages = parseAll(PackageJson, pkgs.stdout);
    const sumGaps = new Map<string, string>();
    let getTarget: string | undefined;
    const vendorErrors: string[] = [];
    // Each broken dependency is listed itself (-deps); the DepsErrors of its importers only repeat it.
    for (const p of packages) {
      const text = p.Error?.Err;
      if (!text) continue;
      if (/missing go\.sum entry/.test(text)) {
        const mod = moduleOf(p.ImportPath, modules);
        sumGaps.set(mod ? modKey(mod) : p.ImportPath, text.split("\n")[0]);
        getTarget ??= /to add:\s+go get (\S+)/.exec(text)?.[1];
      } else if (/lookup disabled by GOPROXY=off/.test(text) && !vendorMode) {
        const mod = moduleOf(p.ImportPath, modules);
        if (mod && !mod.Main) missing.set(modKey(mod), mod);
      } else if (/-mod=vendor|vendor\/modules\.txt/.test(text)) {
        vendorErrors.push(`${p.ImportPath}: ${text.split("\n")[0]}`);
      }
    }
    const inconsistent = /inconsistent vendoring/.test(pkgs.stderr);
    if (vendorMode && (inconsistent || vendorErrors.length > 0)) {
      const vendorCmd = gowork ? ["work", "vendor"] : ["mod", "vendor"];
      const why = !fs.existsSync(path.join(root, "vendor"))
        ? `${flag === "vendor" ? "GOFLAGS has -mod=vendor" : "vendoring is on"} but ${root} has no vendor directory`
        : `vendor/modules.txt does not match ${path.basename(rootFile)}`;
      findings.push({
        code: "GD044",
        severity: "error",
        message: `${why}, so every build in this folder fails with "inconsistent vendoring". Re-create vendor/ with \`go ${vendorCmd.join(" ")}\`${flag === "vendor" ? ", or drop -mod=vendor from GOFLAGS" : ""}.`,
        details: inconsistent ? pkgs.stderr.trim().split("\n").slice(0, 12) : vendorErrors.slice(0, 12),
        fixes: [{ kind: "run", title: `Re-create vendor/ (go ${vendorCmd.join(" ")})`, argv: [go, ...vendorCmd], cwd: root }],
        location: { file: rootFile },
      });
    }
    if (sumGaps.size > 0) {
      const fix: FixAction = getTarget
        ? { kind: "run", title: `Add the missing go.sum entries (go get ${getTarget})`, argv: [go, "get", getTarget], cwd: folder }
        : { kind: "run", title: "Add the missing go.sum entries (go mod tidy)", argv: [go, "mod", "tidy"], cwd: root };
      findings.push({
        code: "GD043",
        severity: "error",
        message: `go.sum lacks the checksums of ${[...sumGaps.keys()].join(", ")}, so builds and debug sessions in this folder stop with "missing go.sum entry". Add them.`,
        details: [...sumGaps.values()].slice(0, 12),
        fixes: [fix],
        location: { file: path.join(root, "go.sum") },
      });
    }
    const missingModules = [...missing.keys()].sort();
    if (missingModules.length > 0) {
      const proxyOff = (goEnv.GOPROXY ?? "").trim().split(/[,|]/)[0]?.trim() === "off";
      findings.push({
        code: "GD042",
        severity: "error",
        message: `${missingModules.length} module${missingModules.length === 1 ? " this folder needs is" : "s this folder needs are"} not in the module cache (${goEnv.GOMODCACHE ?? "GOMODCACHE"}), so the first build or debug session would stall on downloading ${missingModules.length === 1 ? "it" : "them"}${proxyOff ? ", and GOPROXY=off forbids that" : ""}. Download them now.`,
        details: missingModules.slice(0, 30),
        fixes: [{
          kind: "run",
          title: "Download the modules (go mod download)",
          argv: [go, "mod", "download"],
          cwd: folder,
          ...(proxyOff ? { env: { GOPROXY: "https://proxy.golang.org,direct" } } : {}),
        }],
      });
    }
    return { findings, evidence, missingModules };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function initFix(go: string, folder: string, module: string): FixAction {
  return { kind: "run", title: `Create go.mod (go mod init ${module})`, argv: [go, "mod", "init", module], cwd: folder };
}

function unsetFix(name: string, env: Env, go: string): FixAction {
  if (env[name]) {
    return { kind: "manual", title: `Remove ${name} from your shell profile`, detail: `${name}=${env[name]} comes from your environment: remove the line that sets it (~/.profile, ~/.bashrc, ~/.zshrc, …) and restart the editor.` };
  }
  return { kind: "run", title: `Unset ${name} (go env -u ${name})`, argv: [go, "env", "-u", name] };
}
