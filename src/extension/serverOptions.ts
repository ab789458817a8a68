// How gopls is started: one pure function from what the readiness machine
// verified to the command, arguments and environment that the language
// client's ServerOptions carry. Tested by starting real gopls with it.

import type { LanguageServerSpec } from "../core/readiness/readiness";
import type { Env } from "../core/base/envPath";
import { toolEnvironment } from "../core/go/toolEnvironment";

export interface GoplsInput {
  /** The gopls the diagnosis verified. */
  goplsPath: string;
  /** The captured login environment: its PATH, GOROOT and GOPATH reach gopls and every `go` it runs. */
  env: Env;
  /** The located go: put first on PATH when the captured PATH would not find it. */
  goBinary?: string | null;
  /** `go.toolsEnvVars`, applied on top as the Go extension does. */
  toolsEnvVars?: Record<string, string>;
  /** Extra flags for gopls (e.g. "-rpc.trace"). */
  flags?: string[];
}

export function goplsSpec(input: GoplsInput): LanguageServerSpec {
  return {
    command: input.goplsPath,
    args: ["-mode=stdio", ...(input.flags ?? [])],
    env: toolEnvironment(input.env, input.goBinary, input.toolsEnvVars),
  };
}

/** vscode-languageclient's Executable server options (stdio is its default transport). */
export interface ExecutableServerOptions {
  command: string;
  args: string[];
  options: { env: Record<string, string>; cwd?: string };
}

export function serverOptionsOf(spec: LanguageServerSpec, cwd?: string): ExecutableServerOptions {
  return {
    command: spec.command,
    args: [...spec.args],
    options: cwd ? { env: { ...spec.env }, cwd } : { env: { ...spec.env } },
  };
}
