import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { runProcess } from "../../../src/core/base/process";
import { goBinary } from "../../support/fixtures";
import { toolEnvironment } from "../../../src/core/go/toolEnvironment";

describe("toolEnvironment", () => {
  it("puts the located go first on PATH when PATH cannot find it, so a tool's own `go` runs", async () => {
    const env = toolEnvironment({ PATH: "/usr/bin:/bin", HOME: "/nonexistent" }, goBinary);
    assert.equal(env.PATH, `${path.dirname(goBinary)}:/usr/bin:/bin`);
    const r = await runProcess(["sh", "-c", "go env GOROOT"], { env, timeoutMs: 10_000 });
    assert.equal(r.exitCode, 0, r.stderr);
  });

  it("leaves PATH alone when it already finds that go, and adds go.toolsEnvVars", () => {
    const original = `${path.dirname(goBinary)}:/usr/bin`;
    const env = toolEnvironment({ PATH: original }, goBinary, { GOFLAGS: "-mod=mod" });
    assert.equal(env.PATH, original);
    assert.equal(env.GOFLAGS, "-mod=mod");
  });
});
