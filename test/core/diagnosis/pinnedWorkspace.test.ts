import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { SharedMachineProbes } from "../../../src/core/diagnosis/diagnose";
import { diagnoseWorkspace } from "../../../src/core/diagnosis/workspace";
import { goBinary, hermeticEnv, realDlv, realGopls, removeDir, tempDir } from "../../support/fixtures";
import { DLV_PKG, GOPLS_PKG, OLDER_PINNED_DLV, pinnedModule, pinVars } from "../../support/pinnedModule";
import { linkTool, quietHome } from "../../support/toolLayout";

describe("a multi-root workspace whose folders pin different Delve releases", { timeout: 300_000 }, () => {
  let root: string;
  let env: Record<string, string>;
  before(() => {
    root = tempDir("gd-pinned-ws-");
    const home = quietHome(path.join(root, "home"));
    const gobin = path.join(root, "gobin");
    linkTool(realDlv, gobin, "dlv");
    linkTool(realGopls, gobin, "gopls");
    env = hermeticEnv(home, {
      ...pinVars(),
      GOBIN: gobin,
      PATH: [gobin, path.dirname(goBinary), "/usr/bin", "/bin"].join(":"),
    });
  });
  after(() => removeDir(root));

  it("diagnoses each folder with its own pinned dlv, though the folders share one probe cache", async () => {
    const newer = path.join(root, "newer");
    const older = path.join(root, "older");
    pinnedModule(newer, "example.com/newer", `${DLV_PKG}@v1.27.2`, env);
    pinnedModule(older, "example.com/older", `${DLV_PKG}@v${OLDER_PINNED_DLV}`, env);
    const plain = path.join(root, "plain");
    pinnedModule(plain, "example.com/plain", `${GOPLS_PKG}@v0.23.0`, env);

    const reports = await diagnoseWorkspace([newer, older, plain], {
      processEnv: env,
      settings: {},
      shell: { enabled: false, timeoutMs: 10_000 },
      cache: new SharedMachineProbes(),
    });
    const dlv = reports.map((r) => [r.tools.dlv.version, r.tools.dlv.reason.replace(/:\d+$/, "")]);
    assert.deepEqual(dlv, [
      ["1.27.2", "go.mod tool directive, go.mod"],
      [OLDER_PINNED_DLV, "go.mod tool directive, go.mod"],
      ["1.27.2", "first in GOBIN"],
    ]);
    // The older pin differs from the GOBIN dlv the Go extension would run there; the newer one is that same build.
    const warnings = reports.map(
      (r) => r.findings.filter((f) => f.code === "GD026" && f.severity === "warning").length,
    );
    assert.deepEqual(warnings, [0, 1, 0]);
    assert.match(
      reports[1].checks.find((c) => c.id === "dlv")?.summary ?? "",
      /^dlv 1\.27\.1 at .*\(pinned: go\.mod tool directive, go\.mod:\d+\)$/,
    );
  });
});
