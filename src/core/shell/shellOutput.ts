// Reads the environment back out of a login shell's stdout. Everything outside
// the two markers is rc-file noise (banners, colour codes, fake markers) and is
// kept apart as evidence; the block between them is parsed strictly.

import * as z from "../base/zod";
import type { CaptureFormat } from "./shellCommand";

export type ParsedCapture =
  | { ok: true; env: Record<string, string>; noise: string }
  | { ok: false; reason: string; noise: string };

const EnvJson = z.record(z.string(), z.string());

export function parseCapture(stdout: string, marker: string, format: CaptureFormat): ParsedCapture {
  // The marker is random per capture, so the first and last copies bound the block even if
  // a value inside it happened to contain the marker.
  const start = stdout.indexOf(marker);
  const end = stdout.lastIndexOf(marker);
  if (start < 0 || end <= start) {
    return { ok: false, reason: "printed no environment between the markers", noise: stdout };
  }
  const block = stdout.slice(start + marker.length, end);
  const noise = stdout.slice(0, start) + stdout.slice(end + marker.length);
  const env = format === "json" ? z.parseJsonAs(EnvJson, block) : parseEnvDump(block, marker);
  if (env === undefined)
    return { ok: false, reason: `printed an environment Go Doctor could not parse (${format})`, noise };
  return { ok: true, env, noise };
}

/** `env -0`'s entries when it ran (a NUL is in the block), else the awk fallback's lines. */
export function parseEnvDump(block: string, marker: string): Record<string, string> | undefined {
  return block.includes("\0") ? parseEnv0(block) : parseEnvLines(block, marker);
}

/**
 * The awk fallback (shellCommand.ts's awkDumpScript): a newline after the first marker, then one
 * NAME=value a line, each newline in a value written as the marker and "n".
 */
export function parseEnvLines(block: string, marker: string): Record<string, string> | undefined {
  return parseEntries(block, "\n", (v) => v.replaceAll(`${marker}n`, "\n"));
}

/** `echo M; env -0; echo M` leaves a newline after the first marker and NAME=value\0 entries. */
export function parseEnv0(block: string): Record<string, string> | undefined {
  return parseEntries(block, "\0", (v) => v);
}

/** NAME=value entries each ended by `end`, after the newline the first marker's echo printed. */
function parseEntries(block: string, end: string, value: (raw: string) => string): Record<string, string> | undefined {
  const entries = block.replace(/^\r?\n/, "").split(end);
  // The last piece is what follows the final end: the newline echo printed before nothing, or "".
  const last = entries.pop();
  if (last === undefined || last.trim() !== "" || entries.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq <= 0) return undefined;
    env[entry.slice(0, eq)] = value(entry.slice(eq + 1));
  }
  return env;
}
