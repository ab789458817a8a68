// Read-only probes (`<tool> version`, `go version -m <file>`) are memoised by
// their exact argv, cwd and environment. That lets the diagnosis start the slow
// tool probes speculatively — right after the login shell, while `go env` runs —
// and lets several folders with one environment share each probe.

import * as fs from "node:fs";
import * as path from "node:path";
import which from "which";
import { cleanEnv } from "../base/envPath";
import type { ProcessResult, RunOptions, RunProcess } from "../base/process";
import { PROBE_TIMEOUT_MS } from "./toolProbe";
import type { Env } from "../base/envPath";
import { gopathEntries } from "../go/toolEnvironment";

/** Only `x version`, `x version -json` and `go version -m <file>` are pure enough to share. */
function isReadOnlyProbe(argv: readonly string[]): boolean {
  return (
    argv[1] === "version" &&
    (argv.length === 2 || (argv.length === 3 && argv[2] === "-json") || (argv.length === 4 && argv[2] === "-m"))
  );
}

function keyOf(argv: readonly string[], options: RunOptions): string {
  const env = Object.entries(cleanEnv(options.env ?? {})).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([argv, options.cwd ?? "", env]);
}

export interface MemoRun {
  run: RunProcess;
  /** Starts a probe now so that a later identical call finds it under way. */
  prefetch(argv: string[], options: RunOptions): void;
}

export function memoiseProbes(base: RunProcess): MemoRun {
  const memo = new Map<string, Promise<ProcessResult>>();
  const run: RunProcess = (argv, options) => {
    // Streaming and cancellation are per call; such calls are never shared.
    if (!isReadOnlyProbe(argv) || options.onOutput || options.signal) return base(argv, options);
    const key = keyOf(argv, options);
    let p = memo.get(key);
    if (!p) {
      // A runner that throws synchronously still yields a (rejected) promise, so a
      // prefetch can never take the diagnosis down; the check that asks gets the error.
      p = new Promise<ProcessResult>((resolve) => resolve(base(argv, options)));
      memo.set(key, p);
    }
    return p;
  };
  const prefetch = (argv: string[], options: RunOptions): void => {
    // Handled here so that an unused failed prefetch is not an unhandled rejection.
    run(argv, options).catch(() => undefined);
  };
  return { run, prefetch };
}

/**
 * Guesses where dlv and gopls are from the login environment alone (GOBIN, each
 * GOPATH/bin or ~/go/bin, PATH) and starts their version probes, exactly as
 * toolProbe will ask for them. A wrong guess costs one wasted probe, never a wrong answer.
 */
export function prefetchToolProbes(memo: MemoRun, env: Env): void {
  const childEnv = cleanEnv(env);
  const options: RunOptions = { env: childEnv, timeoutMs: PROBE_TIMEOUT_MS, maxOutputBytes: 256 * 1024 };
  const bins = [
    env.GOBIN,
    ...gopathEntries(env.GOPATH ?? (env.HOME ? path.join(env.HOME, "go") : undefined)).map((g) => path.join(g, "bin")),
  ].filter((d): d is string => !!d && path.isAbsolute(d));
  const goOnPath = which.sync("go", { path: env.PATH ?? "", nothrow: true });
  const buildInfo: string[] = [];
  // gopls is the slowest to answer: it goes first. The build info (`go version -m`) is quicker and
  // waits for the go stage's own commands, which the diagnosis starts next and waits for.
  for (const [name, args] of [
    ["gopls", ["version", "-json"]],
    ["dlv", ["version"]],
  ] as const) {
    const files = new Set<string>();
    for (const d of bins) {
      const f = path.join(d, name);
      if (fs.existsSync(f)) files.add(f);
    }
    for (const f of which.sync(name, { path: env.PATH ?? "", all: true, nothrow: true }) ?? []) files.add(f);
    for (const f of files) {
      memo.prefetch([f, ...args], options);
      buildInfo.push(f);
    }
  }
  if (goOnPath)
    setImmediate(() => {
      for (const f of buildInfo)
        memo.prefetch([goOnPath, "version", "-m", f], { ...options, env: { ...childEnv, GOTOOLCHAIN: "local" } });
    });
}
