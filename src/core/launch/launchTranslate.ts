// From the launch configuration users already have in launch.json to what the
// hand-off needs: where dlv runs (local, with which flags and cwd) or which
// remote server to reach, and the launch/attach arguments dlv dap receives.
// dlv dap takes most attributes as they are; `envFile` it does not know, so it
// is read here and merged under `env`, and `dlvFlags` go on dlv's command line.

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as path from "node:path";
import * as z from "../base/zod";
import { fault } from "../model/faults";
import type { Finding } from "../model/findings";

export type DapArguments = Record<string, unknown>;

export type LaunchTarget =
  | { kind: "local"; dlvFlags: string[]; dlvCwd?: string; arguments: DapArguments }
  | { kind: "remote"; host: string; port: number; arguments: DapArguments };

export type Translation = { ok: true; target: LaunchTarget } | { ok: false; finding: Finding };

const attributes = z.object({
  mode: z.optional(z.string()),
  program: z.optional(z.string()),
  cwd: z.optional(z.string()),
  dlvCwd: z.optional(z.string()),
  env: z.optional(z.record(z.string(), z.nullable(z.string()))),
  envFile: z.optional(z.union([z.string(), z.array(z.string())])),
  dlvFlags: z.optional(z.array(z.string())),
  host: z.optional(z.string()),
  port: z.optional(
    z.union([z.number().check(z.int()), z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number))]),
  ),
});

function invalid(message: string, details: string[] = []): Translation {
  const f = fault("GD080");
  return { ok: false, finding: finding("GD080", `${f.code}: ${message}`, { severity: "error", details }) };
}

/**
 * `KEY=VALUE` lines as the Go extension reads them: `#` comments and blank lines skipped,
 * an optional `export `, double-quoted values with `\n` escapes, single-quoted values literal.
 * Lines that are not assignments are ignored, as the Go extension ignores them.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1).replace(/\\n/g, "\n");
    else if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
    out[m[1]] = value;
  }
  return out;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  return fs.existsSync(p);
}

/** Decides where a launch or attach request goes and rewrites its arguments for dlv dap. */
export function translateLaunch(request: string, args: DapArguments): Translation {
  const parsed = attributes.safeParse(args);
  if (!parsed.success) {
    return invalid(
      "the launch configuration has attributes of the wrong type.",
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  const a = parsed.data;
  const base = a.cwd ?? (a.program ? (isFile(a.program) ? path.dirname(a.program) : a.program) : process.cwd());

  const out: DapArguments = { ...args };
  delete out.envFile;
  if (a.envFile !== undefined) {
    const merged: Record<string, string | null> = {};
    for (const file of Array.isArray(a.envFile) ? a.envFile : [a.envFile]) {
      const resolved = path.resolve(base, file);
      let text: string;
      try {
        text = fs.readFileSync(resolved, "utf8");
      } catch (e) {
        return invalid(`envFile ${resolved} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
      }
      Object.assign(merged, parseEnvFile(text));
    }
    // As in the Go extension: `env` wins over envFile.
    out.env = { ...merged, ...(a.env ?? {}) };
  }

  const remote =
    (request === "attach" && a.mode === "remote") || (request === "launch" && a.port !== undefined && a.port > 0);
  if (remote) {
    if (a.port === undefined || a.port <= 0 || a.port > 65535) {
      return invalid(`a remote ${request} needs "port" (and usually "host") naming the headless dlv server.`);
    }
    return { ok: true, target: { kind: "remote", host: a.host ?? "127.0.0.1", port: a.port, arguments: out } };
  }

  const dlvCwd =
    a.dlvCwd ??
    (a.cwd && exists(a.cwd)
      ? a.cwd
      : a.program && exists(a.program)
        ? isFile(a.program)
          ? path.dirname(a.program)
          : a.program
        : undefined);
  return { ok: true, target: { kind: "local", dlvFlags: a.dlvFlags ?? [], dlvCwd, arguments: out } };
}
