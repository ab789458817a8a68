// GD055: build flags that make every debug build undebuggable. `-ldflags` with
// -w or -s drops DWARF (no breakpoint ever verifies); `-trimpath` rewrites the
// recorded file paths (no breakpoint binds without a substitutePath). Set in
// GOFLAGS, they reach the build dlv runs too. Three sources, each named with
// its own fix: the environment, the go env file (`go env -w`), and a launch
// configuration's buildFlags.

import * as fs from "node:fs";
import type { Env } from "../base/envPath";
import type { GoEnvVars } from "../model/facts";
import { finding, type Finding, type FixAction } from "../model/findings";

export interface BuildFlagsInput {
  /** The captured environment (what a terminal and the tools see). */
  env: Env;
  goEnv: GoEnvVars;
  goBinary: string;
  /** Reads the go env file; injectable for tests. */
  readFile?: (file: string) => string | undefined;
}

/** A launch configuration's buildFlags and where they are, for GD055 on launch.json. */
export interface LaunchBuildFlags {
  file: string;
  /** jsonc path of the configuration object. */
  path: (string | number)[];
  name?: string;
  line?: number;
  buildFlags: string | string[];
}

/** Splits a command line the way the Go extension passes buildFlags: spaces separate, quotes group. */
export function splitFlags(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let has = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur !== "") out.push(cur);
      cur = "";
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has || cur !== "") out.push(cur);
  return out;
}

const LDFLAGS = /^--?ldflags(=|$)/;
const TRIMPATH = /^--?trimpath(=(.*))?$/;

/** `-ldflags` values may start with a package pattern: `-ldflags=all=-w`. */
function ldflagsValue(value: string): string[] {
  return splitFlags(value.replace(/^[\w./…*-]+=(?=-)/, ""));
}

function ldflagsBreak(value: string): string[] {
  return ldflagsValue(value).filter((t) => /^-(w|s)(=true)?$/.test(t));
}

/**
 * The flags in `flags` that break debugging, as the user wrote them, and the
 * flags with those removed (an -ldflags keeps its other values).
 */
export function debugBreakingFlags(flags: readonly string[]): { offending: string[]; kept: string[] } {
  const offending: string[] = [];
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    const trim = TRIMPATH.exec(flag);
    if (trim) {
      const v = trim[2];
      if (v === undefined || v === "true" || v === "1") offending.push(flag);
      else kept.push(flag);
      continue;
    }
    if (LDFLAGS.test(flag)) {
      const separate = !flag.includes("=");
      const value = separate ? (flags[i + 1] ?? "") : flag.slice(flag.indexOf("=") + 1);
      if (separate) i++;
      const bad = ldflagsBreak(value);
      if (bad.length === 0) {
        kept.push(...(separate ? [flag, value] : [flag]));
        continue;
      }
      offending.push(separate ? `${flag} ${value}` : flag);
      const rest = ldflagsValue(value).filter((t) => !bad.includes(t));
      if (rest.length > 0) kept.push(`-ldflags=${rest.join(" ")}`);
      continue;
    }
    kept.push(flag);
  }
  return { offending, kept };
}

const WHY =
  "-ldflags with -w or -s leaves no debug information (no breakpoint ever verifies) and -trimpath rewrites the source paths in the binary (breakpoints do not bind without a substitutePath)";

/** GD055 from GOFLAGS: the environment and the go env file, each named. */
export function checkBuildFlags(input: BuildFlagsInput): Finding[] {
  const findings: Finding[] = [];
  const fromEnv = debugBreakingFlags(splitFlags(input.env.GOFLAGS ?? ""));
  if (fromEnv.offending.length > 0) {
    findings.push(
      finding(
        "GD055",
        `GOFLAGS in your environment carries ${fromEnv.offending.join(" ")}: every debug build on this machine inherits it, so ${WHY}.`,
        {
          details: [`GOFLAGS=${input.env.GOFLAGS ?? ""}`],
          fixes: [
            {
              kind: "manual",
              title: "Remove the flag from GOFLAGS in your shell profile",
              detail:
                fromEnv.kept.length > 0
                  ? `Change the line that sets GOFLAGS (in ~/.profile, ~/.bashrc, ~/.zshrc, …) to export GOFLAGS="${fromEnv.kept.join(" ")}", then restart the editor. Pass the flag on release build command lines instead.`
                  : "Remove the line that exports GOFLAGS (in ~/.profile, ~/.bashrc, ~/.zshrc, …), then restart the editor. Pass the flag on release build command lines instead.",
            },
          ],
        },
      ),
    );
  }
  const file = input.goEnv.GOENV;
  if (file && file !== "off") {
    const read = input.readFile ?? readIfThere;
    const text = read(file);
    const line = text
      ?.split("\n")
      .map((l) => l.trim())
      .find((l) => l.startsWith("GOFLAGS="));
    const value = line?.slice("GOFLAGS=".length) ?? "";
    const fromFile = debugBreakingFlags(splitFlags(value));
    if (fromFile.offending.length > 0) {
      const fix: FixAction =
        fromFile.kept.length > 0
          ? {
              kind: "run",
              title: `Keep only ${fromFile.kept.join(" ")} in the go env file's GOFLAGS`,
              argv: [input.goBinary, "env", "-w", `GOFLAGS=${fromFile.kept.join(" ")}`],
            }
          : {
              kind: "run",
              title: "Remove GOFLAGS from the go env file",
              argv: [input.goBinary, "env", "-u", "GOFLAGS"],
            };
      const shadowed = input.env.GOFLAGS !== undefined;
      findings.push(
        finding(
          "GD055",
          `GOFLAGS in the go env file ${file} (written by \`go env -w\`) carries ${fromFile.offending.join(" ")}: ${shadowed ? "your environment's GOFLAGS overrides it today, but any program started without it builds with it, and " : "every debug build on this machine inherits it, so "}${WHY}.`,
          { severity: shadowed ? "warning" : "error", details: [`${file}: GOFLAGS=${value}`], fixes: [fix] },
        ),
      );
    }
  }
  return findings;
}

/** GD055 for each launch configuration whose buildFlags break debugging. */
export function checkLaunchBuildFlags(configs: readonly LaunchBuildFlags[]): Finding[] {
  const findings: Finding[] = [];
  for (const c of configs) {
    const flags = Array.isArray(c.buildFlags) ? c.buildFlags.flatMap(splitFlags) : splitFlags(c.buildFlags);
    const { offending, kept } = debugBreakingFlags(flags);
    if (offending.length === 0) continue;
    const quoted = kept.map((k) => (/\s/.test(k) ? k.replace(/^(-[\w-]+=)?(.*)$/, '$1"$2"') : k));
    const value = Array.isArray(c.buildFlags) ? kept : quoted.join(" ");
    findings.push(
      finding(
        "GD055",
        `The launch configuration${c.name ? ` "${c.name}"` : ""} builds with ${offending.join(" ")} in its buildFlags: ${WHY}.`,
        {
          // This configuration's sessions are refused; the others can still debug.
          severity: "warning",
          location: { file: c.file, ...(c.line !== undefined ? { line: c.line } : {}) },
          fixes: [
            {
              kind: "launch",
              title: `Remove ${offending.join(" ")} from buildFlags`,
              file: c.file,
              path: [...c.path, "buildFlags"],
              ...(kept.length > 0 ? { value } : {}),
            },
          ],
        },
      ),
    );
  }
  return findings;
}

function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
