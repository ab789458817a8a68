// Finds dlv or gopls the way the Go extension does, probes every copy at once,
// and explains the result: which one wins and why (GD020/GD030 when none),
// whether terminals can run it (GD021), whether another copy shadows it on
// PATH (GD022/GD033), and which copies do not answer (GD025/GD031).
//
// Search order, as vscode-go's getBinPathWithExplanation: go.alternateTools
// (an absolute path is used only if it is an executable file, else silently
// skipped; a bare name replaces the tool name in the search), GOBIN, each
// go.toolsGopath entry's bin, each GOPATH entry's bin, GOROOT/bin, PATH.
// The Go extension takes the first executable file even if it is broken;
// Go Doctor takes the first that answers and reports the broken ones before it.

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as path from "node:path";
import semverGt from "semver/functions/gt";
import semverValid from "semver/functions/valid";
import { DELVE_PACKAGE, GOPLS_PACKAGE, delveInstallQuery, goplsInstallQuery } from "./delveCompat";
import { isOnPath, lookupOnPath } from "../base/envPath";
import type { Finding, FixAction } from "../model/findings";
import { runProcess, type RunProcess } from "../base/process";
import { probeTool, type ProbeOptions, type ProbedTool } from "./toolProbe";
import type { EditorSettings, GoEnvVars, ToolCandidate, ToolInfo } from "../model/facts";
import type { Env } from "../base/envPath";
import type { Evidence } from "../base/process";
import { gopathEntries } from "../go/toolEnvironment";
import { isPinnedSource, locatePin, pinFindings } from "./pinnedTools";
import { hostPlatform, type Platform } from "../base/platform";

export interface LocateInput {
  /** The captured login environment (with go.toolsEnvVars applied). */
  env: Env;
  /** `go env -json`; null when it failed. */
  goEnv: GoEnvVars | null;
  goBinary: string | null;
  settings: EditorSettings;
  run?: RunProcess;
  probe?: ProbeOptions;
  /** The workspace folder: a go.mod `tool` directive there pins the tool (GD026). */
  folder?: string;
  /** The platform's conventions (dlv.exe, path flavour); the host's by default. */
  platform?: Platform;
}

export interface LocateResult {
  tool: ToolInfo;
  findings: Finding[];
  evidence: Evidence[];
}

const CODES = {
  dlv: { notFound: "GD020", shadowed: "GD022", probeFailed: "GD025" },
  gopls: { notFound: "GD030", shadowed: "GD033", probeFailed: "GD031" },
} as const;

interface Place {
  path: string;
  source: string;
}

function expandHome(p: string, env: Env): string {
  const home = env.HOME;
  if (!home) return p;
  if (p === "~") return home;
  return p.startsWith("~/") ? path.join(home, p.slice(2)) : p;
}

