// How to ask a shell for its login environment: which flags each family of
// shells takes, how each quotes a word, and the one shell program Go Doctor
// ever writes — it runs Node (or `env -0`) to print the environment between
// random markers, so that whatever the rc files print cannot be mistaken for it.
// Where `env` has no -0 (macOS before it took GNU's flag, old BSDs), awk prints
// the environment a line each, newlines in values spelled with the marker.

import * as fs from "node:fs";
import * as path from "node:path";

/** "unknown" shells (nologin, true, nu, …) are tried like POSIX shells and replaced by a fallback if they fail. */
export type ShellKind = "posix" | "csh" | "fish" | "unknown";

const POSIX_SHELLS = new Set([
  "sh",
  "bash",
  "zsh",
  "dash",
  "ash",
  "ksh",
  "mksh",
  "pdksh",
  "ksh93",
  "yash",
  "posh",
  "oksh",
  "loksh",
]);

export function shellKind(shell: string): ShellKind {
  // "-zsh" (login argv[0] style) and versioned names ("bash5.2", "zsh-5.9") count as their family.
  const name = path
    .basename(shell)
    .replace(/^-/, "")
    .replace(/-?[0-9][0-9.]*$/, "");
  if (POSIX_SHELLS.has(name)) return "posix";
  if (name === "csh" || name === "tcsh") return "csh";
  if (name === "fish") return "fish";
  return "unknown";
}

/**
 * Flags that make the shell read what a terminal reads before running a command.
 * csh/tcsh only honour -l as their sole flag, so they get -i (.cshrc/.tcshrc) alone.
 */
export function loginFlags(kind: ShellKind): string[] {
  switch (kind) {
    case "csh":
      return ["-i", "-c"];
    case "fish":
      return ["-l", "-i", "-c"];
    case "posix":
    case "unknown":
      return ["-i", "-l", "-c"];
  }
}

/** Quotes one word so that the shell passes it through unchanged. The word must not contain NUL or newline. */
export function quoteWord(kind: ShellKind, word: string): string {
  switch (kind) {
    case "fish":
      // Inside fish single quotes only \' and \\ are escapes.
      return `'${word.replace(/[\\']/g, "\\$&")}'`;
    case "csh":
      // csh expands history (!) even inside single quotes; a backslash stops it there.
      return `'${word.replace(/'/g, "'\\''").replace(/!/g, "\\!")}'`;
    case "posix":
    case "unknown":
      return `'${word.replace(/'/g, "'\\''")}'`;
  }
}

/**
 * How the environment comes back: Node's JSON, or `env`'s dump: NUL-separated NAME=value from
 * `env -0`, or where `env` refuses -0, awk's NAME=value lines (see parseEnvDump).
 */
export type CaptureFormat = "json" | "env";

export interface CaptureCommand {
  argv: string[];
  format: CaptureFormat;
}

/**
 * awk's dump of its environment, one NAME=value a line, each newline in a value written as the marker
 * and "n" (the marker is random, so no value holds it). Only POSIX awk: ENVIRON, gsub, print.
 */
export function awkDumpScript(marker: string): string {
  return `BEGIN{for(k in ENVIRON){v=ENVIRON[k];gsub(/\\n/,"${marker}n",v);print k"="v}}`;
}

// No quotes, `!`, `$` or newlines, so the script is one safe word in every shell family.
const NODE_SCRIPT = "const m=process.argv[1];process.stdout.write(m+JSON.stringify(process.env)+m)";

/**
 * The Node executable to print the environment with, when it can be run from a shell:
 * absolute, executable, and quotable (no NUL or newline in its path).
 */
export function usableNode(execPath: string): string | undefined {
  if (!path.isAbsolute(execPath) || /[\0\n\r]/.test(execPath)) return undefined;
  try {
    fs.accessSync(execPath, fs.constants.X_OK);
    return execPath;
  } catch {
    return undefined;
  }
}

/**
 * The argv that runs `shell` as a login shell and prints its environment between two copies of `marker`.
 * `marker` must be plain ASCII letters and digits.
 */
export function captureCommand(shell: string, marker: string, nodePath: string | undefined): CaptureCommand {
  if (!/^[A-Za-z0-9]+$/.test(marker)) throw new Error(`marker must be alphanumeric: ${marker}`);
  const kind = shellKind(shell);
  const program =
    nodePath === undefined
      ? `echo ${marker}; env -0 || awk ${quoteWord(kind, awkDumpScript(marker))}; echo ${marker}`
      : `${quoteWord(kind, nodePath)} -e ${quoteWord(kind, NODE_SCRIPT)} ${marker}`;
  return { argv: [shell, ...loginFlags(kind), program], format: nodePath === undefined ? "env" : "json" };
}
