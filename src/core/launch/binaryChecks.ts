// Checks for a pre-built binary debugged with `mode: exec`: debug information
// (GD081), staleness against its sources (GD082) and -trimpath without a
// substitutePath mapping (GD083). Facts come from the file's own headers and
// `go version -m`; nothing is rebuilt unless the user applies a fix.

import * as fs from "node:fs/promises";
import { finding } from "../model/findings";
import * as path from "node:path";
import { readBinaryInfo, type BinaryInfo } from "./binaryInfo";
import { cleanEnv } from "../base/envPath";
import { findGoMod } from "../go/goMod";
import { findModuleRoot, readDirPackage } from "../go/goPackages";
import type { FixAction, Finding } from "../model/findings";
import { runProcess as defaultRun, type RunProcess } from "../base/process";
import { parseBuildInfo, type BuildInfo } from "../go/versionText";
import type { Env } from "../base/envPath";

export interface SubstitutePathEntry {
  from: string;
  to: string;
}

export interface ExecCheckInput {
  binary: string;
  goBinary: string;
  env: Env;
  /** The main package's directory, when the caller knows it; else found from the build info. */
  packageDir?: string;
  substitutePath?: SubstitutePathEntry[];
  /** The workspace folder, for `${workspaceFolder}` in suggested mappings. */
  folder: string;
  run?: RunProcess;
  /** Where the configuration sits, so that GD083's fix can edit it. */
  launch?: { file: string; path: (string | number)[] };
  timeoutMs?: number;
}

export interface BinaryFacts {
  info: BinaryInfo;
  build?: BuildInfo;
  /** The main package's import path (`path` line of `go version -m`). */
  mainPackage?: string;
  moduleRoot?: string;
  packageDir?: string;
}

/** The `path` line of `go version -m`, which parseBuildInfo does not keep. */
function mainPackagePath(text: string): string | undefined {
  return /^\tpath\t(\S+)\s*$/m.exec(text)?.[1];
}

type HeaderFacts = Pick<BinaryFacts, "info" | "build" | "mainPackage">;

/**
 * Header facts per binary, keyed by path, size and mtime so that a rebuilt binary is
 * read again; the editor re-checks launch.json on every pause in typing.
 */
const headerCache = new Map<string, { stamp: string; facts: HeaderFacts }>();
const HEADER_CACHE_SIZE = 32;

async function readHeaderFacts(input: ExecCheckInput): Promise<HeaderFacts> {
  const st = await fs.stat(input.binary).catch(() => undefined);
  const stamp = st ? `${st.size}:${st.mtimeMs}:${input.goBinary}` : "";
  const cached = headerCache.get(input.binary);
  if (st && cached?.stamp === stamp) return cached.facts;
  const run = input.run ?? defaultRun;
  const [info, version] = await Promise.all([
    readBinaryInfo(input.binary),
    run([input.goBinary, "version", "-m", input.binary], {
      env: cleanEnv(input.env),
      timeoutMs: input.timeoutMs ?? 15_000,
    }),
  ]);
  const ok = version.exitCode === 0;
  const facts: HeaderFacts = {
    info,
    build: ok ? parseBuildInfo(version.stdout) : undefined,
    mainPackage: ok ? mainPackagePath(version.stdout) : undefined,
  };
  // A go that could not run says nothing about the binary; ask again next time.
  if (st && !version.spawnError && !version.timedOut) {
    headerCache.delete(input.binary);
    headerCache.set(input.binary, { stamp, facts });
    if (headerCache.size > HEADER_CACHE_SIZE) headerCache.delete(headerCache.keys().next().value!);
  }
  return facts;
}

export async function readBinaryFacts(input: ExecCheckInput): Promise<BinaryFacts> {
  const { info, build, mainPackage } = await readHeaderFacts(input);
  let moduleRoot: string | undefined;
  let packageDir = input.packageDir;
  if (packageDir !== undefined) {
    const gomod = findGoMod(packageDir);
    moduleRoot = gomod === undefined ? undefined : path.dirname(gomod);
  } else if (build?.mainModule !== undefined) {
    moduleRoot = await findModuleRoot(input.folder, build.mainModule.path);
    const mod = build.mainModule.path;
    if (
      moduleRoot !== undefined &&
      mainPackage !== undefined &&
      (mainPackage === mod || mainPackage.startsWith(`${mod}/`))
    ) {
      packageDir = path.join(moduleRoot, ...mainPackage.slice(mod.length).split("/").filter(Boolean));
    }
  }
  return { info, build, mainPackage, moduleRoot, packageDir };
}

const STRIP_FLAGS = new Set(["-s", "-w", "-s=true", "-w=true"]);

