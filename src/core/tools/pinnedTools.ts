// Tools a module pins with go.mod's `tool` directive (Go 1.24+). `go tool dlv`
// runs the pinned version, built into the build cache; `go tool -n dlv` prints
// that binary's path. The Go extension does not read these directives, so the
// dlv or gopls it runs may not be the team's pin (GD026).

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as path from "node:path";
import { cleanEnv, type Env } from "../base/envPath";
import { evidenceOf, runProcess, type Evidence, type RunProcess } from "../base/process";
import { findGoMod, findGoWork, parseGoMod } from "../go/goMod";
import type { GoEnvVars, ToolCandidate } from "../model/facts";
import type { Finding } from "../model/findings";
import type { ProbedTool } from "./toolProbe";

/** The start of a pinned candidate's source, e.g. "go.mod tool directive, go.mod:7". */
export const PINNED_SOURCE = "go.mod tool directive";

/** `go tool -n` builds the tool on first use (seconds for dlv, a minute for gopls on a cold cache); below the check timeout. */
export const PINNED_BUILD_TIMEOUT_MS = 20_000;

export interface Pin {
  name: ProbedTool;
  /** The directive's package, e.g. github.com/go-delve/delve/cmd/dlv. */
  pkg: string;
  /** The go.mod holding the directive, and its 1-based line. */
  modFile: string;
  line: number;
  /** The go.work that makes that go.mod a main module, when workspace mode is on. */
  workFile?: string;
  /** Where the pin is written, relative to the folder: "go.mod tool directive, go.mod:7". */
  source: string;
}

export function isPinnedSource(source: string): boolean {
  return source.startsWith(PINNED_SOURCE);
}

function readTools(modFile: string): { path: string; line: number }[] {
  try {
    return parseGoMod(fs.readFileSync(modFile, "utf8")).tools;
  } catch {
    return [];
  }
}

/** `go tool NAME` runs the tool whose package path ends in NAME, as the go command matches it. */
function pinIn(name: ProbedTool, modFile: string, folder: string, workFile?: string): Pin | undefined {
  const tool = readTools(modFile).find((t) => t.path.split("/").pop() === name);
  if (!tool) return undefined;
  const rel = path.relative(folder, modFile) || modFile;
  return { name, pkg: tool.path, modFile, line: tool.line, workFile, source: `${PINNED_SOURCE}, ${rel}:${tool.line}` };
}

