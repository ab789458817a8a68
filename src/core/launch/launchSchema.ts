// The attributes of the Go extension's `go` debug type, as a zod schema: every
// attribute of launch and attach requests, for dlv-dap and the legacy adapter.

import * as z from "../base/zod";

const stringOrStrings = z.union([z.string(), z.array(z.string())]);
/** Numbers may come from `${input:…}` or `${command:…}` variables, substituted later. */
const numberOrVariable = z.union([z.number(), z.string().check(z.regex(/\$\{[^}]+\}/, "a number or a ${…} variable"))]);

/** Every attribute of the Go extension's `go` debug type (launch and attach, dlv-dap and legacy). */
export const GO_ATTRIBUTES = {
  name: z.string(),
  type: z.string(),
  request: z.enum(["launch", "attach"]),
  mode: z.string(),
  program: z.string(),
  args: stringOrStrings,
  env: z.record(z.string(), z.union([z.string(), z.null()])),
  envFile: stringOrStrings,
  cwd: z.string(),
  buildFlags: stringOrStrings,
  dlvFlags: z.array(z.string()),
  output: z.string(),
  showLog: z.boolean(),
  logOutput: z.string(),
  logDest: z.string(),
  trace: z.enum(["verbose", "trace", "log", "info", "warn", "error"]),
  stopOnEntry: z.boolean(),
  substitutePath: z.array(z.object({ from: z.string(), to: z.string() })),
  host: z.string(),
  port: numberOrVariable,
  processId: z.union([z.number(), z.string()]),
  remotePath: z.string(),
  showGlobalVariables: z.boolean(),
  showRegisters: z.boolean(),
  hideSystemGoroutines: z.boolean(),
  console: z.enum(["internalConsole", "integratedTerminal", "externalTerminal"]),
  asRoot: z.boolean(),
  debugAdapter: z.enum(["legacy", "dlv-dap"]),
  traceDirPath: z.string(),
  coreFilePath: z.string(),
  backend: z.enum(["default", "native", "lldb", "rr"]),
  goroot: z.string(),
  stackTraceDepth: z.number(),
  packagePathToGoModPathMap: z.record(z.string(), z.string()),
  dlvLoadConfig: z.object({
    followPointers: z.optional(z.boolean()),
    maxVariableRecurse: z.optional(z.number()),
    maxStringLen: z.optional(z.number()),
    maxArrayValues: z.optional(z.number()),
    maxStructFields: z.optional(z.number()),
  }),
  apiVersion: z.union([z.literal(1), z.literal(2)]),
  dlvPath: z.string(),
} as const;

export const GoDebugConfig = z.looseObject(
  Object.fromEntries(Object.entries(GO_ATTRIBUTES).map(([k, v]) => [k, z.optional(v)])) as {
    [K in keyof typeof GO_ATTRIBUTES]: z.ZodMiniOptional<(typeof GO_ATTRIBUTES)[K]>;
  },
);
export type GoDebugConfig = z.infer<typeof GoDebugConfig>;

export const LAUNCH_MODES = ["auto", "debug", "test", "exec", "replay", "core"] as const;
export const ATTACH_MODES = ["local", "remote"] as const;