/** `go build` argv that reproduces the recorded build settings; `debuggable` drops -s/-w and disables optimisations. */
export function rebuildArgv(
  goBinary: string,
  settings: Record<string, string>,
  output: string,
  debuggable: boolean,
): string[] {
  const argv = [goBinary, "build"];
  if (settings["-trimpath"] === "true") argv.push("-trimpath");
  if (settings["-race"] === "true") argv.push("-race");
  if (settings["-tags"]) argv.push(`-tags=${settings["-tags"]}`);
  const ldflags = (settings["-ldflags"] ?? "")
    .split(/\s+/)
    .filter((t) => t !== "" && !(debuggable && STRIP_FLAGS.has(t)));
  if (ldflags.length > 0) argv.push(`-ldflags=${ldflags.join(" ")}`);
  if (debuggable) argv.push("-gcflags=all=-N -l");
  else if (settings["-gcflags"]) argv.push(`-gcflags=${settings["-gcflags"]}`);
  argv.push("-o", output, ".");
  return argv;
}

function strippedBy(facts: BinaryFacts): string {
  const ldflags = facts.build?.settings["-ldflags"];
  const tokens = (ldflags ?? "").split(/\s+/).filter((t) => STRIP_FLAGS.has(t));
  if (tokens.length > 0) return `built with -ldflags="${ldflags}"`;
  if (!facts.info.hasSymbols) return "stripped after the build (strip, or a packer such as upx)";
  return "its debug sections were removed after the build";
}

function checkDebugInfo(input: ExecCheckInput, facts: BinaryFacts): Finding[] {
  if (facts.info.format !== "unknown" && facts.info.hasDwarf) return [];
  const fixes: FixAction[] = [];
  if (facts.packageDir !== undefined) {
    fixes.push({
      kind: "run",
      title: "Rebuild with debug information and optimisations off",
      argv: rebuildArgv(input.goBinary, facts.build?.settings ?? {}, input.binary, true),
      cwd: facts.packageDir,
    });
  } else {
    fixes.push({
      kind: "manual",
      title: "Rebuild without -s or -w",
      detail: `Rebuild ${input.binary} without -ldflags=-s/-w and without stripping it, e.g. go build -gcflags="all=-N -l" -o ${input.binary} ./path/to/main/package`,
    });
  }
  if (facts.info.format === "unknown") {
    return [
      finding(
        "GD081",
        `${input.binary} is not an executable Delve can read (no ELF, Mach-O or PE header): mode "exec" needs a binary built by go build.`,
        { fixes },
      ),
    ];
  }
  return [
    finding(
      "GD081",
      `${input.binary} has no DWARF debug information (${strippedBy(facts)}): Delve starts it with "no debug info found", but breakpoints on source lines never bind and stacks and variables cannot be shown.`,
      {
        details: facts.build ? [`go version -m: -ldflags=${facts.build.settings["-ldflags"] ?? "(none)"}`] : undefined,
        fixes,
      },
    ),
  ];
}

async function newestSource(
  dirs: string[],
  moduleRoot: string | undefined,
): Promise<{ file: string; mtimeMs: number } | undefined> {
  const files: string[] = [];
  for (const dir of new Set(dirs)) {
    const pkg = await readDirPackage(dir);
    for (const f of pkg?.goFiles ?? []) files.push(path.join(dir, f));
  }
  if (moduleRoot !== undefined) files.push(path.join(moduleRoot, "go.mod"));
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const file of files) {
    const st = await fs.stat(file).catch(() => undefined);
    if (st && (newest === undefined || st.mtimeMs > newest.mtimeMs)) newest = { file, mtimeMs: st.mtimeMs };
  }
  return newest;
}

/** Directories of the main module's packages the binary's main package imports, via go list (offline); [] when it fails. */
async function mainModuleDeps(input: ExecCheckInput, packageDir: string): Promise<string[]> {
  const run = input.run ?? defaultRun;
  const r = await run(
    [input.goBinary, "list", "-deps", "-f", "{{if .Module}}{{if .Module.Main}}{{.Dir}}{{end}}{{end}}", "."],
    { cwd: packageDir, env: cleanEnv({ ...input.env, GOPROXY: "off" }), timeoutMs: input.timeoutMs ?? 15_000 },
  );
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => path.isAbsolute(l));
}

function describeAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

async function checkStale(input: ExecCheckInput, facts: BinaryFacts): Promise<Finding[]> {
  if (facts.packageDir === undefined) return [];
  const binStat = await fs.stat(input.binary).catch(() => undefined);
  if (!binStat) return [];
  const dirs = [facts.packageDir, ...(await mainModuleDeps(input, facts.packageDir))];
  const newest = await newestSource(dirs, facts.moduleRoot);
  if (newest === undefined || newest.mtimeMs <= binStat.mtimeMs) return [];
  const rel = path.relative(input.folder, newest.file);
  return [
    finding(
      "GD082",
      `${input.binary} is older than its source ${rel.startsWith("..") ? newest.file : rel} (changed ${describeAge(newest.mtimeMs - binStat.mtimeMs)} after the build): the debugger would run old code, and breakpoints land on lines that moved.`,
      {
        fixes: [
          {
            kind: "run",
            title: "Rebuild the binary with its recorded build settings",
            argv: rebuildArgv(input.goBinary, facts.build?.settings ?? {}, input.binary, false),
            cwd: facts.packageDir,
          },
        ],
      },
    ),
  ];
}

function trimSlash(p: string): string {
  return p.replace(/[\\/]+$/, "");
}

