// `go mod download` for a debug request held by GD042, with progress counted
// from the go command's "go: downloading" lines. Only in a trusted workspace.

import type { RunProcess } from "../core/base/process";
import type { DownloadRequest } from "../core/readiness/readiness";
import { outcome } from "./runLog";
import type { Env } from "../core/base/envPath";

export async function downloadModules(
  req: DownloadRequest,
  ctx: { folder: string; env: Env; trusted: boolean; run: RunProcess },
): Promise<{ ok: boolean; message: string }> {
  if (!ctx.trusted)
    return { ok: false, message: "modules are missing, and Go Doctor downloads them only in a trusted workspace" };
  const goBinary = req.facts.go?.tool.path ?? req.facts.report?.tools.go.path;
  if (!goBinary) return { ok: false, message: "no go command to download the modules with" };
  // The engine's own fix for GD042 knows the right folder; fall back to the module root.
  const proposed = req.facts.report?.findings.find((f) => f.code === "GD042")?.fixes?.find((f) => f.kind === "run");
  const argv = proposed?.kind === "run" ? proposed.argv : [goBinary, "mod", "download"];
  const cwd = proposed?.kind === "run" ? (proposed.cwd ?? ctx.folder) : ctx.folder;
  let done = 0;
  const r = await ctx.run(argv, {
    cwd,
    env: { ...ctx.env, ...(proposed?.kind === "run" ? (proposed.env ?? {}) : {}) },
    timeoutMs: 10 * 60_000,
    signal: req.signal,
    drainMs: 2000,
    onOutput: (_s, chunk) => {
      for (const line of chunk.split("\n")) {
        if (!line.startsWith("go: downloading ")) continue;
        done++;
        req.onProgress(
          `downloaded ${done} of ${req.missing.length} modules (${line.slice("go: downloading ".length)})`,
        );
      }
    },
  });
  if (r.exitCode === 0)
    return { ok: true, message: `${argv.join(" ")}: ${req.missing.length} modules in ${Math.round(r.durationMs)} ms` };
  const tail = r.stderr.trim().split("\n").slice(-3).join(" ");
  return { ok: false, message: `${argv.join(" ")} failed (${outcome(r)}): ${tail}` };
}
