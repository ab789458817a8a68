// Finds every `go` binary a user may have (settings, PATH, GOROOT, the usual
// install directories), asks each for its version in parallel, and picks the
// one a correctly started editor uses: go.alternateTools.go → go.goroot →
// first on the login PATH → $GOROOT/bin → well-known directories.

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as os from "node:os";
import * as path from "node:path";
import which from "which";
import { cleanEnv, isOnPath, lookupOnPath } from "../base/envPath";
import type { Finding } from "../model/findings";
import { describeFailure, evidenceOf, runProcess, type RunProcess } from "../base/process";
import type { EditorSettings, ToolCandidate, ToolInfo } from "../model/facts";
import { compareGo, parseGoVersionOutput } from "./versionText";
import type { Env } from "../base/envPath";
import type { Evidence } from "../base/process";
import { hostPlatform, type Platform } from "../base/platform";
import { goInstallDirs, sdkDirs } from "./goInstallDirs";
import { addToPathFix, installGoFix, installGoInWslFix, windowsOnlyGo } from "./platformAdvice";

const PROBE_TIMEOUT_MS = 5_000;

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** The Go version a GOROOT directory holds, from its VERSION file ("go1.26.8\ntime …"). */
export function gorootVersion(goroot: string): string | undefined {
  try {
    const first = fs.readFileSync(path.join(goroot, "VERSION"), "utf8").split("\n")[0]?.trim() ?? "";
    return /^go\d/.test(first) ? first.slice(2) : undefined;
  } catch {
    return undefined;
  }
}

interface Seed {
  path: string;
  source: string;
  /** On PATH by name, but not a runnable file: shells and the editor skip it. */
  unrunnable?: boolean;
}

