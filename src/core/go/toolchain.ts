// The toolchain switch (GD013), decided before anything runs a plain `go env`
// in the folder: since Go 1.21 a go.mod/go.work asking for a newer Go makes
// the go command fetch another toolchain on its first run, which offline
// blocks or fails. We mirror the go command's selection
// (cmd/go/internal/toolchain.Select) from files alone, and when a download
// would be needed we hand back an environment with GOTOOLCHAIN=local so the
// caller's `go env` answers at once instead of hanging on it. The one
// `go env -json` it runs also answers for the caller wherever the go command
// provably prints the same with the caller's environment (`goEnv`).

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as path from "node:path";
import which from "which";
import { cleanEnv } from "../base/envPath";
import { goEnvFilePath, parseGoEnvFile, parseGoEnvJson } from "./goEnv";
import { goModLookup } from "./goMod";
import { fileProxyDir, parseGoProxy } from "./goProxy";
import type { Finding, FixAction } from "../model/findings";
import { describeFailure, evidenceOf, runProcess, type ProcessResult, type RunProcess } from "../base/process";
import { compareGo, goSemver, parseGoVersionOutput } from "./versionText";
import type { Env } from "../base/envPath";
import type { Evidence } from "../base/process";
import type { GoEnvVars } from "../model/facts";

export interface GoToolchainSetting {
  /** Where GOTOOLCHAIN came from: the environment, the user's go env file, or $GOROOT/go.env. */
  source: "environment" | "go env file" | "GOROOT/go.env" | "unset";
  value: string;
  /** "" means no go.mod consultation: the minimum toolchain is used as is. */
  mode: "" | "auto" | "path";
  /** "local" or a toolchain name such as "go1.22.3". */
  min: string;
}

/** Splits GOTOOLCHAIN into its minimum toolchain and mode; undefined when the go command would reject it. */
export function parseGoToolchain(value: string): { min: string; mode: "" | "auto" | "path" } | undefined {
  if (value === "auto") return { min: "local", mode: "auto" };
  if (value === "path") return { min: "local", mode: "path" };
  const plus = value.indexOf("+");
  const min = plus >= 0 ? value.slice(0, plus) : value;
  const suffix = plus >= 0 ? value.slice(plus + 1) : "";
  if (min !== "local" && toolchainVersion(min) === undefined) return undefined;
  if (plus >= 0 && suffix !== "auto" && suffix !== "path") return undefined;
  return { min, mode: suffix as "" | "auto" | "path" };
}

/** "go1.22.3" → "1.22.3", "gccgo-go1.22" → "1.22"; undefined when not a toolchain name. */
export function toolchainVersion(name: string): string | undefined {
  const i = name.startsWith("go") ? 0 : name.indexOf("-go");
  if (i < 0) return undefined;
  let v = name.slice(i === 0 ? 2 : i + 3);
  const dash = v.indexOf("-");
  if (dash >= 0) v = v.slice(0, dash);
  return goSemver(v) !== undefined ? v : undefined;
}

/** A language version such as "1.22" (no patch, no pre-release) names no release; its first release is "1.22.0". */
function isLangVersion(v: string): boolean {
  return /^\d+\.\d+$/.test(v);
}

/** The module path of a downloadable toolchain in GOMODCACHE. */
export function toolchainModuleDir(gomodcache: string, toolchain: string, goos: string, goarch: string): string {
  return path.join(gomodcache, "golang.org", `toolchain@v0.0.1-${toolchain}.${goos}-${goarch}`);
}

/** Markers younger than this count as a download in progress; older ones are left over from a killed go command. */
const IN_PROGRESS_MS = 120_000;

/**
 * Where a toolchain stands in the module cache. The go command writes the zip to
 * "<version>.zip<random>.tmp" and marks extraction with "<version>.partial"
 * (cmd/go/internal/modfetch), so a fresh marker means another go command is fetching it now.
 */
export function toolchainCacheState(
  gomodcache: string,
  toolchain: string,
  goos: string,
  goarch: string,
  now = Date.now(),
): "cached" | "downloading" | "absent" {
  const version = `v0.0.1-${toolchain}.${goos}-${goarch}`;
  const downloads = path.join(gomodcache, "cache", "download", "golang.org", "toolchain", "@v");
  const fresh = (file: string): boolean => {
    try {
      return now - fs.statSync(file).mtimeMs < IN_PROGRESS_MS;
    } catch {
      return false;
    }
  };
  let names: string[] = [];
  try {
    names = fs.readdirSync(downloads);
  } catch {
    names = [];
  }
  const partial = path.join(downloads, `${version}.partial`);
  if (
    fresh(partial) ||
    names.some((n) => n.startsWith(`${version}.zip`) && n.endsWith(".tmp") && fresh(path.join(downloads, n)))
  )
    return "downloading";
  if (
    !fs.existsSync(partial) &&
    fs.existsSync(path.join(toolchainModuleDir(gomodcache, toolchain, goos, goarch), "bin", "go"))
  )
    return "cached";
  return "absent";
}

