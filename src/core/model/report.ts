// The published, versioned report: what `go-doctor --json` prints and what the
// extension shows and copies. The zod schema is the source of truth; the JSON
// Schema file (docs/report.schema.json) is generated from it and checked by a test.

import * as z from "../base/zod";
import { FAULT_CODES } from "./faults";
import { SCHEMA_VERSION } from "./goDoctorVersion";

export { SCHEMA_VERSION };

const severity = z.enum(["error", "warning", "info"]);

const fixAction = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("run"),
    title: z.string(),
    argv: z.array(z.string()),
    cwd: z.optional(z.string()),
    env: z.optional(z.record(z.string(), z.string())),
  }),
  // No `value` means "remove": JSON has no undefined.
  z.object({
    kind: z.literal("setting"),
    title: z.string(),
    key: z.string(),
    value: z.optional(z.unknown()),
    scope: z.enum(["user", "workspace", "workspaceFolder"]),
  }),
  z.object({
    kind: z.literal("launch"),
    title: z.string(),
    file: z.string(),
    path: z.array(z.union([z.string(), z.number()])),
    value: z.optional(z.unknown()),
  }),
  z.object({ kind: z.literal("manual"), title: z.string(), detail: z.string() }),
]);

export const findingSchema = z.object({
  code: z.enum(FAULT_CODES),
  severity,
  message: z.string(),
  details: z.optional(z.array(z.string())),
  fixes: z.optional(z.array(fixAction)),
  location: z.optional(
    z.object({
      file: z.string(),
      line: z.optional(z.number().check(z.int())),
      column: z.optional(z.number().check(z.int())),
    }),
  ),
  /** Id of the check that produced it. */
  check: z.string(),
  /** Set on a platform Go Doctor's tests only simulate: why this may be an artefact; such a finding closes no gate. */
  unverified: z.optional(z.string()),
});

const evidence = z.object({
  command: z.array(z.string()),
  cwd: z.optional(z.string()),
  exitCode: z.optional(z.nullable(z.number().check(z.int()))),
  signal: z.optional(z.nullable(z.string())),
  timedOut: z.optional(z.boolean()),
  durationMs: z.optional(z.number()),
  output: z.optional(z.string()),
});

const candidate = z.object({
  path: z.string(),
  source: z.string(),
  version: z.nullable(z.string()),
  builtWith: z.nullable(z.string()),
  onPath: z.boolean(),
  probeError: z.nullable(z.string()),
});

const toolReport = z.object({
  path: z.nullable(z.string()),
  version: z.nullable(z.string()),
  builtWith: z.nullable(z.string()),
  reason: z.string(),
  candidates: z.array(candidate),
});

const gateVerdictJson = z.object({ open: z.boolean(), reason: z.string(), codes: z.array(z.string()) });

export const reportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  goDoctorVersion: z.string(),
  generatedAt: z.string(),
  folder: z.string(),
  /** True when the folder had no Go project and the bundled sample module was diagnosed instead. */
  sample: z.boolean(),
  /** The platform diagnosed; on one the tests only simulate, the codes whose findings close no gate. */
  platform: z.optional(z.object({ name: z.string(), verified: z.boolean(), unverifiedCodes: z.array(z.string()) })),
  env: z.object({
    source: z.enum(["login-shell", "process"]),
    shell: z.nullable(z.string()),
    durationMs: z.number(),
    drift: z.record(z.string(), z.object({ process: z.nullable(z.string()), login: z.nullable(z.string()) })),
  }),
  tools: z.object({ go: toolReport, dlv: toolReport, gopls: toolReport }),
  go: z.object({
    activeVersion: z.nullable(z.string()),
    localVersion: z.nullable(z.string()),
    env: z.nullable(z.record(z.string(), z.string())),
  }),
  checks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(["ok", "warning", "error", "info", "skipped"]),
      summary: z.string(),
      /** Milliseconds from the start of the diagnosis to the start of this check. */
      startMs: z.number(),
      durationMs: z.number(),
      findings: z.array(findingSchema),
      evidence: z.array(evidence),
    }),
  ),
  findings: z.array(findingSchema),
  gates: z.object({ language: gateVerdictJson, debug: gateVerdictJson }),
  /** Milliseconds per step, plus "total". */
  timings: z.record(z.string(), z.number()),
  summary: z.object({
    errors: z.number().check(z.int()),
    warnings: z.number().check(z.int()),
    infos: z.number().check(z.int()),
  }),
});

export type Report = z.infer<typeof reportSchema>;
export type ReportFinding = z.infer<typeof findingSchema>;
export type ReportCheck = Report["checks"][number];
/** A gate as the report carries it (never pending: the report is final). */
export type GateVerdictJson = z.infer<typeof gateVerdictJson>;
export type ToolReport = z.infer<typeof toolReport>;

export function reportJsonSchema(): unknown {
  return z.toJSONSchema(reportSchema, { target: "draft-2020-12", unrepresentable: "any" });
}
