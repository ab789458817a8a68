// `npm run bench`: window open → the Go extension's gopls running, for the real
// golang.go (../shared/golang.go/) in real code-server. Two editors side by side,
// reloaded in turn: one started blind with Go Doctor (after its first start, so
// its cache of the login environment exists), one started with the login
// environment already (from a terminal) and without Go Doctor. Goal: blind with
// Go Doctor ≤ 1.1× the sighted editor. Prints figures; asserts nothing.

import * as fs from "node:fs";
import * as path from "node:path";
import type { Editor } from "../test/e2e/harness/editor";
import { blindWorld, GO_EXTENSION_QUIET, golangGoVsix } from "../test/e2e/harness/goExtension";
import { programsOf } from "../test/e2e/harness/processes";
import { closeAllEditors, withEditor } from "../test/e2e/harness/run";
import { Scenario, sharedGoCache, sharedModCache } from "../test/e2e/harness/scenario";
import { poll } from "../test/e2e/harness/workbench";

const runs = Number(process.env.GD_BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** golang.go's gopls processes (Go Doctor's runs with -mode=stdio; gopls's telemetry child is left out). */
function goExtensionGoplsPids(s: Scenario): number[] {
  return programsOf(s.home, "gopls")
    .filter((p) => !p.argv.includes("-mode=stdio") && !p.argv.some((a) => a.includes("telemetry")))
    .map((p) => p.pid);
}

/** Reloads the window and measures until a gopls of golang.go that was not running before runs. */
async function reloadToGopls(s: Scenario, editor: Editor): Promise<number> {
  const before = new Set(goExtensionGoplsPids(s));
  const t0 = performance.now();
  void editor.page.evaluate("location.reload()").catch(() => undefined);
  await poll(
    `${s.name}: a new gopls of golang.go after the reload`,
    120_000,
    async () => (goExtensionGoplsPids(s).some((p) => !before.has(p)) ? true : undefined),
    undefined,
    20,
  );
  const ms = performance.now() - t0;
  // Let the window finish its start before the other editor is measured.
  await new Promise((r) => setTimeout(r, 3000));
  return ms;
}

async function main(): Promise<void> {
  const vsix = golangGoVsix();
  const blind = new Scenario("bench-blind");
  const b = blindWorld(blind);
  const sighted = new Scenario("bench-sighted");
  const w = blindWorld(sighted);
  // What an editor started from a terminal has: the login profile's variables.
  const loginEnv = {
    PATH: [w.bins[0], w.gobin, sighted.pathDir].join(":"),
    GOBIN: w.gobin,
    GOMODCACHE: sharedModCache,
    GOCACHE: sharedGoCache,
    GOFLAGS: "-modcacherw",
    GOTOOLCHAIN: "local",
  };
  await withEditor(blind, { otherVsix: [vsix], binds: b.binds, userSettings: GO_EXTENSION_QUIET }, async (a) =>
    withEditor(
      sighted,
      { otherVsix: [vsix], binds: w.binds, userSettings: GO_EXTENSION_QUIET, env: loginEnv, goDoctor: false },
      async (c) => {
        // First starts: main.go open, golang.go's gopls running, Go Doctor's cache written.
        for (const [s, e] of [
          [blind, a],
          [sighted, c],
        ] as const) {
          await e.workbench.openFile("main.go");
          await poll(`${s.name}: golang.go's gopls`, 120_000, async () =>
            goExtensionGoplsPids(s).length > 0 ? true : undefined,
          );
        }
        const cache = path.join(blind.home, ".local", "state", "go-doctor", "host-env.json");
        await poll("Go Doctor's cache of the login environment", 60_000, async () =>
          fs.existsSync(cache) ? true : undefined,
        );
        const blindMs: number[] = [];
        const sightedMs: number[] = [];
        for (let i = 0; i < runs; i++) {
          blindMs.push(await reloadToGopls(blind, a));
          sightedMs.push(await reloadToGopls(sighted, c));
        }
        const mb = median(blindMs);
        const ms = median(sightedMs);
        console.log(`window reload → golang.go's gopls running (median of ${runs}, alternating):`);
        console.log(
          `  blind editor with Go Doctor (its cache applied):  ${Math.round(mb)} ms  ${JSON.stringify(blindMs.map(Math.round))}`,
        );
        console.log(
          `  editor started with the login environment, no Go Doctor: ${Math.round(ms)} ms  ${JSON.stringify(sightedMs.map(Math.round))}`,
        );
        console.log(`  ratio ${(mb / ms).toFixed(2)}× (goal ≤ 1.1×)`);
      },
    ),
  );
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => void closeAllEditors());