/** An existing directory entry (file, directory, dangling or looping link) at p. */
async function exists(p: string): Promise<boolean> {
  return fs.promises.lstat(p).then(
    () => true,
    () => false,
  );
}

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    const st = await fs.promises.stat(p);
    if (!st.isFile()) return false;
    await fs.promises.access(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function realpathOr(p: string): Promise<string> {
  return fs.promises.realpath(p).catch(() => path.resolve(p));
}

function dirOf(input: LocateInput, file: string): string {
  return (input.platform ?? hostPlatform()).path.dirname(file);
}

function gopathOf(input: LocateInput, platform: Platform): string[] {
  const fromGo = input.goEnv?.GOPATH ?? platform.getEnv(input.env, "GOPATH");
  if (fromGo) return gopathEntries(fromGo, platform.path.delimiter);
  const home = platform.home(input.env);
  return home ? [platform.path.join(home, "go")] : [];
}

/** Where a copy would be looked for, in search order; PATH hits come from `which`, the rest are every existing entry. */
async function places(binName: string, input: LocateInput): Promise<Place[]> {
  const { env, goEnv, settings } = input;
  const platform = input.platform ?? hostPlatform();
  const p = platform.path;
  const dirs: Place[] = [];
  // `go install` writes dlv.exe on Windows.
  const fileName = platform.executable(binName);
  const gobin = goEnv?.GOBIN || platform.getEnv(env, "GOBIN");
  if (gobin) dirs.push({ path: p.join(gobin, fileName), source: "GOBIN" });
  const toolsGopath = gopathEntries(settings.toolsGopath ? expandHome(settings.toolsGopath, env) : undefined);
  toolsGopath.forEach((e, i) =>
    dirs.push({
      path: p.join(e, "bin", fileName),
      source: toolsGopath.length > 1 ? `go.toolsGopath[${i + 1}]/bin` : "go.toolsGopath/bin",
    }),
  );
  const gopath = gopathOf(input, platform);
  gopath.forEach((e, i) =>
    dirs.push({
      path: p.join(e, "bin", fileName),
      source: gopath.length > 1 ? `GOPATH[${i + 1}]/bin` : "GOPATH/bin",
    }),
  );
  // Without `go env`, the go binary's own root (through symlinks such as /usr/bin/go), as go would report it.
  const ownRoot = input.goBinary ? path.dirname(path.dirname(await realpathOr(input.goBinary))) : undefined;
  const goroot = settings.goroot ? expandHome(settings.goroot, env) : goEnv?.GOROOT || env.GOROOT || ownRoot;
  if (goroot) dirs.push({ path: p.join(goroot, "bin", fileName), source: "GOROOT/bin" });

  const found: Place[] = [];
  for (const d of dirs)
    if (p.isAbsolute(d.path) && (platform.io.fileKind(d.path) !== undefined || (await exists(d.path)))) found.push(d);
  // An explicit PATH: which falls back to process.env.PATH when given undefined.
  // Non-executable hits too: probing reports them (GD025/GD031) instead of a bare "not found".
  for (const hit of await lookupOnPath(binName, env, platform)) found.push({ path: hit.path, source: "PATH" });
  return found;
}

function describe(c: ToolCandidate): string {
  const facts = [
    c.version ? `version ${c.version}` : undefined,
    c.builtWith ? `built with Go ${c.builtWith}` : undefined,
    c.probeError ? `broken: ${c.probeError}` : undefined,
    c.onPath ? undefined : "not on PATH",
  ].filter((x) => x !== undefined);
  return `${c.path} (${c.source}${facts.length ? `; ${facts.join(", ")}` : ""})`;
}

function sameBuild(a: ToolCandidate, b: ToolCandidate): boolean {
  return a.version === b.version && a.builtWith === b.builtWith && a.moduleVersion === b.moduleVersion;
}

/** The usable candidate with the highest semver version; the winner on ties or when versions are unreadable. */
function newestOf(usable: ToolCandidate[], winner: ToolCandidate): ToolCandidate {
  let best = winner;
  for (const c of usable) {
    const v = semverValid(c.version ?? "");
    const b = semverValid(best.version ?? "");
    if (v && b && semverGt(v, b)) best = c;
  }
  return best;
}

function installFix(name: ProbedTool, input: LocateInput): FixAction {
  if (!input.goBinary) {
    return {
      kind: "manual",
      title: `Install Go, then ${name}`,
      detail: `${name} is installed with the go command, which was not found.`,
    };
  }
  const query = name === "dlv" ? delveInstallQuery(input.goEnv?.GOVERSION) : goplsInstallQuery(input.goEnv?.GOVERSION);
  const pkg = name === "dlv" ? DELVE_PACKAGE : GOPLS_PACKAGE;
  const argv = [input.goBinary, "install", `${pkg}@${query}`];
  const toolsGopath = gopathEntries(
    input.settings.toolsGopath ? expandHome(input.settings.toolsGopath, input.env) : undefined,
  )[0];
  // The Go extension installs its tools into go.toolsGopath when it is set; so should we.
  const title = `Install ${name} (${pkg}@${query})`;
  return toolsGopath
    ? { kind: "run", title, argv, env: { GOBIN: path.join(toolsGopath, "bin") } }
    : { kind: "run", title, argv };
}

function alternateToolsWith(
  settings: EditorSettings,
  name: string,
  value: string | undefined,
): Record<string, string> | undefined {
  const next: Record<string, string> = { ...(settings.alternateTools ?? {}) };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return Object.keys(next).length ? next : undefined;
}

interface Located {
  candidates: ToolCandidate[];
  /** Index into candidates of what a terminal runs (the first PATH hit), if any. */
  firstOnPath: number | undefined;
  /** go.alternateTools.<name>, expanded, when it is absolute but not an executable file. */
  badAlternate: string | undefined;
  evidence: Evidence[];
}

/** Every copy in search order, one per real file, each probed (all at once). */
async function findCandidates(name: ProbedTool, input: LocateInput, pinned?: Place): Promise<Located> {
  const settingKey = `go.alternateTools.${name}`;
  const alternate = input.settings.alternateTools?.[name];
  const alternatePath = alternate ? expandHome(alternate, input.env) : undefined;
  const search: Place[] = [];
  let badAlternate: string | undefined;
  if (alternatePath && path.isAbsolute(alternatePath)) {
    if (await isExecutableFile(alternatePath)) search.push({ path: alternatePath, source: settingKey });
    else badAlternate = alternatePath;
  }
  // As `go tool NAME` would run it: after go.alternateTools, before every directory.
  if (pinned) search.push(pinned);
  const binName =
    alternatePath && !path.isAbsolute(alternatePath) && !alternatePath.includes("/") ? alternatePath : name;
  search.push(...(await places(binName, input)));

  // One candidate per real file: a PATH symlink to the GOBIN copy is the GOBIN copy.
  const seen = new Map<string, number>();
  const placed: (Place & { real: string })[] = [];
  for (const p of search) {
    const real = await realpathOr(p.path);
    if (seen.has(real)) continue;
    seen.set(real, placed.length);
    placed.push({ ...p, real });
  }
  const pathReals = await Promise.all(search.filter((p) => p.source === "PATH").map((p) => realpathOr(p.path)));
  const pathHits = new Set(pathReals);

  const probes = await Promise.all(
    placed.map((p) =>
      probeTool(name, p.path, input.env, input.goBinary, input.run ?? runProcess, {
        ...input.probe,
        platform: input.platform,
      }),
    ),
  );
  const candidates = placed.map(
    (p, i): ToolCandidate => ({
      path: p.path,
      source: p.source,
      ...probes[i].candidate,
      onPath: isOnPath(dirOf(input, p.path), input.env, input.platform) || pathHits.has(p.real),
    }),
  );
  const searched: Evidence = {
    command: [
      `search ${binName}`,
      "go.alternateTools",
      "go.mod tool",
      "GOBIN",
      "go.toolsGopath/bin",
      "GOPATH/bin",
      "GOROOT/bin",
      "PATH",
    ],
    output: candidates.length ? candidates.map(describe).join("\n") : "no copy found",
  };
  return {
    candidates,
    firstOnPath: pathReals[0] === undefined ? undefined : seen.get(pathReals[0]),
    badAlternate,
    evidence: [searched, ...probes.flatMap((p) => p.evidence)],
  };
}

function badAlternateFinding(
  name: ProbedTool,
  file: string,
  winner: ToolCandidate | undefined,
  settings: EditorSettings,
): Finding {
  const key = `go.alternateTools.${name}`;
  return finding(
    "GD070",
    `${key} is ${file}, which is not an executable file; the Go extension silently ignores it and searches GOBIN, GOPATH/bin, GOROOT/bin and PATH instead.`,
    {
      fixes: [
        winner
          ? {
              kind: "setting",
              title: `Point ${key} at ${winner.path}`,
              key: "go.alternateTools",
              value: alternateToolsWith(settings, name, winner.path),
              scope: "user",
            }
          : {
              kind: "setting",
              title: `Remove ${key}`,
              key: "go.alternateTools",
              value: alternateToolsWith(settings, name, undefined),
              scope: "user",
            },
      ],
    },
  );
}

/**
 * GD025/GD031 per broken copy: an error when the Go extension would pick it, i.e. it is
 * an executable file before the one that works (the extension does not probe), or when
 * nothing works; a warning otherwise.
 */
async function brokenFindings(
  name: ProbedTool,
  candidates: ToolCandidate[],
  winnerIndex: number,
  input: LocateInput,
  extensionPick?: number,
): Promise<Finding[]> {
  const winner = candidates[winnerIndex];
  // Set when a pinned copy wins: the Go extension, blind to tool directives, takes extensionPick instead.
  const usedBy = extensionPick === undefined ? `Go Doctor and the Go extension use` : `Go Doctor uses the pinned`;
  const details = candidates.map(describe);
  const findings: Finding[] = [];
  for (const [i, c] of candidates.entries()) {
    if (c.probeError === undefined) continue;
    const picked =
      extensionPick === undefined ? i < winnerIndex && (await isExecutableFile(c.path)) : i === extensionPick;
    const consequence = !winner
      ? ""
      : picked
        ? extensionPick === undefined
          ? ` The Go extension picks it before the working ${winner.path}.`
          : ` The Go extension, which does not read go.mod tool directives, runs it; ${usedBy} ${winner.path}.`
        : ` ${usedBy} ${winner.path} instead, but anything that finds this copy first fails.`;
    findings.push({
      code: CODES[name].probeFailed,
      severity: !winner || picked ? "error" : "warning",
      message: `${c.path} (${c.source}) does not work: ${c.probeError}.${consequence}`,
      details,
      fixes: [
        installFix(name, input),
        {
          kind: "manual",
          title: `Remove or replace ${c.path}`,
          detail: `Delete ${c.path} or reinstall it; it cannot answer \`${name} version\`.`,
        },
      ],
    });
  }
  return findings;
}

/** GD021 is Delve's: an off-PATH gopls bothers only the editor, which finds it (GD051 covers the directory). */
function offPathFinding(winner: ToolCandidate, settings: EditorSettings): Finding {
  const dir = path.dirname(winner.path);
  const fixes: FixAction[] = [
    {
      kind: "manual",
      title: `Add ${dir} to PATH`,
      detail: `Add export PATH="$PATH:${dir}" to your shell profile, then restart the editor.`,
    },
  ];
  if (winner.source !== "go.alternateTools.dlv") {
    fixes.push({
      kind: "setting",
      title: `Set go.alternateTools.dlv to ${winner.path}`,
      key: "go.alternateTools",
      value: alternateToolsWith(settings, "dlv", winner.path),
      scope: "user",
    });
  }
  return finding(
    "GD021",
    `dlv at ${winner.path} (${winner.source}) is not on PATH: Go Doctor and the Go extension find it, but terminals, tasks and other tools do not.`,
    { fixes },
  );
}

const label = (c: ToolCandidate): string =>
  `${c.version ?? "version unknown"}${c.builtWith ? `, built with Go ${c.builtWith}` : ""}`;

/** GD022/GD033: what a terminal runs differs from what the Go extension uses, or from the newest copy. */
function shadowFinding(
  name: ProbedTool,
  candidates: ToolCandidate[],
  winner: ToolCandidate,
  firstOnPath: ToolCandidate | undefined,
): Finding[] {
  if (!firstOnPath || firstOnPath.probeError !== undefined || firstOnPath === winner) return [];
  const newest = newestOf(
    candidates.filter((c) => c.probeError === undefined),
    winner,
  );
  const other = !sameBuild(firstOnPath, winner) ? winner : !sameBuild(firstOnPath, newest) ? newest : undefined;
  if (!other) return [];
  return [
    {
      code: CODES[name].shadowed,
      severity: "warning",
      message: `The ${name} first on PATH, ${firstOnPath.path} (${label(firstOnPath)}), differs from ${other.path} (${label(other)}; ${other.source}${
        other === winner ? ", the one the Go extension uses" : ", the newest"
      }): terminals and tools that search PATH run another ${name}.`,
      details: candidates.map(describe),
      fixes: [
        {
          kind: "manual",
          title: `Make PATH find ${other.path}`,
          detail: `Remove or update ${firstOnPath.path}, or put ${path.dirname(other.path)} before ${path.dirname(firstOnPath.path)} in PATH.`,
        },
      ],
    },
  ];
}

export async function locateTool(name: ProbedTool, input: LocateInput): Promise<LocateResult> {
  const pin = await locatePin(name, input);
  const pinPlace = pin?.path === undefined ? undefined : { path: pin.path, source: pin.pin.source };
  const { candidates, firstOnPath, badAlternate, evidence } = await findCandidates(name, input, pinPlace);
  evidence.unshift(...(pin?.evidence ?? []));
  const winnerIndex = candidates.findIndex((c) => c.probeError === undefined);
  const winner = candidates[winnerIndex] as ToolCandidate | undefined;
  const pinnedIndex = candidates.findIndex((c) => isPinnedSource(c.source));
  const pinnedWins = pinnedIndex >= 0 && pinnedIndex === winnerIndex;
  // What the Go extension runs instead: the first executable file of its own search, which skips the pin.
  let extensionPick: number | undefined;
  for (const [i, c] of pinnedIndex >= 0 ? candidates.entries() : []) {
    if (i === pinnedIndex || !(await isExecutableFile(c.path))) continue;
    extensionPick = i;
    break;
  }

  const findings: Finding[] = [...(pin?.findings ?? [])];
  if (pin && pinnedIndex >= 0)
    findings.push(
      ...pinFindings(
        pin.pin,
        candidates[pinnedIndex],
        winner,
        extensionPick === undefined ? undefined : candidates[extensionPick],
      ),
    );
  if (badAlternate !== undefined) findings.push(badAlternateFinding(name, badAlternate, winner, input.settings));
  findings.push(
    ...(await brokenFindings(name, candidates, winnerIndex, input, pinnedWins ? (extensionPick ?? -1) : undefined)),
  );

  if (!winner) {
    const where = `go.alternateTools, GOBIN, GOPATH/bin, GOROOT/bin or PATH (${input.env.PATH ?? "unset"})`;
    // A pinned dlv waiting for its modules is the one to use: its GD042 says what to do (the debug gate waits
    // for the download), and GD020's install would not win. The language gate has no such wait: GD030 stays.
    const awaitingDownload =
      name === "dlv" && candidates.length === 0 && pin?.findings.some((f) => f.code === "GD042") === true;
    if (awaitingDownload) {
      const reason = `pinned by ${pin.pin.source}, whose modules are not in the module cache yet`;
      return { tool: { name, path: null, version: null, builtWith: null, reason, candidates }, findings, evidence };
    }
    if (candidates.length === 0) {
      findings.push({
        code: CODES[name].notFound,
        severity: "error",
        message: `${name} was not found in ${where}.`,
        fixes: [installFix(name, input)],
      });
    }
    const reason = candidates.length
      ? `every copy found failed its probe (${candidates.length})`
      : `not found in ${where}`;
    return { tool: { name, path: null, version: null, builtWith: null, reason, candidates }, findings, evidence };
  }

  // A pinned build lives in the build cache, run as `go tool dlv`: PATH is not how it is found (GD026 says the rest).
  if (name === "dlv" && !winner.onPath && !pinnedWins) findings.push(offPathFinding(winner, input.settings));
  if (!pinnedWins)
    findings.push(
      ...shadowFinding(name, candidates, winner, firstOnPath === undefined ? undefined : candidates[firstOnPath]),
    );

  const skipped =
    winnerIndex > 0 ? ` (skipped ${winnerIndex} broken cop${winnerIndex === 1 ? "y" : "ies"} before it)` : "";
  const reason =
    (winner.source === `go.alternateTools.${name}` || pinnedWins ? winner.source : `first in ${winner.source}`) +
    skipped;
  return {
    tool: {
      name,
      path: winner.path,
      version: winner.version ?? null,
      builtWith: winner.builtWith ?? null,
      reason,
      candidates,
    },
    findings,
    evidence,
  };
}
