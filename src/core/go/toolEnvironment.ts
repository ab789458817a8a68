// The environment Go's tools run with: GOPATH as the go command splits it, and
// what gopls, dlv and the go they start get from Go Doctor.

import * as path from "node:path";
import which from "which";
import { cleanEnv, normDir, type Env } from "../base/envPath";

/** GOPATH entries, in order, as the go command reads them. */
export function gopathEntries(gopath: string | undefined, delimiter = path.delimiter): string[] {
  return (gopath ?? "").split(delimiter).filter((e) => e !== "");
}

/**
 * The environment every tool started for the user gets (gopls, dlv and the
 * `go` they run): the captured one, plus `go.toolsEnvVars`, plus the located
 * go's directory first on PATH when PATH would not find that go. Without the
 * last part a fallback to the editor's own environment (GD001/GD002) leaves
 * gopls and dlv unable to run `go` even though Go Doctor found it.
 */
export function toolEnvironment(
  env: Env,
  goBinary: string | null | undefined,
  toolsEnvVars: Record<string, string> = {},
): Record<string, string> {
  const out = { ...cleanEnv(env), ...toolsEnvVars };
  if (!goBinary || !path.isAbsolute(goBinary)) return out;
  const goDir = path.dirname(goBinary);
  const found = which.sync("go", { path: out.PATH ?? "", nothrow: true });
  if (found && normDir(path.dirname(found)) === normDir(goDir)) return out;
  out.PATH = out.PATH ? `${goDir}${path.delimiter}${out.PATH}` : goDir;
  return out;
}