function isWithin(dir: string, folder: string): boolean {
  const rel = path.relative(dir, folder);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * The `tool` directive for name that applies in folder: the main module's, or in
 * workspace mode any workspace module's (the go command merges their tools),
 * preferring the module that holds the folder. `go env` says which go.mod and
 * go.work are in effect; without it, the files are searched as the go command would.
 */
export function findPin(name: ProbedTool, folder: string, goEnv: GoEnvVars | null, env: Env): Pin | undefined {
  // `go env GOWORK` is the go.work in effect, "" without one, and "off" when GOWORK=off.
  const gowork = goEnv ? goEnv.GOWORK : findGoWork(folder, env.GOWORK);
  if (gowork && path.isAbsolute(gowork)) {
    let uses: string[] = [];
    try {
      uses = parseGoMod(fs.readFileSync(gowork, "utf8")).uses.map((u) => path.resolve(path.dirname(gowork), u));
    } catch {
      return undefined;
    }
    const ordered = [...uses.filter((d) => isWithin(d, folder)), ...uses.filter((d) => !isWithin(d, folder))];
    for (const dir of ordered) {
      const pin = pinIn(name, path.join(dir, "go.mod"), folder, gowork);
      if (pin) return pin;
    }
    return undefined;
  }
  const gomod = goEnv ? goEnv.GOMOD : findGoMod(folder);
  if (!gomod || !path.isAbsolute(gomod)) return undefined;
  return pinIn(name, gomod, folder);
}

export interface PinInput {
  goBinary: string;
  env: Env;
  folder: string;
  /** `go env GOPROXY`, for the download fix's wording when it is off. */
  goproxy?: string;
  run?: RunProcess;
  timeoutMs?: number;
}

export interface PinResolution {
  /** The built binary, when `go tool -n` answered with one. */
  path?: string;
  findings: Finding[];
  evidence: Evidence[];
}

/** The `-mod=mod` GOFLAGS entry would let the go command rewrite go.mod and go.sum; a diagnosis never does. */
function withoutModMod(goflags: string | undefined): string {
  return (goflags ?? "")
    .split(/\s+/)
    .filter((f) => f && f !== "-mod=mod" && f !== "--mod=mod")
    .join(" ");
}

function where(pin: Pin): string {
  return `the tool directive at ${pin.modFile}:${pin.line}`;
}

/**
 * `go tool -n NAME` in the folder, with GOPROXY=off so that a diagnosis never
 * waits on a download: modules missing from the cache become GD042, and a build
 * that outlasts the timeout a GD026 warning. GD042's fix is `go tool -n NAME`
 * itself, online: it downloads the modules and builds the tool, so the next
 * diagnosis finds the build in the cache instead of compiling it under the timeout.
 */
export async function resolvePin(pin: Pin, input: PinInput): Promise<PinResolution> {
  const timeoutMs = input.timeoutMs ?? PINNED_BUILD_TIMEOUT_MS;
  const goflags = withoutModMod(input.env.GOFLAGS);
  const env = { ...cleanEnv(input.env), GOPROXY: "off", GOFLAGS: goflags };
  const r = await (input.run ?? runProcess)([input.goBinary, "tool", "-n", pin.name], {
    cwd: input.folder,
    env,
    timeoutMs,
    maxOutputBytes: 256 * 1024,
  });
  const evidence = [evidenceOf(r, input.folder)];
  const built = r.stdout.trim().split("\n").pop()?.trim() ?? "";
  if (r.exitCode === 0 && path.isAbsolute(built)) return { path: built, findings: [], evidence };

  const said = r.stderr.trim().split("\n").filter(Boolean);
  const offline = said.some((l) => /GOPROXY=off|^go: downloading /.test(l));
  if (r.exitCode !== 0 && offline) {
    const missing = [
      ...new Set(said.filter((l) => l.startsWith("go: downloading ")).map((l) => l.slice(16).trim().replace(" ", "@"))),
    ];
    const proxyOff = (input.goproxy ?? "").trim().split(/[,|]/)[0]?.trim() === "off";
    const fixEnv = {
      ...(proxyOff ? { GOPROXY: "https://proxy.golang.org,direct" } : {}),
      ...(goflags !== (input.env.GOFLAGS ?? "") ? { GOFLAGS: goflags } : {}),
    };
    return {
      findings: [
        finding(
          "GD042",
          `${pin.name} is pinned by ${where(pin)}, but the modules to build it are not in the module cache, so \`go tool ${pin.name}\` (and a debug session through it) would first stall on downloading them${proxyOff ? ", and GOPROXY=off forbids that" : ""}. Download them and build the pinned ${pin.name} now.`,
          {
            details: missing.length ? missing : said.slice(0, 12),
            fixes: [
              {
                kind: "run",
                title: `Download the modules and build the pinned ${pin.name} (go tool -n ${pin.name})`,
                argv: [input.goBinary, "tool", "-n", pin.name],
                cwd: input.folder,
                ...(Object.keys(fixEnv).length ? { env: fixEnv } : {}),
              },
            ],
            location: { file: pin.modFile, line: pin.line },
          },
        ),
      ],
      evidence,
    };
  }
  const why = r.timedOut
    ? `building it took longer than ${timeoutMs / 1000} s and was stopped (the build cache keeps what was compiled; diagnose again)`
    : r.spawnError
      ? `the go command could not be started (${r.spawnError.code})`
      : `\`go tool -n ${pin.name}\` failed${r.exitCode === null ? "" : ` with exit code ${r.exitCode}`}: ${said[0] ?? (built || "no output")}`;
  return {
    findings: [
      finding(
        "GD026",
        `${pin.name} is pinned by ${where(pin)}, but the pinned ${pin.name} could not be resolved: ${why}. Go Doctor uses the ${pin.name} it finds in the usual places instead.`,
        { severity: "warning", details: said.slice(0, 12), location: { file: pin.modFile, line: pin.line } },
      ),
    ],
    evidence,
  };
}

/** The pin that applies in the folder, resolved; undefined when nothing is pinned (or no go command runs it). */
export async function locatePin(
  name: ProbedTool,
  input: { folder?: string; goEnv: GoEnvVars | null; goBinary: string | null; env: Env; run?: RunProcess },
): Promise<(PinResolution & { pin: Pin }) | undefined> {
  if (!input.folder || !input.goBinary) return undefined;
  const pin = findPin(name, input.folder, input.goEnv, input.env);
  if (!pin) return undefined;
  const resolved = await resolvePin(pin, {
    goBinary: input.goBinary,
    env: input.env,
    folder: input.folder,
    goproxy: input.goEnv?.GOPROXY,
    run: input.run,
  });
  return { pin, ...resolved };
}

const label = (c: ToolCandidate): string =>
  `${c.version ?? "version unknown"}${c.builtWith ? `, built with Go ${c.builtWith}` : ""}`;

/**
 * GD026 once the pinned copy has been probed: info when it is the one used;
 * a warning when the Go extension, which does not read tool directives, would
 * run another build (or none). `extensionPick` is the first executable copy in
 * the Go extension's own search order.
 */
export function pinFindings(
  pin: Pin,
  pinned: ToolCandidate,
  winner: ToolCandidate | undefined,
  extensionPick: ToolCandidate | undefined,
): Finding[] {
  const name = pin.name;
  const location = { file: pin.modFile, line: pin.line };
  if (pinned.probeError !== undefined) {
    return [
      finding(
        "GD026",
        `${name} is pinned by ${where(pin)}, but the pinned build at ${pinned.path} does not work: ${pinned.probeError}.`,
        { severity: "warning", location },
      ),
    ];
  }
  const findings: Finding[] = [];
  if (winner === pinned) {
    findings.push(
      finding(
        "GD026",
        `${name} is pinned by ${where(pin)} (${pin.pkg}); Go Doctor uses the pinned build, ${label(pinned)}, as \`go tool ${name}\` would.`,
        { location },
      ),
    );
  }
  const same =
    extensionPick !== undefined &&
    extensionPick.version === pinned.version &&
    extensionPick.builtWith === pinned.builtWith &&
    extensionPick.probeError === undefined;
  if (same) return findings;
  const runs = extensionPick
    ? `${extensionPick.path} (${extensionPick.source}; ${extensionPick.probeError !== undefined ? `broken: ${extensionPick.probeError}` : label(extensionPick)})`
    : `no ${name} at all`;
  const wrapper = path.join("<Go Doctor's global storage>", "pinned", name);
  findings.push(
    finding(
      "GD026",
      `The Go extension does not read go.mod tool directives: it would run ${runs}, not the ${name} pinned by ${where(pin)} (${label(pinned)}).`,
      {
        severity: "warning",
        location,
        fixes: [
          {
            kind: "manual",
            title: `Point go.alternateTools.${name} at a wrapper that runs the pinned ${name}`,
            detail: `Write an executable script such as ${wrapper} containing \`#!/bin/sh\` and \`exec "$(go -C '${path.dirname(pin.modFile)}' tool -n ${name})" "$@"\`, and set go.alternateTools.${name} to it: it runs \`go tool ${name}\`'s build of the pin, follows go.mod when the pin changes, and keeps the caller's working directory. Do not point go.alternateTools at ${pinned.path} itself: that path is in the build cache, changes with every new pin or Go release, and \`go clean -cache\` deletes it.`,
          },
        ],
      },
    ),
  );
  return findings;
}
