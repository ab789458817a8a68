// The checks of launch configurations (GD080–GD083): each `go` configuration
// parsed by launchParse.ts, checked against the files it names, the mode and
// the attributes the Go extension reads; and reading them from a folder's
// launch.json (or a settings.json `launch` section).

import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as jsonc from "jsonc-parser";
import type * as z from "../base/zod";
import { checkExecBinary } from "./binaryChecks";
import { findMainPackages, goFilePackage, readDirPackage } from "../go/goPackages";
import { parseJsonc } from "./jsoncEdits";
import type { FixAction, Finding, Severity } from "../model/findings";
import type { RunProcess } from "../base/process";
import { ATTACH_MODES, GO_ATTRIBUTES, LAUNCH_MODES } from "./launchSchema";
import { resolveLaunchPath, substitute, type VariableContext } from "./launchVariables";
import type { Env } from "../base/envPath";
import { parseLaunchText, type LocatedFinding, type ParsedConfig, type ParsedLaunchText } from "./launchParse";

export interface LaunchCheckOptions {
  /** For `${env:NAME}`; process.env when absent. */
  env?: Env;
  /** The editor's active file, for `${file}` and `${fileDirname}`. */
  activeFile?: string;
  /** Current `go.alternateTools`, so that moving dlvPath keeps the other entries. */
  alternateTools?: Record<string, string>;
  /** Runs the mode "exec" binary checks (GD081–GD083) when given. */
  exec?: { goBinary: string; env: Env; run?: RunProcess };
}

/** Where a configuration came from: a file with spans, or a resolved config at debug start. */
interface Target {
  raw: Record<string, unknown>;
  folder: string;
  file?: string;
  config?: ParsedConfig;
  opts: LaunchCheckOptions;
}

interface Draft {
  severity: Severity;
  message: string;
  /** The attribute the finding is about; the configuration object when absent or missing. */
  attribute?: string;
  fixes?: FixAction[];
  details?: string[];
  code?: "GD080" | "GD081" | "GD082" | "GD083";
}

function label(t: Target): string {
  const name = typeof t.raw.name === "string" ? t.raw.name : undefined;
  return name ? `"${name}"` : t.config ? `configuration ${t.config.index + 1}` : "this configuration";
}

function removeFix(t: Target, attribute: string, title: string): FixAction[] {
  return t.file && t.config
    ? [{ kind: "launch", title, file: t.file, path: [...t.config.path, attribute], value: undefined }]
    : [];
}