/**
 * The substitutePath entry dlv-dap needs for a -trimpath binary. dlv-dap reads
 * `from` as the path on this machine (the editor's side) and `to` as the path
 * recorded in the binary; -trimpath records the main module's files as
 * "<module path>/<file>", so the module root maps to the module path.
 */
export function suggestSubstitutePath(
  folder: string,
  moduleRoot: string | undefined,
  modulePath: string,
): SubstitutePathEntry {
  let from = "${workspaceFolder}";
  if (moduleRoot !== undefined) {
    const rel = path.relative(folder, moduleRoot);
    if (rel.startsWith("..") || path.isAbsolute(rel)) from = moduleRoot;
    else if (rel !== "") from = `\${workspaceFolder}/${rel.split(path.sep).join("/")}`;
  }
  return { from, to: modulePath };
}

function covers(entry: SubstitutePathEntry, modulePath: string): boolean {
  const to = trimSlash(entry.to ?? "");
  return to !== "" && (to === modulePath || modulePath.startsWith(`${to}/`));
}

/** The local directory an entry maps the module to; undefined when it cannot be known here (other variables, relative). */
function mappedModuleDir(entry: SubstitutePathEntry, modulePath: string, folder: string): string | undefined {
  const from = entry.from.replace(/\$\{(workspaceFolder|workspaceRoot)\}/g, folder);
  if (from.includes("${") || !path.isAbsolute(from)) return undefined;
  return path.join(from, ...modulePath.slice(trimSlash(entry.to).length).split("/").filter(Boolean));
}

function trimpathFinding(
  input: ExecCheckInput,
  message: string,
  entry: SubstitutePathEntry,
  value: SubstitutePathEntry[],
  title: string,
): Finding {
  const fixes: FixAction[] = input.launch
    ? [{ kind: "launch", title, file: input.launch.file, path: [...input.launch.path, "substitutePath"], value }]
    : [{ kind: "manual", title: "Set substitutePath", detail: `"substitutePath": ${JSON.stringify(value)}` }];
  return {
    code: "GD083",
    severity: "warning",
    message,
    details: [
      `dlv-dap maps "from" (the path in the editor) to "to" (the path in the binary): ${JSON.stringify(entry)}.`,
      "Standard-library and dependency files are recorded by import path too (runtime/proc.go, module@version/…); stepping into them shows no source.",
    ],
    fixes,
  };
}

function checkTrimpath(input: ExecCheckInput, facts: BinaryFacts): Finding[] {
  const build = facts.build;
  if (build?.settings["-trimpath"] !== "true") return [];
  const mod = build.mainModule?.path;
  const existing = input.substitutePath ?? [];
  if (mod === undefined) {
    if (existing.length > 0) return [];
    return [
      finding(
        "GD083",
        `${input.binary} was built with -trimpath and the launch configuration has no substitutePath: its source paths are not paths on this machine, so breakpoints will not bind.`,
        {
          fixes: [
            {
              kind: "manual",
              title: "Add a substitutePath entry",
              detail:
                'Add "substitutePath": [{"from": "<source directory here>", "to": "<path recorded in the binary>"}].',
            },
          ],
        },
      ),
    ];
  }
  const entry = suggestSubstitutePath(input.folder, facts.moduleRoot, mod);
  const covering = existing.findIndex((e) => covers(e, mod));
  if (covering < 0) {
    return [
      trimpathFinding(
        input,
        `${input.binary} was built with -trimpath, so it records its files as ${mod}/… instead of paths on this machine, and no substitutePath entry maps them: breakpoints will not bind.`,
        entry,
        [...existing, entry],
        `Add substitutePath {"from": "${entry.from}", "to": "${entry.to}"}`,
      ),
    ];
  }
  // An entry covers the module path; it is only right if it leads to where the module's sources are.
  const moduleRoot = facts.moduleRoot;
  if (moduleRoot === undefined) return [];
  const dirs = existing.filter((e) => covers(e, mod)).map((e) => mappedModuleDir(e, mod, input.folder));
  if (dirs.some((d) => d === undefined || path.resolve(d) === path.resolve(moduleRoot))) return [];
  const wrong = existing[covering];
  return [
    trimpathFinding(
      input,
      `substitutePath maps ${wrong.to} to ${dirs[0]}, but the sources of ${mod} are in ${moduleRoot}: breakpoints in them will not bind in this -trimpath binary.`,
      entry,
      existing.map((e, i) => (i === covering ? entry : e)),
      `Replace the entry with {"from": "${entry.from}", "to": "${entry.to}"}`,
    ),
  ];
}

/** GD081, GD082 and GD083 for the binary of a `mode: exec` configuration. */
export async function checkExecBinary(input: ExecCheckInput): Promise<Finding[]> {
  const st = await fs.stat(input.binary).catch(() => undefined);
  if (!st?.isFile()) {
    return [
      finding("GD080", `${input.binary} does not exist or is not a file: mode "exec" needs a pre-built binary.`, {
        severity: "error",
      }),
    ];
  }
  const facts = await readBinaryFacts(input);
  return [...checkDebugInfo(input, facts), ...(await checkStale(input, facts)), ...checkTrimpath(input, facts)];
}