async function collect(
  env: Env,
  settings: EditorSettings,
  wellKnownDirs: readonly string[] | undefined,
  platform: Platform,
): Promise<Seed[]> {
  const p = platform.path;
  const goExe = platform.executable("go");
  const seeds: Seed[] = [];
  const alt = settings.alternateTools?.go;
  if (alt) {
    // The Go extension uses an absolute alternateTools path only if it exists, and looks a bare name up on PATH.
    if (path.isAbsolute(alt)) {
      if (isExecutableFile(alt)) seeds.push({ path: alt, source: "go.alternateTools" });
    } else {
      const found = await which(alt, { path: env.PATH ?? "", nothrow: true });
      if (found) seeds.push({ path: found, source: "go.alternateTools" });
    }
  }
  if (settings.goroot) seeds.push({ path: p.join(settings.goroot, "bin", goExe), source: "go.goroot" });
  // A relative PATH entry resolves against whatever directory a program starts in (GD054 reports it).
  // Entries that are not runnable (no execute bit, a directory, a link loop) are kept so they can be reported.
  for (const hit of await lookupOnPath("go", env, platform))
    seeds.push({ path: hit.path, source: "PATH", unrunnable: !hit.executable });
  const goroot = platform.getEnv(env, "GOROOT");
  if (goroot) seeds.push({ path: p.join(goroot, "bin", goExe), source: "GOROOT/bin" });
  for (const dir of [...(wellKnownDirs ?? goInstallDirs(platform, env)), ...sdkDirs(platform, env)]) {
    seeds.push({ path: p.join(dir, goExe), source: "well-known" });
  }
  const seen = new Set<string>();
  return seeds.filter((s) => {
    const key = platform.name === "linux" ? p.resolve(s.path) : p.resolve(s.path).toLowerCase();
    if (seen.has(key) || (!s.unrunnable && !platform.isExecutable(s.path))) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The go that locateGo will most likely pick (the first runnable candidate), found
 * without running anything, so that work on it can start while the candidates are probed.
 */
export async function likelyGo(input: {
  env: Env;
  settings: EditorSettings;
  platform?: Platform;
}): Promise<string | undefined> {
  const seeds = await collect(input.env, input.settings, undefined, input.platform ?? hostPlatform());
  return seeds.find((s) => !s.unrunnable)?.path;
}

export async function locateGo(input: {
  env: Env;
  settings: EditorSettings;
  run?: RunProcess;
  /** Replaces the built-in well-known install directories (tests use it to stay hermetic). */
  wellKnownDirs?: readonly string[];
  /** The editor's own PATH, for GD014 (go on neither PATH). */
  editorPath?: string;
  /** The platform's conventions (go.exe, install directories); the host's by default. */
  platform?: Platform;
}): Promise<{ tool: ToolInfo; findings: Finding[]; evidence: Evidence[] }> {
  const run = input.run ?? runProcess;
  const platform = input.platform ?? hostPlatform();
  const seeds = await collect(input.env, input.settings, input.wellKnownDirs, platform);
  // The binary's own version: GOTOOLCHAIN=local stops a switch, and an explicit
  // GOROOT is dropped because a wrong one makes every go command refuse to start.
  const probeEnv = cleanEnv({ ...input.env, GOTOOLCHAIN: "local", GOROOT: undefined });
  const probed = await Promise.all(
    seeds.map(async (s): Promise<{ c: ToolCandidate; e: Evidence }> => {
      const r = await run([s.path, "version"], { env: probeEnv, cwd: os.tmpdir(), timeoutMs: PROBE_TIMEOUT_MS });
      const parsed = r.exitCode === 0 ? parseGoVersionOutput(r.stdout) : undefined;
      const c: ToolCandidate = {
        path: s.path,
        source: s.source,
        onPath: isOnPath(platform.path.dirname(s.path), input.env, platform),
      };
      if (parsed) c.version = parsed.version;
      else c.probeError = r.exitCode === 0 ? `unexpected output: ${r.stdout.trim().slice(0, 200)}` : describeFailure(r);
      return { c, e: evidenceOf(r) };
    }),
  );
  const candidates = probed.map((p) => p.c);
  const unrunnable = new Set(seeds.filter((s) => s.unrunnable).map((s) => s.path));
  const evidence = probed.map((p) => p.e);

  const working = candidates.filter((c) => c.version !== undefined);
  const winner = working[0];
  const findings: Finding[] = [];
  const listing = candidates.map(
    (c) =>
      `${c.path} (${c.source}${c.onPath ? ", on PATH" : ""}): ${c.version ? `go ${c.version}` : `does not run: ${c.probeError}`}`,
  );

  if (!winner) {
    const windowsGo = windowsOnlyGo(platform, input.env);
    const installFix = windowsGo ? installGoInWslFix(windowsGo) : installGoFix(platform);
    findings.push(
      finding(
        "GD010",
        windowsGo
          ? `Go is installed on Windows only (${windowsGo}): install it inside WSL. WSL runs Linux programs, so gopls, dlv and the build need a Linux go here.`
          : candidates.length === 0
            ? "No go command was found on the login PATH, in GOROOT, in go.goroot or in the usual install directories, so nothing Go-related can work."
            : `Found ${candidates.length} go binaries, but none of them runs, so nothing Go-related can work.`,
        {
          details: listing.length > 0 ? listing : [`PATH=${input.env.PATH ?? ""}`],
          fixes: [
            installFix ?? {
              kind: "manual",
              title: "Install Go and put it on PATH",
              detail:
                "Install Go from https://go.dev/dl/ (or your package manager), then add its bin directory to PATH in your login shell profile, e.g. `export PATH=$PATH:/usr/local/go/bin` in ~/.profile or ~/.zprofile. Restart the editor completely so it reads the new PATH.",
            },
          ],
        },
      ),
    );
    return {
      tool: {
        name: "go",
        path: null,
        version: null,
        builtWith: null,
        reason: "no working go binary found",
        candidates,
      },
      findings,
      evidence,
    };
  }

  const firstOnPath = working.find((c) => c.source === "PATH");
  const reason =
    winner.source === "PATH"
      ? "first go on the login PATH"
      : winner.source === "go.alternateTools"
        ? "set in go.alternateTools.go"
        : winner.source === "go.goroot"
          ? "in the go.goroot setting's bin directory"
          : winner.source === "GOROOT/bin"
            ? "in $GOROOT/bin (no go on PATH)"
            : "in a well-known install directory (no go on PATH)";
  const tool: ToolInfo = {
    name: "go",
    path: winner.path,
    version: winner.version ?? null,
    builtWith: null,
    reason,
    candidates,
  };

  // The editor takes the first go it finds without running it: a broken one there breaks everything,
  // even with a working go further down. Later checks still run with the working one.
  const preferred = candidates.find((c) => !unrunnable.has(c.path));
  for (const c of candidates) {
    if (!unrunnable.has(c.path)) continue;
    findings.push(
      finding(
        "GD011",
        `${c.path} is on PATH as go but cannot run (${c.probeError}); shells and the editor skip it and use ${winner.path} (go ${winner.version}) — a terminal with nothing else on PATH answers "Permission denied".`,
        {
          details: listing,
          fixes: [
            {
              kind: "manual",
              title: `Remove ${c.path}`,
              detail: `Delete ${c.path} or make it a working go (chmod +x for a real go binary), so that every tool finds the same go.`,
            },
          ],
        },
      ),
    );
  }
  if (preferred && preferred !== winner) {
    findings.push(
      finding(
        "GD010",
        `The go command the editor would use, ${preferred.path} (${preferred.source}), does not run (${preferred.probeError}), although ${winner.path} (go ${winner.version}) works. Remove or repair the broken one, or put the working one first.`,
        {
          details: listing,
          fixes: [
            {
              kind: "manual",
              title: "Use the working go",
              detail: `Delete or fix ${preferred.path}, or put ${path.dirname(winner.path)} before ${path.dirname(preferred.path)} on PATH in your login shell profile (or set go.alternateTools.go to ${winner.path}). Then restart the editor.`,
            },
          ],
        },
      ),
    );
  }

  const goDir = platform.path.dirname(winner.path);
  const onEditorPath = input.editorPath !== undefined && isOnPath(goDir, { PATH: input.editorPath }, platform);
  if (!firstOnPath && !winner.onPath && !onEditorPath && winner.source !== "go.alternateTools") {
    const line = pathLineFor(input.env.SHELL, goDir);
    findings.push(
      finding(
        "GD014",
        `go was found only at ${winner.path} (${reason}), which is on neither your login shell's PATH nor the editor's: Go Doctor hands it to gopls and dlv, but your terminal, tasks and other extensions say "go: command not found".`,
        {
          details: listing,
          fixes: [
            addToPathFix(platform, goDir) ?? {
              kind: "manual",
              title: `Add ${goDir} to PATH in ${line.file}`,
              detail: `Add this line to ${line.file}, then open a new terminal and restart the editor:\n${line.text}`,
            },
          ],
        },
      ),
    );
  }

  const distinct = new Set(working.map((c) => realpathOr(c.path)));
  const ambiguity: string[] = [];
  if (distinct.size > 1 && firstOnPath && realpathOr(firstOnPath.path) !== realpathOr(winner.path)) {
    ambiguity.push(
      `the editor uses ${winner.path} (go ${winner.version}, ${reason}) but your terminal runs ${firstOnPath.path} (go ${firstOnPath.version})`,
    );
  }
  for (const [label, root] of [
    ["GOROOT", input.env.GOROOT],
    ["go.goroot", input.settings.goroot],
  ] as const) {
    if (!root) continue;
    const v =
      gorootVersion(root) ?? candidates.find((c) => path.resolve(c.path) === path.resolve(root, "bin", "go"))?.version;
    if (v && winner.version && compareGo(v, winner.version) !== 0) {
      ambiguity.push(
        `${label}=${root} holds Go ${v} but the go command is ${winner.version}, so builds mix one version's tools with the other's standard library`,
      );
    }
  }
  if (ambiguity.length > 0) {
    findings.push(
      finding(
        "GD011",
        `Several go installations disagree: ${ambiguity.join("; ")}. Pick one and point everything at it.`,
        {
          details: listing,
          fixes: [
            {
              kind: "manual",
              title: "Use one Go installation",
              detail:
                "Remove the go.alternateTools.go and go.goroot settings (or point them at the same Go as your PATH), and unset GOROOT in your shell profile unless it names the directory of the go on PATH. Then restart the editor.",
            },
          ],
        },
      ),
    );
  }
  return { tool, findings, evidence };
}

/** The line that puts `dir` on PATH for the user's login shell, and the file it belongs in. */
export function pathLineFor(shell: string | undefined, dir: string): { file: string; text: string } {
  const name = path.basename(shell ?? "");
  if (name === "fish") return { file: "~/.config/fish/config.fish", text: `fish_add_path ${dir}` };
  if (name === "tcsh" || name === "csh") return { file: "~/.login", text: `setenv PATH "\${PATH}:${dir}"` };
  if (name === "zsh") return { file: "~/.zprofile", text: `export PATH="$PATH:${dir}"` };
  return { file: "~/.profile", text: `export PATH="$PATH:${dir}"` };
}
