// Is the workspace a module, and can it be built without touching the
// network? GOPATH-mode conflicts (GD040, GD041) come from go env and the files;
// missing modules (GD042), go.sum gaps (GD043) and vendoring (GD044) from the
// go command itself, run with GOPROXY=off so it can only answer from the
// module cache, and with a copy of go.mod so it never rewrites the user's.

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as os from "node:os";
import * as path from "node:path";
import * as z from "../base/zod";
import { cleanEnv, normDir } from "../base/envPath";
import { absolutizeGoWork, findGoMod, findGoWork, goModLookup, parseGoMod } from "../go/goMod";
import type { Finding, FixAction } from "../model/findings";
import { evidenceOf, runProcess, type ProcessResult, type RunProcess } from "../base/process";
import type { GoEnvVars } from "../model/facts";
import { compareGo } from "../go/versionText";
import type { Env } from "../base/envPath";
import type { Evidence } from "../base/process";
import { gopathEntries } from "../go/toolEnvironment";

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
  Version: z.optional(z.string()),
  Main: z.optional(z.boolean()),
  Replace: z.optional(z.object({ Path: z.string(), Version: z.optional(z.string()) })),
  /** The cached go.mod; absent when the module graph cannot be built from the cache. */
  GoMod: z.optional(z.string()),
  Error: z.optional(z.object({ Err: z.string() })),
});
type ModuleJson = z.infer<typeof ModuleJson>;

const PackageError = z.object({ Err: z.string(), ImportStack: z.optional(z.array(z.string())) });
const PackageJson = z.object({
  ImportPath: z.string(),
  Module: z.optional(z.object({ Path: z.string(), Version: z.optional(z.string()), Dir: z.optional(z.string()) })),
  Error: z.optional(PackageError),
});
type PackageJson = z.infer<typeof PackageJson>;

function parseAll<T>(schema: z.ZodMiniType<T>, text: string): T[] {
  const out: T[] = [];
  for (const v of parseJsonStream(text)) {
    const r = schema.safeParse(v);
    if (r.success) out.push(r.data);
  }
  return out;
}

/** True when dir (or a few levels below it, not counting nested modules) holds a .go file. */
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
  // A nested go.mod starts its own module, which gopls loads on its own.
  const sub = (name: string): boolean =>
    !fs.existsSync(path.join(dir, name, "go.mod")) && hasGoFiles(path.join(dir, name), depth - 1, budget);
  return entries.some((e) => e.isDirectory() && !e.name.startsWith(".") && !SKIP_DIRS.has(e.name) && sub(e.name));
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

/** The module cache's case-encoding of a path or version ("Azure" → "!azure"). */
function escapeModPath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

function isCached(gomodcache: string | undefined, modPath: string, version: string): boolean {
  return !!gomodcache && fs.existsSync(path.join(gomodcache, `${escapeModPath(modPath)}@${escapeModPath(version)}`));
}

const modKey = (m: ModuleJson): string => (m.Version ? `${m.Path}@${m.Version}` : m.Path);

