// A Dev Container, for real: a login profile that resets PATH as Debian's
// /etc/profile does, and an editor process whose PATH (the image's ENV and
// remoteEnv) has go, dlv and gopls. With the remote name set, the tools get
// the login PATH followed by the container's entries, and GD003 gives the
// container's fix instead of "restart from a terminal".

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diagnose } from "../../../src/core/diagnosis/diagnose";
import { platformFor } from "../../../src/core/base/platform";
import { remoteKind, withHostPath } from "../../../src/core/go/remoteHost";
import { blindStart, loginDiagnosis } from "../../support/blindStart";

const DEBIAN_PROFILE_RESET = 'PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\nexport PATH';

void describe("remote hosts", () => {
  void it("a Dev Container whose /etc/profile resets PATH: go and dlv on the container's PATH, and GD003's advice is the image", async () => {
    const s = blindStart({ blind: false, profileExtra: DEBIAN_PROFILE_RESET });
    try {
      const run = (remoteName?: string) => diagnose(loginDiagnosis(s, { remoteName }));
      const [inContainer, plain] = [await run("dev-container"), await run(undefined)];

      const dlvIn = inContainer.tools.dlv.candidates.find((c) => c.path === inContainer.tools.dlv.path);
      assert.equal(dlvIn?.onPath, true, "dlv's directory is on the merged PATH");
      assert.equal(inContainer.tools.go.candidates[0]?.source, "PATH");
      assert.ok(!inContainer.findings.some((f) => f.code === "GD021"), "no dlv-off-PATH in the container");
      const drift = inContainer.findings.find((f) => f.code === "GD003");
      const fix = drift?.fixes?.[0];
      assert.ok(fix?.kind === "manual");
      assert.match(fix.title, /container's definition/);
      assert.match(fix.detail, /remoteEnv/);
      assert.equal(inContainer.gates.debug.open, true, inContainer.gates.debug.reason);

      // The same machine without the remote name: the reset login PATH alone.
      assert.notEqual(plain.tools.go.candidates[0]?.source, "PATH");
      assert.ok(
        plain.findings.some((f) => f.code === "GD021"),
        "dlv is off the login PATH",
      );
      const plainFix = plain.findings.find((f) => f.code === "GD003")?.fixes?.[0];
      assert.ok(plainFix?.kind === "manual" && /from a terminal/.test(plainFix.detail));
    } finally {
      s.cleanup();
    }
  });

  void it("the remote kind from VS Code's name, else from the environment's signs", () => {
    const linux = platformFor("linux");
    assert.equal(remoteKind("dev-container", {}, linux), "container");
    assert.equal(remoteKind("codespaces", {}, linux), "container");
    assert.equal(remoteKind("wsl", {}, linux), "wsl");
    assert.equal(remoteKind("ssh-remote", {}, linux), "ssh");
    assert.equal(remoteKind(undefined, { REMOTE_CONTAINERS: "true" }, linux), "container");
    assert.equal(remoteKind(undefined, { WSL_DISTRO_NAME: "Ubuntu" }, linux), "wsl");
    assert.equal(remoteKind(undefined, {}, linux), undefined);
  });

  void it("the merged PATH: login entries first, then the process's missing ones, each once", () => {
    const merged = withHostPath(
      { PATH: "/usr/bin:/bin" },
      { PATH: "/go/bin:/usr/bin:/usr/local/go/bin:/go/bin/" },
      platformFor("linux"),
    );
    assert.equal(merged.PATH, "/usr/bin:/bin:/go/bin:/usr/local/go/bin");
  });
});
