// Launch configurations of the Go extension's `go` debug type, parsed from
// launch.json (or a `launch` section of settings.json / *.code-workspace)
// with node offsets, so every GD080 finding points at the exact attribute.
// launchChecks.ts checks them against what dlv-dap does with them.

import { finding } from "../model/findings";
import * as path from "node:path";
import * as jsonc from "jsonc-parser";
import { lineColumnAt, parseJsonc } from "./jsoncEdits";
import type { Finding } from "../model/findings";

export { ATTACH_MODES, GO_ATTRIBUTES, GoDebugConfig, LAUNCH_MODES } from "./launchSchema";

/** A finding with the text range it is about, for editor diagnostics. */
export interface LocatedFinding {
  finding: Finding;
  offset: number;
  length: number;
}

export interface Span {
  offset: number;
  length: number;
  /** 1-based, of `offset`. */
  line: number;
  column: number;
}

export interface ParsedConfig {
  index: number;
  /** jsonc path of the configuration object, e.g. ["configurations", 0] or ["launch", "configurations", 0]. */
  path: (string | number)[];
  name?: string;
  raw: Record<string, unknown>;
  /** Property spans (key through value) by attribute name; the object itself under "". */
  spans: Record<string, Span>;
}

function spanOf(body: string, node: jsonc.Node): Span {
  return { offset: node.offset, length: node.length, ...lineColumnAt(body, node.offset) };
}

/** The jsonc path under which a file keeps its launch configurations. */
export function configurationsPath(file: string): (string | number)[] {
  const base = path.basename(file);
  return base === "settings.json" || base.endsWith(".code-workspace")
    ? ["launch", "configurations"]
    : ["configurations"];
}

export interface ParsedLaunchText {
  configs: ParsedConfig[];
  findings: LocatedFinding[];
  /** Set when the text does not parse; no configuration is read then. */
  parseError?: string;
}

/** Parses the text into `go` configurations (others are skipped). Synchronous: no file system. */
export function parseLaunchText(file: string, text: string): ParsedLaunchText {
  const parsed = parseJsonc(text);
  if (parsed.error) {
    const e = parsed.error;
    // settings.json and *.code-workspace hold much more than launch configurations; their syntax errors are the editor's to report.
    if (configurationsPath(file)[0] === "launch")
      return {
        configs: [],
        findings: [],
        parseError: `${path.basename(file)} cannot be parsed at line ${e.line}: ${e.message}`,
      };
    const message = `${path.basename(file)} cannot be parsed at line ${e.line}: ${e.message} (column ${e.column}); Go Doctor edits nothing in it until it parses.`;
    return {
      configs: [],
      parseError: message,
      findings: [
        {
          finding: { code: "GD080", severity: "error", message, location: { file, line: e.line, column: e.column } },
          offset: e.offset,
          length: 1,
        },
      ],
    };
  }
  const prefix = configurationsPath(file);
  const list = parsed.root ? jsonc.findNodeAtLocation(parsed.root, prefix) : undefined;
  const findings: LocatedFinding[] = [];
  if (list === undefined) return { configs: [], findings };
  if (list.type !== "array") {
    const span = spanOf(parsed.body, list.parent ?? list);
    findings.push({
      finding: finding("GD080", `"configurations" must be an array of launch configurations, not a ${list.type}.`, {
        severity: "error",
        location: { file, line: span.line, column: span.column },
      }),
      offset: span.offset,
      length: span.length,
    });
    return { configs: [], findings };
  }
  const configs: ParsedConfig[] = [];
  (list.children ?? []).forEach((node, index) => {
    if (node.type !== "object") return;
    const raw = jsonc.getNodeValue(node) as Record<string, unknown>;
    if (raw.type !== "go") return;
    const spans: Record<string, Span> = { "": spanOf(parsed.body, node) };
    for (const prop of node.children ?? []) {
      const key = prop.children?.[0]?.value as unknown;
      if (typeof key === "string" && !(key in spans)) spans[key] = spanOf(parsed.body, prop);
    }
    configs.push({
      index,
      path: [...prefix, index],
      name: typeof raw.name === "string" ? raw.name : undefined,
      raw,
      spans,
    });
  });
  return { configs, findings };
}

// ---------------------------------------------------------------------------
// Checks
