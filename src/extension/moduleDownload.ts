// The download for a debug request held by GD042: each GD042's own command
// (`go mod download` for the folder's modules, `go tool -n NAME` for a tool
// pinned in go.mod, which also builds it), with progress counted from the go
// command's "go: downloading" lines. Only in a trusted workspace.

import type { RunProcess } from "../core/base/process";
import { planFixes, type RunFix } from "../core/diagnosis/fixes";
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
  // The engine's fixes for GD042 know the right folder; the same command proposed twice runs once.
  const proposed = planFixes(req.facts.report?.findings.filter((f) => f.code === "GD042") ?? [])
    .map((p) => p.fix)
    .filter((f): f is RunFix => f.kind === "run");
  const steps: RunFix[] = proposed.length
    ? proposed
    : [{ kind: "run", title: "Download the modules", argv: [goBinary, "mod", "download"], cwd: ctx.folder }];
  let done = 0;
  let ms = 0;
  for (const step of steps) {
    const r = await ctx.run(step.argv, {
      cwd: step.cwd ?? ctx.folder,
      env: { ...ctx.env, ...(step.env ?? {}) },
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
    ms += r.durationMs;
    if (r.exitCode !== 0) {
      const tail = r.stderr.trim().split("\n").slice(-3).join(" ");
      return { ok: false, message: `${step.argv.join(" ")} failed (${outcome(r)}): ${tail}` };
    }
  }
  const ran = steps.map((s) => s.argv.join(" ")).join(", then ");
  return { ok: true, message: `${ran}: ${req.missing.length} modules in ${Math.round(ms)} ms` };
}
