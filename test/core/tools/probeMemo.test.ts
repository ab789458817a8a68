import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { memoiseProbes, prefetchToolProbes } from "../../../src/core/tools/probeMemo";
import { runProcess, type RunProcess } from "../../../src/core/base/process";
import { probeTool } from "../../../src/core/tools/toolProbe";
import { goBinary, realDlv, realGopls } from "../../support/fixtures";

function counting(): { run: RunProcess; calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    run: (argv, o) => {
      calls.push(argv);
      return runProcess(argv, o);
    },
  };
}

describe("probe memo", () => {
  it("a prefetched probe is what probeTool later gets: each real tool is run once", async () => {
    const c = counting();
    const memo = memoiseProbes(c.run);
    const env = { PATH: `${path.dirname(realDlv)}:${path.dirname(goBinary)}:/usr/bin:/bin`, HOME: "/nonexistent" };
    prefetchToolProbes(memo, env);
    const [dlv, gopls] = await Promise.all([
      probeTool("dlv", realDlv, env, goBinary, memo.run),
      probeTool("gopls", realGopls, env, goBinary, memo.run),
    ]);
    assert.equal(dlv.candidate.version, "1.27.2");
    assert.equal(gopls.candidate.version, "0.23.0");
    const key = (a: string[]) => a.join(" ");
    const counts = new Map<string, number>();
    for (const a of c.calls) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
    assert.equal(counts.get(`${realDlv} version`), 1);
    assert.equal(counts.get(`${realGopls} version -json`), 1);
    assert.equal(counts.get(`${goBinary} version -m ${realDlv}`), 1);
  });

  it("never shares commands that are not read-only probes", async () => {
    const c = counting();
    const memo = memoiseProbes(c.run);
    await memo.run(["true"], { timeoutMs: 1000 });
    await memo.run(["true"], { timeoutMs: 1000 });
    assert.equal(c.calls.length, 2);
  });

  it("a runner that throws during a prefetch neither crashes nor leaves an unhandled rejection", async () => {
    const memo = memoiseProbes(() => {
      throw new Error("boom");
    });
    let unhandled = false;
    const onUnhandled = (): void => {
      unhandled = true;
    };
    process.on("unhandledRejection", onUnhandled);
    memo.prefetch(["/x/dlv", "version"], { timeoutMs: 1000 });
    await new Promise((r) => setTimeout(r, 50));
    process.off("unhandledRejection", onUnhandled);
    assert.equal(unhandled, false);
    await assert.rejects(memo.run(["/x/dlv", "version"], { timeoutMs: 1000 }), /boom/);
  });
});