function readFileOr(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** GOTOOLCHAIN as the go command resolves it: environment, then the user's go env file, then $GOROOT/go.env. */
export function resolveGoToolchain(
  env: Env,
  envFile: string | undefined,
  goroot: string | undefined,
): GoToolchainSetting | undefined {
  const candidates: [GoToolchainSetting["source"], string | undefined][] = [
    ["environment", env.GOTOOLCHAIN],
    ["go env file", parseGoEnvFile(readFileOr(envFile) ?? "").GOTOOLCHAIN],
    ["GOROOT/go.env", goroot ? parseGoEnvFile(readFileOr(path.join(goroot, "go.env")) ?? "").GOTOOLCHAIN : undefined],
  ];
  for (const [source, value] of candidates) {
    if (value === undefined || value === "") continue;
    const parsed = parseGoToolchain(value);
    return parsed ? { source, value, ...parsed } : undefined;
  }
  return { source: "unset", value: "", mode: "", min: "local" };
}

export type ToolchainOutcome = {
  activeVersion: string | null;
  localVersion: string | null;
  findings: Finding[];
  evidence: Evidence[];
  envForGo: Env;
  /** What `go env -json` prints in the folder with envForGo, when the call made here already tells; else undefined. */
  goEnv?: GoEnvVars;
};

/**
 * `go env -json` in the folder with GOTOOLCHAIN=local: it can never switch or
 * download, whatever the folder asks for, so it may start before the go stage
 * knows which go wins (checkToolchain takes the result).
 */
export function runLocalGoEnv(input: {
  goBinary: string;
  env: Env;
  folder: string;
  run?: RunProcess;
  /** Stops it (and its process tree) when its answer is not wanted after all. */
  signal?: AbortSignal;
}): Promise<ProcessResult> {
  return (input.run ?? runProcess)([input.goBinary, "env", "-json"], {
    cwd: input.folder,
    env: cleanEnv({ ...input.env, GOTOOLCHAIN: "local" }),
    timeoutMs: 10_000,
    signal: input.signal,
  });
}

/** A toolchain line the go command accepts in auto mode ("go1.22.3", "gccgo-go1.22"); any other stops it. */
function validToolchainLine(name: string): boolean {
  return toolchainVersion(name) !== undefined && (name.startsWith("go") || name.includes("-go"));
}

export async function checkToolchain(input: {
  goBinary: string;
  env: Env;
  folder: string;
  localVersion: string | null;
  run?: RunProcess;
  /** runLocalGoEnv for the same go, env and folder, already started. */
  localGoEnv?: Promise<ProcessResult>;
}): Promise<ToolchainOutcome> {
  const go = input.goBinary;
  const r = await (input.localGoEnv ?? runLocalGoEnv(input));
  const evidence: Evidence[] = [evidenceOf(r, input.folder)];
  const vars = r.exitCode === 0 ? parseGoEnvJson(r.stdout) : undefined;
  const localVersion =
    input.localVersion ??
    (vars?.GOVERSION ? (parseGoVersionOutput(`go version ${vars.GOVERSION}`)?.version ?? null) : null);
  const unchanged: ToolchainOutcome = {
    activeVersion: localVersion,
    localVersion,
    findings: [],
    evidence,
    envForGo: input.env,
  };
  // The environment already pins the local toolchain: the call above was the caller's own `go env`.
  if (vars && cleanEnv(input.env).GOTOOLCHAIN === "local") unchanged.goEnv = vars;
  // A failing go env is GD012, reported by readGoEnv with the user's own environment.
  if (!vars || !localVersion) {
    if (!vars) evidence[0] = { ...evidence[0], output: `${evidence[0].output ?? ""}\n(${describeFailure(r)})`.trim() };
    return unchanged;
  }
  if (vars.GO111MODULE === "off") return unchanged;

  const setting = resolveGoToolchain(
    input.env,
    vars.GOENV && vars.GOENV !== "off" ? vars.GOENV : goEnvFilePath(input.env),
    vars.GOROOT,
  );
  if (!setting) return unchanged; // an invalid GOTOOLCHAIN makes go env fail: GD012.

  const modFile = [vars.GOWORK, vars.GOMOD].find(
    (f) => f && f !== "off" && f !== "/dev/null" && f !== "NUL" && fs.existsSync(f),
  );
  const text = readFileOr(modFile) ?? "";
  const goLine = goModLookup(text, "go");
  const tcLine = goModLookup(text, "toolchain");
  const location = (line?: number) => (modFile ? { file: modFile, line } : undefined);
  const shortFile = modFile ? path.basename(modFile) : "go.mod";

  let target = setting.min === "local" ? `go${localVersion}` : setting.min;
  let minVers = toolchainVersion(target) ?? localVersion;
  let why = setting.min === "local" ? "" : `GOTOOLCHAIN=${setting.value}`;
  let line: number | undefined;
  if (setting.mode !== "" && tcLine?.value !== "default") {
    const tcVers = tcLine ? toolchainVersion(tcLine.value) : undefined;
    if (tcLine && tcVers && compareGo(tcVers, minVers) > 0) {
      target = tcLine.value;
      minVers = tcVers;
      why = `the toolchain line in ${shortFile}`;
      line = tcLine.line;
    }
    if (goLine?.value && goSemver(goLine.value) && compareGo(goLine.value, minVers) > 0) {
      target = `go${goLine.value}${isLangVersion(goLine.value) && compareGo(goLine.value, "1.21") >= 0 ? ".0" : ""}`;
      minVers = goLine.value;
      why = `the go line in ${shortFile}`;
      line = goLine.line;
    }
  }

  // A go line newer than the Go that will run makes every build refuse; without +auto nothing switches.
  const runs = toolchainVersion(target) ?? localVersion;
  if (setting.mode === "" && goLine?.value && goSemver(goLine.value) && compareGo(goLine.value, runs) > 0) {
    return {
      ...unchanged,
      activeVersion: runs,
      findings: [blocked(go, setting, runs, goLine.value, shortFile, location(goLine.line))],
    };
  }
  if (target === `go${localVersion}`) {
    // No switch: with the caller's GOTOOLCHAIN the go command runs this same toolchain and prints the
    // same, but for GOTOOLCHAIN itself — unless it would stop on go.mod first (an unreadable file, an
    // invalid toolchain line), which only a real run reports (GD012).
    const sameRun =
      setting.min === "local" &&
      setting.source !== "unset" &&
      (setting.mode === "" ||
        ((!modFile || text !== "") && (!tcLine || tcLine.value === "default" || validToolchainLine(tcLine.value))));
    return sameRun ? { ...unchanged, goEnv: { ...vars, GOTOOLCHAIN: setting.value } } : unchanged;
  }

  const required = runs;
  const wanted = `${why.charAt(0).toUpperCase()}${why.slice(1)} asks for ${target} (the local Go is ${localVersion})`;
  const pinned: Env = { ...input.env, GOTOOLCHAIN: "local" };
  const result = (
    severity: Finding["severity"],
    message: string,
    fixes: FixAction[],
    envForGo: Env,
    details?: string[],
  ): ToolchainOutcome => ({
    activeVersion: required,
    localVersion,
    evidence,
    envForGo,
    findings: [{ code: "GD013", severity, message, fixes, location: location(line), ...(details ? { details } : {}) }],
    // Pinned to the local toolchain, the caller's `go env` is the very call made above.
    ...(envForGo === pinned ? { goEnv: vars } : {}),
  });

  // The go command looks for the toolchain on PATH before downloading it.
  const onPath = await which(target, { path: input.env.PATH ?? "", nothrow: true });
  if (onPath) {
    return result("info", `${wanted}; the go command switches to ${onPath}, found on PATH.`, [], input.env);
  }
  if (setting.mode === "path") {
    return result(
      "error",
      `${wanted}, but GOTOOLCHAIN=${setting.value} allows only toolchains on PATH and ${target} is not there: every go command in this folder fails.`,
      [
        {
          kind: "manual",
          title: `Put ${target} on PATH`,
          detail: `Run \`go install golang.org/dl/${target}@latest && ${target} download\` so that ${target} is on PATH, or set GOTOOLCHAIN=auto so the go command may download it.`,
        },
      ],
      pinned,
    );
  }

  const download: FixAction = {
    kind: "run",
    title: `Download ${target} now`,
    argv: [go, "version"],
    cwd: input.folder,
  };
  const state = vars.GOMODCACHE
    ? toolchainCacheState(vars.GOMODCACHE, target, vars.GOHOSTOS ?? "", vars.GOHOSTARCH ?? "")
    : "absent";
  if (state === "cached") {
    const cached = toolchainModuleDir(vars.GOMODCACHE ?? "", target, vars.GOHOSTOS ?? "", vars.GOHOSTARCH ?? "");
    return result(
      "info",
      `${wanted}; the go command switches to it from the module cache (${cached}) without downloading.`,
      [],
      input.env,
    );
  }
  if (state === "downloading") {
    // Waiting for it is the fix: a second go command blocks on the same lock and returns once it is there.
    return result(
      "warning",
      `${wanted}; another go command is downloading it into the module cache right now. Until it is done Go Doctor reads go env with GOTOOLCHAIN=local.`,
      [{ ...download, title: `Wait for the ${target} download` }],
      pinned,
    );
  }

  const install: FixAction = {
    kind: "manual",
    title: `Install Go ${required}`,
    detail: `Install Go ${required} or newer from https://go.dev/dl/ and put it first on PATH, or lower the ${why.includes("toolchain") ? "toolchain" : "go"} line in ${shortFile} to ${localVersion} if the code allows it.`,
  };
  const proxies = parseGoProxy(vars.GOPROXY ?? "");
  // The one case where the go command takes a toolchain without the checksum database (cmd/go/internal/modfetch.useSumDB).
  const soleFileProxy = (vars.GOPROXY ?? "").startsWith("file://") && !/[,|]/.test(vars.GOPROXY ?? "");
  if (vars.GOSUMDB === "off" && !soleFileProxy && proxies.entries[0]?.url !== "off") {
    return result(
      "error",
      `${wanted}, but GOSUMDB=off: the go command refuses to download a toolchain it cannot verify, so every go command in this folder fails.`,
      [install],
      pinned,
    );
  }
  const tried: string[] = [];
  for (const p of proxies.entries) {
    if (p.url === "off") {
      return result(
        "error",
        `${wanted}, but GOPROXY=${vars.GOPROXY} forbids downloads: every go command in this folder fails with "toolchain not available".`,
        [
          {
            ...download,
            title: `Download ${target} through proxy.golang.org`,
            env: { GOPROXY: "https://proxy.golang.org,direct" },
          },
          install,
        ],
        pinned,
        tried,
      );
    }
    const dir = fileProxyDir(p.url);
    if (dir === undefined) {
      // An HTTP proxy or direct: whether it answers is only known by trying, which is the fix.
      return result(
        "warning",
        `${wanted}; the go command will download it (${p.url === "direct" ? "directly from its origin" : `from ${p.url}`}) on its first run in this folder. Until then Go Doctor reads go env with GOTOOLCHAIN=local.`,
        [download, install],
        pinned,
        tried,
      );
    }
    const zip = path.join(
      dir,
      "golang.org",
      "toolchain",
      "@v",
      `v0.0.1-${target}.${vars.GOHOSTOS}-${vars.GOHOSTARCH}.zip`,
    );
    if (fs.existsSync(zip)) {
      return result(
        "warning",
        `${wanted}; the go command will fetch it from ${p.url} on its first run in this folder. Until then Go Doctor reads go env with GOTOOLCHAIN=local.`,
        [download],
        pinned,
      );
    }
    tried.push(`${p.url}: no ${path.basename(zip)}`);
  }
  return result(
    "error",
    `${wanted}, but no entry of GOPROXY=${vars.GOPROXY} can provide it: every go command in this folder fails with "toolchain not available".`,
    [install],
    pinned,
    tried,
  );
}

function blocked(
  go: string,
  setting: GoToolchainSetting,
  local: string,
  required: string,
  file: string,
  location: Finding["location"],
): Finding {
  const fixes: FixAction[] = [];
  if (setting.source === "environment") {
    fixes.push({
      kind: "manual",
      title: "Allow toolchain downloads",
      detail: `GOTOOLCHAIN=${setting.value} comes from your environment. Remove it from your shell profile (or set GOTOOLCHAIN=auto), then restart the editor.`,
    });
  } else {
    fixes.push({
      kind: "run",
      title: "Allow toolchain downloads (go env -w GOTOOLCHAIN=auto)",
      argv: [go, "env", "-w", "GOTOOLCHAIN=auto"],
    });
  }
  fixes.push({
    kind: "manual",
    title: `Install Go ${required}`,
    detail: `Install Go ${required} or newer from https://go.dev/dl/ and put it first on PATH, or lower the go line in ${file} if the code allows it.`,
  });
  return finding(
    "GD013",
    `${file} requires Go ${required} but GOTOOLCHAIN=${setting.value} (${setting.source}) keeps the go command at ${local}, so builds, gopls and debugging in this folder fail with "go.mod requires go >= ${required}".`,
    { severity: "error", fixes, location },
  );
}