export async function checkModules(input: {
  goBinary: string;
  env: Env;
  goEnv: GoEnvVars;
  folder: string;
  run?: RunProcess;
  signal?: AbortSignal;
  /** Shares an answer between folders by its inputs (diagnoseWorkspace's per-run memo). */
  share?: <T>(key: string, make: () => Promise<T>) => Promise<T>;
}): Promise<{ findings: Finding[]; evidence: Evidence[]; missingModules: string[] }> {
  const run = input.run ?? runProcess;
  const { goEnv, folder, goBinary: go } = input;
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  const gomod = goEnv.GOMOD ?? "";
  const hasMod = gomod !== "" && gomod !== os.devNull && gomod !== "NUL";
  const gowork = goEnv.GOWORK ?? "";
  const go111 = goEnv.GO111MODULE ?? "";
  const gopathSrc = gopathEntries(goEnv.GOPATH)
    .map((p) => path.join(p, "src"))
    .find((src) => inside(folder, src));

  if (go111 === "off") {
    const file = findGoWork(folder, goEnv.GOWORK === "off" ? "off" : undefined, goEnv.GOROOT) ?? findGoMod(folder);
    if (file) {
      findings.push(
        finding(
          "GD041",
          `GO111MODULE=off puts the go command in GOPATH mode, but ${file} makes this a module: builds ignore go.mod and gopls cannot load the module. Unset GO111MODULE.`,
          { location: { file }, fixes: [unsetFix("GO111MODULE", input.env, go)] },
        ),
      );
    }
    return { findings, evidence, missingModules: [] };
  }
  if (!hasMod && !gowork) {
    // GOMOD is /dev/null in module mode without a go.mod, and empty in GOPATH mode (GO111MODULE=auto with no go.mod).
    const moduleMode = gomod !== "";
    if (hasGoFiles(folder)) {
      if (gopathSrc && moduleMode) {
        findings.push(
          finding(
            "GD041",
            `${folder} is inside GOPATH/src (${gopathSrc}) and has no go.mod, but the go command is in module mode (GO111MODULE=${go111 || "unset"}), so GOPATH-style imports do not resolve. Add a go.mod, or set GO111MODULE=off for this legacy layout.`,
            { fixes: [initFix(go, folder, path.relative(gopathSrc, folder).split(path.sep).join("/"))] },
          ),
        );
      } else if (!gopathSrc) {
        findings.push(
          finding(
            "GD040",
            `${folder} has Go files but no go.mod or go.work, so gopls and the debugger can only treat files one by one. Create a module here.`,
            {
              fixes: [
                initFix(
                  go,
                  folder,
                  path
                    .basename(folder)
                    .toLowerCase()
                    .replace(/[^a-z0-9._-]/g, "-") || "example",
                ),
              ],
            },
          ),
        );
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
  const vendorMode =
    flag === "vendor" ||
    (flag === undefined &&
      fs.existsSync(modulesTxt) &&
      goLine !== undefined &&
      compareGo(goLine, gowork ? "1.22" : "1.14") >= 0);

  // Nothing to look for in the module cache: the go command could only confirm that.
  const noDeps =
    vendorMode || fs.existsSync(modulesTxt) || (flag !== undefined && flag !== "readonly")
      ? undefined
      : withoutDependencies(gomod, gowork);
  if (noDeps) {
    evidence.push({
      command: ["read", ...noDeps],
      output: "no require, replace or tool directive: no module to find in the module cache",
    });
    return { findings, evidence, missingModules: [] };
  }

  // A workspace's listing names its modules by absolute path, so every folder in it gets the same answer.
  const listing = (): Promise<Listing> =>
    listModules({ go, env: input.env, folder, gomod, gowork, vendorMode, run, signal: input.signal });
  const { pkgs, graph } = await (gowork && input.share
    ? input.share(JSON.stringify([go, gowork, vendorMode, Object.entries(cleanEnv(input.env)).sort()]), listing)
    : listing());
  evidence.push(evidenceOf(pkgs, folder));
  if (graph) evidence.push(evidenceOf(graph, folder));

  // A pending toolchain switch stops every go command here; GD013 already says so.
  if (/toolchain not available|requires go >=|download go\d/.test(pkgs.stderr))
    return { findings, evidence, missingModules: [] };

  const modules = graph ? parseAll(ModuleJson, graph.stdout) : [];
  const missing = new Map<string, ModuleJson>();
  // An Error alone may only mean a missing .info (go mod tidy does not fetch those); a missing go.mod breaks the build.
  // With graph pruning (go ≥ 1.17) a build reads only the go.mod files of what a main go.mod requires; the
  // deeper ones `all` lists (say, through a `tool` directive's dependencies) stop only a package that
  // imports them, which the package list below catches.
  const roots = prunedRoots(goLine, gowork ? workspaceDirs(gowork) : [path.dirname(gomod)]);
  for (const m of modules)
    if (m.Error && !m.Main && !m.GoMod && !m.Replace && (!roots || roots.has(m.Path))) missing.set(modKey(m), m);

  const packages = parseAll(PackageJson, pkgs.stdout);
  const sumGaps = new Map<string, string>();
  let getTarget: string | undefined;
  let tidyDir: string | undefined;
  const vendorErrors: string[] = [];
  // Each broken dependency is listed itself (-deps); the DepsErrors of its importers only repeat it.
  for (const p of packages) {
    const text = p.Error?.Err;
    if (!text) continue;
    const first = text.split("\n")[0];
    const importer = p.Error?.ImportStack?.at(-1);
    const importerDir = packages.find((q) => q.ImportPath === importer)?.Module?.Dir;
    const named = /^(\S+)@(v\S+): /.exec(text);
    const mod: ModuleJson | undefined = named ? { Path: named[1], Version: named[2] } : moduleOf(p.ImportPath, modules);
    if (/missing go\.sum entry/.test(text)) {
      sumGaps.set(mod ? modKey(mod) : p.ImportPath, first);
      getTarget ??= /to add:\s+go get (\S+)/.exec(text)?.[1];
      tidyDir ??= importerDir;
    } else if (/lookup disabled by GOPROXY=off/.test(text) && !vendorMode && mod && !mod.Main) {
      // In the cache but still looked up: its checksum is in no go.sum (workspaces then ask the checksum database).
      if (mod.Version && isCached(goEnv.GOMODCACHE, mod.Path, mod.Version)) {
        sumGaps.set(modKey(mod), first);
        tidyDir ??= importerDir;
      } else {
        missing.set(modKey(mod), mod);
      }
    } else if (/-mod=vendor|vendor\/modules\.txt/.test(text)) {
      vendorErrors.push(`${p.ImportPath}: ${first}`);
    }
  }
  const inconsistent = /inconsistent vendoring/.test(pkgs.stderr);
  if (vendorMode && (inconsistent || vendorErrors.length > 0)) {
    const vendorCmd = gowork ? ["work", "vendor"] : ["mod", "vendor"];
    const why = !fs.existsSync(path.join(root, "vendor"))
      ? `${flag === "vendor" ? "GOFLAGS has -mod=vendor" : "vendoring is on"} but ${root} has no vendor directory`
      : `vendor/modules.txt does not match ${path.basename(rootFile)}`;
    findings.push(
      finding(
        "GD044",
        `${why}, so every build in this folder fails with "inconsistent vendoring". Re-create vendor/ with \`go ${vendorCmd.join(" ")}\`${flag === "vendor" ? ", or drop -mod=vendor from GOFLAGS" : ""}.`,
        {
          details: inconsistent ? pkgs.stderr.trim().split("\n").slice(0, 12) : vendorErrors.slice(0, 12),
          fixes: [
            {
              kind: "run",
              title: `Re-create vendor/ (go ${vendorCmd.join(" ")})`,
              argv: [go, ...vendorCmd],
              cwd: root,
            },
          ],
          location: { file: rootFile },
        },
      ),
    );
  }
  if (sumGaps.size > 0) {
    const fix: FixAction = getTarget
      ? {
          kind: "run",
          title: `Add the missing go.sum entries (go get ${getTarget})`,
          argv: [go, "get", getTarget],
          cwd: folder,
        }
      : {
          kind: "run",
          title: "Add the missing go.sum entries (go mod tidy)",
          argv: [go, "mod", "tidy"],
          cwd: tidyDir ?? root,
        };
    findings.push(
      finding(
        "GD043",
        `go.sum lacks the checksums of ${[...sumGaps.keys()].join(", ")}, so builds and debug sessions in this folder stop with "missing go.sum entry" (or, offline, with a failed checksum lookup). Add them.`,
        {
          details: [...sumGaps.values()].slice(0, 12),
          fixes: [fix],
          location: { file: path.join(tidyDir ?? root, "go.sum") },
        },
      ),
    );
  }
  const missingModules = [...missing.keys()].sort();
  if (missingModules.length > 0) {
    const proxyOff = (goEnv.GOPROXY ?? "").trim().split(/[,|]/)[0]?.trim() === "off";
    findings.push(
      finding(
        "GD042",
        `${missingModules.length} module${missingModules.length === 1 ? " this folder needs is" : "s this folder needs are"} not in the module cache (${goEnv.GOMODCACHE ?? "GOMODCACHE"}), so the first build or debug session would stall on downloading ${missingModules.length === 1 ? "it" : "them"}${proxyOff ? ", and GOPROXY=off forbids that" : ""}. Download ${missingModules.length === 1 ? "it" : "them"} now.`,
        {
          details: missingModules.slice(0, 30),
          fixes: [
            {
              kind: "run",
              title: "Download the modules (go mod download)",
              argv: [go, "mod", "download"],
              cwd: folder,
              ...(proxyOff ? { env: { GOPROXY: "https://proxy.golang.org,direct" } } : {}),
            },
          ],
        },
      ),
    );
  }
  return { findings, evidence, missingModules };
}

interface Listing {
  pkgs: ProcessResult;
  /** Absent in vendor mode, where vendor/ supplies everything. */
  graph?: ProcessResult;
}

/** `go list` of the packages and of the module graph, offline and from a private copy of go.mod/go.work. */
async function listModules(input: {
  go: string;
  env: Env;
  folder: string;
  gomod: string;
  gowork: string;
  vendorMode: boolean;
  run: RunProcess;
  signal?: AbortSignal;
}): Promise<Listing> {
  const { go, gomod, gowork, vendorMode } = input;
  // A private copy of go.mod/go.sum (-modfile) so that the go command never rewrites the user's files.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "go-doctor-mod-"));
  try {
    // Command-line flags, not GOFLAGS: they override the user's GOFLAGS and may hold paths with spaces.
    const modfile: string[] = [];
    let workCopy: string | undefined;
    if (gowork && !vendorMode) {
      // The same workspace from a copy: the go command writes go.work.sum next to the copy, not the user's.
      workCopy = path.join(scratch, "go.work");
      fs.writeFileSync(workCopy, absolutizeGoWork(fs.readFileSync(gowork, "utf8"), path.dirname(gowork)));
      const sum = `${gowork}.sum`;
      if (fs.existsSync(sum)) fs.copyFileSync(sum, `${workCopy}.sum`);
    }
    if (!gowork) {
      const alt = path.join(scratch, "go.mod");
      fs.copyFileSync(gomod, alt);
      const sum = path.join(path.dirname(gomod), "go.sum");
      if (fs.existsSync(sum)) fs.copyFileSync(sum, path.join(scratch, "go.sum"));
      modfile.push(`-modfile=${alt}`);
    }
    // GOPROXY=off alone still lets GOPRIVATE/GONOPROXY modules go straight to git; GOVCS=*:off stops that too.
    const offline: Env = {
      ...input.env,
      GOPROXY: "off",
      GOVCS: "*:off",
      GIT_TERMINAL_PROMPT: "0",
      ...(workCopy ? { GOWORK: workCopy } : {}),
    };
    // "./..." from a go.work directory matches nothing: name each workspace module's tree instead.
    const uses = gowork ? workspaceDirs(gowork) : [];
    const patterns = uses.length > 0 ? uses.map((d) => `${d}${path.sep}...`) : ["./..."];
    const listArgv = [go, "list", "-e", "-deps", "-test", "-json=ImportPath,Module,Error", ...modfile, ...patterns];
    // -mod=mod reads the module graph from the cache alone (workspaces allow no -mod=mod).
    const graphArgv = [go, "list", "-e", "-m", "-json", ...(gowork ? [] : ["-mod=mod", ...modfile]), "all"];
    const runIn = (argv: string[]): Promise<ProcessResult> =>
      input.run(argv, { cwd: input.folder, env: cleanEnv(offline), timeoutMs: LIST_TIMEOUT_MS, signal: input.signal });
    const [pkgs, graph] = await Promise.all([runIn(listArgv), vendorMode ? undefined : runIn(graphArgv)]);
    return { pkgs, graph };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Directives that name no module to fetch; anything else (require, replace, tool, or a line not understood) does. */
const NO_DEPENDENCY_VERBS = new Set(["module", "go", "toolchain", "godebug", "exclude", "retract", "ignore", "use"]);

/**
 * The files read when go.mod, or go.work and the go.mod of every module it uses,
 * name no dependency at all, so that the module cache has nothing to hold;
 * undefined when a file is unreadable or has a directive that could name one.
 */
function withoutDependencies(gomod: string, gowork: string): string[] | undefined {
  const read: string[] = [];
  const pending = [gowork || gomod];
  for (let file = pending.shift(); file !== undefined; file = pending.shift()) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
    read.push(file);
    let block: string | undefined;
    for (const raw of text.split("\n")) {
      const cut = raw.indexOf("//");
      const line = (cut >= 0 ? raw.slice(0, cut) : raw).trim();
      if (line === "") continue;
      let verb = block;
      let rest = line;
      if (block === undefined) {
        verb = /^[^\s(]+/.exec(line)?.[0] ?? "";
        rest = line.slice(verb.length).trim();
        if (!NO_DEPENDENCY_VERBS.has(verb)) return undefined;
        if (rest === "(") {
          block = verb;
          continue;
        }
      } else if (line === ")") {
        block = undefined;
        continue;
      }
      // Each module a go.work uses has its own go.mod to read.
      if (verb === "use" && file === gowork)
        pending.push(path.join(path.resolve(path.dirname(gowork), rest.replace(/^["`]|["`]$/g, "")), "go.mod"));
    }
  }
  return read;
}

/** The modules the main go.mod files require, when the go line prunes the graph; undefined when every go.mod counts. */
function prunedRoots(goLine: string | undefined, moduleDirs: string[]): Set<string> | undefined {
  if (goLine === undefined || compareGo(goLine, "1.17") < 0) return undefined;
  const roots = new Set<string>();
  for (const dir of moduleDirs) {
    try {
      for (const r of parseGoMod(fs.readFileSync(path.join(dir, "go.mod"), "utf8")).requires) roots.add(r.path);
    } catch {
      return undefined;
    }
  }
  return roots;
}

/** The module directories a go.work `use`s, absolute. */
function workspaceDirs(gowork: string): string[] {
  try {
    return parseGoMod(fs.readFileSync(gowork, "utf8")).uses.map((u) => path.resolve(path.dirname(gowork), u));
  } catch {
    return [];
  }
}

function initFix(go: string, folder: string, module: string): FixAction {
  return {
    kind: "run",
    title: `Create go.mod (go mod init ${module})`,
    argv: [go, "mod", "init", module],
    cwd: folder,
  };
}

function unsetFix(name: string, env: Env, go: string): FixAction {
  if (env[name]) {
    return {
      kind: "manual",
      title: `Remove ${name} from your shell profile`,
      detail: `${name}=${env[name]} comes from your environment: remove the line that sets it (~/.profile, ~/.bashrc, ~/.zshrc, …) and restart the editor.`,
    };
  }
  return { kind: "run", title: `Unset ${name} (go env -u ${name})`, argv: [go, "env", "-u", name] };
}