function setFix(t: Target, attribute: string, value: unknown, title: string): FixAction[] {
  return t.file && t.config
    ? [{ kind: "launch", title, file: t.file, path: [...t.config.path, attribute], value }]
    : [];
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function nearest(word: string, choices: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { choice: string; d: number } | undefined;
  for (const choice of choices) {
    const d = editDistance(lower, choice);
    if (d <= 2 && (best === undefined || d < best.d)) best = { choice, d };
  }
  return best?.choice;
}

function checkTypes(t: Target): Draft[] {
  const drafts: Draft[] = [];
  for (const [key, schema] of Object.entries(GO_ATTRIBUTES)) {
    if (!(key in t.raw) || key === "mode" || key === "request") continue;
    const r = (schema as z.ZodMiniType).safeParse(t.raw[key]);
    if (!r.success) {
      const issue = r.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
      drafts.push({
        severity: "warning",
        attribute: key,
        message: `"${key}" in ${label(t)} has the wrong type${where}: ${(issue?.message ?? "invalid").replace(/^Invalid input: /, "")}.`,
      });
    }
  }
  return drafts;
}

function variables(t: Target): VariableContext {
  return { folder: t.folder, activeFile: t.opts.activeFile, env: t.opts.env };
}

function resolveVariables(value: string, t: Target): ReturnType<typeof substitute> {
  return substitute(value, variables(t));
}

function resolvePath(value: string, t: Target): ReturnType<typeof resolveLaunchPath> {
  return resolveLaunchPath(value, variables(t));
}

/** The directory of a program written as a path to a .go file, in the same spelling ("${workspaceFolder}/cmd/x/main.go" → "${workspaceFolder}/cmd/x"). */
function directoryValue(program: string): string | undefined {
  const cut = program.replace(/[\\/]+$/, "").lastIndexOf("/");
  if (cut < 0) return program.includes("${") ? undefined : ".";
  return cut === 0 ? "/" : program.slice(0, cut);
}

/** " (/abs/path)" when the attribute's text is not already that path. */
function shownPath(written: string, abs: string): string {
  return written === abs ? "" : ` (${abs})`;
}

async function statOf(p: string): Promise<import("node:fs").Stats | undefined> {
  return fs.stat(p).catch(() => undefined);
}

async function programFixes(t: Target): Promise<FixAction[]> {
  if (!t.file || !t.config) return [];
  const mains = await findMainPackages(t.folder, 3);
  return mains.map((dir) => {
    const rel = path.relative(t.folder, dir).split(path.sep).join("/");
    const value = rel === "" ? "${workspaceFolder}" : `\${workspaceFolder}/${rel}`;
    return {
      kind: "launch" as const,
      title: `Set program to ${value}`,
      file: t.file!,
      path: [...t.config!.path, "program"],
      value,
    };
  });
}

async function checkDebugProgram(t: Target, program: string, abs: string, mode: string): Promise<Draft[]> {
  const st = await statOf(abs);
  if (!st) {
    return [
      {
        severity: "error",
        attribute: "program",
        message: `program ${program} of ${label(t)} does not exist${shownPath(program, abs)}.`,
        fixes: await programFixes(t),
      },
    ];
  }
  // As the Go extension decides "auto": from program when it is a .go file, else from the active editor's file.
  const decidingFile = abs.endsWith(".go") ? abs : t.opts.activeFile;
  const isTest = mode === "test" || (mode === "auto" && decidingFile?.endsWith("_test.go") === true);
  if (st.isFile()) {
    if (!abs.endsWith(".go")) {
      const fixes =
        mode === "debug" || mode === "auto"
          ? setFix(t, "mode", "exec", 'Set mode to "exec" to debug this pre-built binary')
          : [];
      return [
        {
          severity: "error",
          attribute: "program",
          message: `program ${program} of ${label(t)} is a file but not a .go file: mode "${mode}" builds from source; a pre-built binary needs mode "exec".`,
          fixes,
        },
      ];
    }
    if (isTest) return [];
    const head = await goFilePackage(abs);
    if (head?.pkg !== undefined && head.pkg !== "main") {
      return [
        {
          severity: "error",
          attribute: "program",
          message: `program ${program} of ${label(t)} is in package ${head.pkg}, not package main: there is no program to run. Point it at a main package, or use mode "test".`,
          fixes: await programFixes(t),
        },
      ];
    }
    // dlv builds a .go program as `go build file.go`: the package's other files are left out.
    const siblings = (await readDirPackage(path.dirname(abs)))?.goFiles.filter((f) => f !== path.basename(abs)) ?? [];
    if (siblings.length > 0) {
      const dir = program.includes("${file}") ? program.replace("${file}", "${fileDirname}") : directoryValue(program);
      return [
        {
          severity: "warning",
          attribute: "program",
          message: `program ${program} of ${label(t)} is one file of a package with ${siblings.length} more (${siblings.slice(0, 3).join(", ")}${siblings.length > 3 ? ", …" : ""}); dlv builds only that file, so the build fails with "undefined: …" as soon as it uses the others. Point program at the directory.`,
          fixes: dir === undefined ? [] : setFix(t, "program", dir, `Set program to ${dir}`),
        },
      ];
    }
    return [];
  }
  if (!st.isDirectory()) return [];
  const pkg = await readDirPackage(abs);
  if (pkg === undefined) return [];
  if (isTest) {
    if (pkg.testFiles.length === 0) {
      return [
        {
          severity: "warning",
          attribute: "program",
          message: `program ${program} of ${label(t)} has no _test.go files: mode "test" will find no tests to run.`,
        },
      ];
    }
    return [];
  }
  if (pkg.goFiles.length === 0) {
    return [
      {
        severity: "error",
        attribute: "program",
        message: `program ${program} of ${label(t)} contains no Go files${shownPath(program, abs)}.`,
        fixes: await programFixes(t),
      },
    ];
  }
  if (!pkg.packages.includes("main")) {
    return [
      {
        severity: "error",
        attribute: "program",
        message: `program ${program} of ${label(t)} is package ${pkg.packages.join(", ")}, not a main package: dlv fails with "could not launch process: not an executable file". Point it at a main package, or use mode "test".`,
        fixes: await programFixes(t),
      },
    ];
  }
  return [];
}

async function checkExecProgram(t: Target, program: string, abs: string): Promise<Draft[]> {
  const st = await statOf(abs);
  if (!st)
    return [
      {
        severity: "error",
        attribute: "program",
        message: `program ${program} of ${label(t)} does not exist${shownPath(program, abs)}; mode "exec" needs a pre-built binary.`,
      },
    ];
  if (st.isDirectory() || abs.endsWith(".go")) {
    return [
      {
        severity: "error",
        attribute: "program",
        message: `program ${program} of ${label(t)} is ${st.isDirectory() ? "a directory" : "a Go source file"}, but mode "exec" runs a pre-built binary; mode "debug" builds from source.`,
        fixes: setFix(t, "mode", "debug", 'Set mode to "debug"'),
      },
    ];
  }
  if (!t.opts.exec) return [];
  const substitutePath = Array.isArray(t.raw.substitutePath)
    ? (t.raw.substitutePath as unknown[]).filter(
        (e): e is { from: string; to: string } =>
          typeof e === "object" &&
          e !== null &&
          typeof (e as { to?: unknown }).to === "string" &&
          typeof (e as { from?: unknown }).from === "string",
      )
    : undefined;
  const found = await checkExecBinary({
    binary: abs,
    goBinary: t.opts.exec.goBinary,
    env: t.opts.exec.env,
    run: t.opts.exec.run,
    folder: t.folder,
    substitutePath,
    launch: t.file && t.config ? { file: t.file, path: t.config.path } : undefined,
  });
  return found.map((f) => ({
    code: f.code as Draft["code"],
    severity: f.severity,
    message: f.message,
    details: f.details,
    fixes: f.fixes,
    attribute: f.code === "GD083" && "substitutePath" in t.raw ? "substitutePath" : "program",
  }));
}

async function checkProgram(t: Target, mode: string): Promise<Draft[]> {
  const program = t.raw.program;
  if (program === undefined || program === "") {
    if (mode === "replay") return [];
    return [
      {
        severity: "error",
        attribute: "mode",
        message: `${label(t)} has no "program": mode "${mode}" needs the ${mode === "exec" || mode === "core" ? "binary" : "package directory or .go file"} to debug.`,
        fixes: mode === "exec" || mode === "core" ? [] : await programFixes(t),
      },
    ];
  }
  if (typeof program !== "string") return [];
  const resolved = resolvePath(program, t);
  if ("unresolved" in resolved) {
    return [
      {
        severity: "info",
        attribute: "program",
        message: `program of ${label(t)} uses ${resolved.unresolved}, which is only known when debugging starts; it is checked then.`,
      },
    ];
  }
  if (mode === "exec" || mode === "core") return checkExecProgram(t, program, resolved.path);
  if (mode === "replay") return [];
  return checkDebugProgram(t, program, resolved.path, mode);
}

async function checkPathAttribute(
  t: Target,
  attribute: "cwd" | "envFile" | "traceDirPath" | "coreFilePath",
  want: "file" | "directory",
  severity: Severity,
): Promise<Draft[]> {
  const value = t.raw[attribute];
  const values =
    typeof value === "string"
      ? [value]
      : Array.isArray(value)
        ? value.filter((v): v is string => typeof v === "string")
        : [];
  const drafts: Draft[] = [];
  for (const v of values) {
    const resolved = resolvePath(v, t);
    if ("unresolved" in resolved) continue;
    const st = await statOf(resolved.path);
    if (!st)
      drafts.push({
        severity,
        attribute,
        message: `${attribute} ${v} of ${label(t)} does not exist${shownPath(v, resolved.path)}.`,
      });
    else if (want === "directory" ? !st.isDirectory() : !st.isFile())
      drafts.push({ severity, attribute, message: `${attribute} ${v} of ${label(t)} is not a ${want}.` });
  }
  return drafts;
}

function checkIgnored(t: Target): Draft[] {
  const drafts: Draft[] = [];
  const legacy = t.raw.debugAdapter === "legacy";
  if (!legacy) {
    if ("dlvLoadConfig" in t.raw) {
      drafts.push({
        severity: "warning",
        attribute: "dlvLoadConfig",
        message: `dlvLoadConfig in ${label(t)} is ignored by the dlv-dap adapter, which loads values on demand as you expand them.`,
        fixes: removeFix(t, "dlvLoadConfig", "Remove dlvLoadConfig"),
      });
    }
    if ("apiVersion" in t.raw) {
      drafts.push({
        severity: "warning",
        attribute: "apiVersion",
        message: `apiVersion in ${label(t)} is ignored by the dlv-dap adapter (it speaks DAP, not Delve's JSON-RPC API).`,
        fixes: removeFix(t, "apiVersion", "Remove apiVersion"),
      });
    }
  }
  for (const attribute of ["dlvPath", "dlvToolPath"] as const) {
    if (!(attribute in t.raw)) continue;
    const value = t.raw[attribute];
    const resolved = typeof value === "string" ? resolveVariables(value, t) : undefined;
    const abs = resolved && "value" in resolved && path.isAbsolute(resolved.value) ? resolved.value : undefined;
    const fixes: FixAction[] = [];
    if (abs !== undefined) {
      fixes.push({
        kind: "setting",
        title: `Set go.alternateTools.dlv to ${abs}`,
        key: "go.alternateTools",
        value: { ...(t.opts.alternateTools ?? {}), dlv: abs },
        scope: "user",
      });
    } else {
      fixes.push({
        kind: "manual",
        title: "Set go.alternateTools.dlv",
        detail:
          'Set "go.alternateTools": {"dlv": "/absolute/path/to/dlv"} in your user settings: the Go extension ignores relative paths there.',
      });
    }
    fixes.push(...removeFix(t, attribute, `Remove ${attribute}`));
    drafts.push({
      severity: "warning",
      attribute,
      message: `${attribute} in ${label(t)} is not used by the Go extension${attribute === "dlvToolPath" ? " (it overwrites it)" : ""}; the dlv it starts comes from go.alternateTools.dlv (then GOBIN, GOPATH/bin, GOROOT/bin, PATH).`,
      fixes,
    });
  }
  return drafts;
}

function checkRemote(t: Target): Draft[] {
  const drafts: Draft[] = [];
  if (t.raw.port === undefined || t.raw.port === "" || t.raw.port === 0) {
    drafts.push({
      severity: "error",
      attribute: "mode",
      message: `${label(t)} attaches to a remote dlv but sets no "port": the Go extension then starts a local dlv instead, which answers "Failed to attach: no debugger found". Set the port your \`dlv dap --listen=:PORT\` (or \`dlv --headless --listen=:PORT\`) server listens on.`,
      fixes: [
        {
          kind: "manual",
          title: 'Add "port"',
          detail: 'Add "port": <the port dlv listens on>, and "host" when dlv runs on another machine.',
        },
      ],
    });
  }
  if (t.raw.host === undefined || t.raw.host === "") {
    drafts.push({
      severity: "info",
      attribute: "mode",
      message: `${label(t)} attaches to a remote dlv without "host": the Go extension connects to 127.0.0.1. Set "host" when dlv runs on another machine or in a container.`,
      fixes: setFix(t, "host", "127.0.0.1", 'Add "host": "127.0.0.1"'),
    });
  }
  return drafts;
}

/** Outside remote attach, a truthy port makes the Go extension connect to a running `dlv dap` instead of starting one. */
function checkExternalServer(t: Target): Draft[] {
  if (!t.raw.port || t.raw.debugAdapter === "legacy") return [];
  return [
    {
      severity: "warning",
      attribute: "port",
      message: `"port" in ${label(t)} makes the Go extension connect to an already running \`dlv dap --listen\` server at ${typeof t.raw.host === "string" && t.raw.host ? t.raw.host : "127.0.0.1"}:${JSON.stringify(t.raw.port)} instead of starting dlv; remove "host" and "port" unless you started one.`,
      fixes: [
        ...removeFix(t, "port", 'Remove "port"'),
        ...("host" in t.raw ? removeFix(t, "host", 'Remove "host"') : []),
      ],
    },
  ];
}

async function checkTarget(t: Target): Promise<Draft[]> {
  const drafts = [...checkTypes(t), ...checkIgnored(t)];
  const request = t.raw.request;
  if (request !== "launch" && request !== "attach") {
    const guess = typeof request === "string" ? nearest(request, ["launch", "attach"]) : undefined;
    drafts.push({
      severity: "error",
      attribute: "request" in t.raw ? "request" : undefined,
      message:
        request === undefined
          ? `${label(t)} has no "request" ("launch" or "attach").`
          : `request ${JSON.stringify(request)} of ${label(t)} is neither "launch" nor "attach".`,
      fixes: guess ? setFix(t, "request", guess, `Set request to "${guess}"`) : [],
    });
    return drafts;
  }
  const rawMode = t.raw.mode;
  const mode = typeof rawMode === "string" ? rawMode : request === "launch" ? "auto" : "local";
  const own: readonly string[] = request === "launch" ? LAUNCH_MODES : ATTACH_MODES;
  const other: readonly string[] = request === "launch" ? ATTACH_MODES : LAUNCH_MODES;
  if (rawMode !== undefined && typeof rawMode !== "string") {
    drafts.push({
      severity: "error",
      attribute: "mode",
      message: `mode of ${label(t)} must be a string, one of ${own.join(", ")}.`,
    });
    return drafts;
  }
  if (!own.includes(mode)) {
    if (request === "launch" && mode === "remote") {
      drafts.push({
        severity: "warning",
        attribute: "request",
        message: `${label(t)} uses request "launch" with mode "remote", which the Go extension deprecates: use request "attach" with mode "remote".`,
        fixes: setFix(t, "request", "attach", 'Set request to "attach"'),
      });
      return [...drafts, ...checkRemote(t)];
    }
    if (other.includes(mode)) {
      drafts.push({
        severity: "error",
        attribute: "mode",
        message: `mode "${mode}" of ${label(t)} is for request "${request === "launch" ? "attach" : "launch"}"; with request "${request}" use one of ${own.join(", ")}.`,
      });
      return drafts;
    }
    const guess = nearest(mode, own);
    drafts.push({
      severity: "error",
      attribute: "mode",
      message: `mode "${mode}" of ${label(t)} is not a mode of the Go debugger; request "${request}" takes ${own.join(", ")}.`,
      fixes: guess ? setFix(t, "mode", guess, `Set mode to "${guess}"`) : [],
    });
    return drafts;
  }
  if (request === "attach") {
    drafts.push(...(mode === "remote" ? checkRemote(t) : checkExternalServer(t)));
    return drafts;
  }
  drafts.push(...checkExternalServer(t));
  drafts.push(...(await checkProgram(t, mode)));
  drafts.push(...(await checkPathAttribute(t, "cwd", "directory", "warning")));
  drafts.push(...(await checkPathAttribute(t, "envFile", "file", "error")));
  if (mode === "replay") {
    if (typeof t.raw.traceDirPath !== "string")
      drafts.push({
        severity: "error",
        attribute: "mode",
        message: `${label(t)} uses mode "replay" without "traceDirPath" (the rr trace directory).`,
      });
    else drafts.push(...(await checkPathAttribute(t, "traceDirPath", "directory", "error")));
  }
  if (mode === "core") {
    if (typeof t.raw.coreFilePath !== "string")
      drafts.push({
        severity: "error",
        attribute: "mode",
        message: `${label(t)} uses mode "core" without "coreFilePath" (the core dump to open).`,
      });
    else drafts.push(...(await checkPathAttribute(t, "coreFilePath", "file", "error")));
  }
  return drafts;
}

function locate(t: Target, draft: Draft, body?: ParsedConfig): LocatedFinding {
  const span = body?.spans[draft.attribute ?? ""] ?? body?.spans.name ?? body?.spans[""];
  const finding: Finding = { code: draft.code ?? "GD080", severity: draft.severity, message: draft.message };
  if (draft.details?.length) finding.details = draft.details;
  if (draft.fixes?.length) finding.fixes = draft.fixes;
  if (t.file) finding.location = span ? { file: t.file, line: span.line, column: span.column } : { file: t.file };
  return { finding, offset: span?.offset ?? 0, length: span?.length ?? 0 };
}

/** Parses and checks a launch file's text; findings carry the text range of their attribute. */
export async function analyzeLaunchText(
  file: string,
  text: string,
  folder: string,
  opts: LaunchCheckOptions = {},
): Promise<ParsedLaunchText> {
  const parsed = parseLaunchText(file, text);
  const findings = [...parsed.findings];
  for (const config of parsed.configs) {
    const t: Target = { raw: config.raw, folder, file, config, opts };
    for (const draft of await checkTarget(t)) findings.push(locate(t, draft, config));
  }
  return { ...parsed, findings };
}

export async function checkLaunchText(
  file: string,
  text: string,
  folder: string,
  opts: LaunchCheckOptions = {},
): Promise<Finding[]> {
  return (await analyzeLaunchText(file, text, folder, opts)).findings.map((f) => f.finding);
}

/**
 * Checks one configuration as the debug resolver receives it (variables already
 * substituted, no file). A config of another debug type yields nothing.
 */
export async function checkLaunchConfig(
  config: Record<string, unknown>,
  folder: string,
  opts: LaunchCheckOptions = {},
): Promise<Finding[]> {
  if (config.type !== undefined && config.type !== "go") return [];
  const t: Target = { raw: config, folder, opts };
  return (await checkTarget(t)).map((d) => locate(t, d).finding);
}

/** The launch file the Go extension reads for a folder: .vscode/launch.json, else the `launch` section of .vscode/settings.json. */
export async function readLaunchConfigs(
  folder: string,
  opts: LaunchCheckOptions = {},
): Promise<{ file: string; configs: ParsedConfig[]; findings: Finding[] }> {
  const launchJson = path.join(folder, ".vscode", "launch.json");
  const settingsJson = path.join(folder, ".vscode", "settings.json");
  for (const file of [launchJson, settingsJson]) {
    const text = await fs.readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    if (file === settingsJson) {
      // settings.json counts only when it has a launch section; its other errors are not ours.
      const root = parseJsonc(text).root;
      if (!root || !jsonc.findNodeAtLocation(root, ["launch"])) continue;
    }
    const analysed = await analyzeLaunchText(file, text, folder, opts);
    return { file, configs: analysed.configs, findings: analysed.findings.map((f) => f.finding) };
  }
  return { file: launchJson, configs: [], findings: [] };
}
