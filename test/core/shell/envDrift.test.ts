import * as assert from "node:assert/strict";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { GO_ENV_VARS, computeDrift, pathDiff, resolveOnPath } from "../../../src/core/shell/envDrift";
import { captureLoginEnv } from "../../../src/core/shell/loginShell";
import { fakeTool, goBinary, minimalPathDir, realDlv, removeDir, tempDir } from "../../support/fixtures";
import { writeRc } from "../../support/shellHome";

const root = tempDir("gd-drift-");
after(() => removeDir(root));
const minimal = minimalPathDir(root);
const goBin = path.dirname(goBinary);

describe("computeDrift", () => {
  it("finds nothing when the Go variables agree, whatever else differs", () => {
    const env = { PATH: "/usr/bin:/bin", GOPATH: "/home/u/go", TERM: "xterm" };
    const r = computeDrift(env, { ...env, TERM: "dumb", SHLVL: "2" });
    assert.deepEqual(r, { drift: {} });
  });

  it("treats an empty variable as unset, as the go command does", () => {
    assert.deepEqual(computeDrift({ GOFLAGS: "" }, {}), { drift: {} });
  });

  it("covers exactly the variables that decide which Go and which tools", () => {
    assert.deepEqual(
      [...GO_ENV_VARS],
      ["PATH", "GOROOT", "GOPATH", "GOBIN", "GOTOOLCHAIN", "GOFLAGS", "GOPROXY", "GO111MODULE", "GOWORK", "GOENV"],
    );
  });

  it("warns about a Go variable that differs and shows both values", () => {
    const r = computeDrift(
      { PATH: "/bin", GOFLAGS: "-mod=vendor" },
      { PATH: "/bin", GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
    );
    assert.deepEqual(r.drift, { GOFLAGS: ["-mod=vendor", "-mod=mod"], GOTOOLCHAIN: [undefined, "local"] });
    assert.equal(r.finding?.code, "GD003");
    assert.equal(r.finding.severity, "warning");
    assert.deepEqual(r.finding.details, [
      `GOTOOLCHAIN: editor (unset), login shell "local"`,
      `GOFLAGS: editor "-mod=vendor", login shell "-mod=mod"`,
    ]);
    assert.match(r.finding.message, /on GOTOOLCHAIN, GOFLAGS:/);
    assert.equal(r.finding.fixes?.[0]?.kind, "manual");
  });

  it("shows a PATH difference as entries added and removed, not as two long strings", () => {
    assert.deepEqual(pathDiff("/a:/b:/c", "/x/bin:/a:/c:/y"), [
      "PATH: + /x/bin (login shell only)",
      "PATH: + /y (login shell only)",
      "PATH: - /b (editor only)",
    ]);
    assert.deepEqual(pathDiff("/a:/b", "/b:/a"), ["PATH: same entries, in a different order or repeated"]);
    assert.deepEqual(pathDiff("/a:/b", "/a:/b:/a"), ["PATH: same entries, in a different order or repeated"]);
    assert.deepEqual(pathDiff("/a::/b", "/a:/b"), ["PATH: differs only in empty entries (the current directory)"]);
  });

  it("is an error when the editor's PATH hides go that the login PATH has", () => {
    const r = computeDrift({ PATH: minimal }, { PATH: `${goBin}:${minimal}` });
    assert.equal(r.finding?.severity, "error");
    assert.match(r.finding.message, /lacks go\b/);
    assert.ok(r.finding.details?.includes(`PATH: + ${goBin} (login shell only)`));
    assert.ok(r.finding.details?.includes(`go: ${goBinary} is on the login shell's PATH only`));
  });

  it("names dlv too when the login PATH adds the GOPATH bin directory", () => {
    const dlvDir = path.dirname(realDlv);
    const r = computeDrift({ PATH: `${goBin}:${minimal}` }, { PATH: `${goBin}:${minimal}:${dlvDir}` });
    assert.equal(r.finding?.severity, "error");
    assert.match(r.finding.message, /lacks dlv, gopls/);
  });

  it("stays a warning when the PATHs differ but every tool is found on both", () => {
    const r = computeDrift({ PATH: `${goBin}:${minimal}` }, { PATH: `/opt/extra:${goBin}:${minimal}` });
    assert.equal(r.finding?.severity, "warning");
  });

  it("says which go each side runs when both find one but not the same", () => {
    const a = path.join(root, "go-a");
    const b = path.join(root, "go-b");
    fakeTool(a, "go", "exit 0");
    fakeTool(b, "go", "exit 0");
    const r = computeDrift({ PATH: `${a}:${minimal}` }, { PATH: `${b}:${minimal}` });
    assert.equal(r.finding?.severity, "warning");
    assert.ok(
      r.finding.details?.includes(`go: the editor runs ${a}/go, your terminal runs ${b}/go`),
      JSON.stringify(r.finding.details),
    );
  });

  it("never resolves a tool through the current directory or this process's PATH", () => {
    assert.equal(resolveOnPath("go", undefined), null);
    assert.equal(resolveOnPath("go", ""), null);
    assert.equal(resolveOnPath("go", "relative/dir:."), null);
  });
});

describe("GD003 with a real login shell", { concurrency: true }, () => {
  // The profile idiom: add Go's bin directory unless it is already there.
  const profile = `case ":$PATH:" in *":${goBin}:"*) ;; *) export PATH="${goBin}:$PATH" ;; esac`;

  it("reports drift on PATH as an error when an editor started without the login env cannot see go", async () => {
    const home = path.join(root, "blind", "home");
    writeRc(home, { ".bash_profile": profile });
    const processEnv = { HOME: home, PATH: minimal, SHELL: "/bin/bash" };
    const r = await captureLoginEnv({ processEnv, enabled: true, timeoutMs: 10000 });
    assert.equal(r.source, "login-shell");
    assert.deepEqual(Object.keys(r.drift), ["PATH"]);
    assert.equal(r.drift.PATH?.[0], minimal);
    const gd003 = r.findings.find((f) => f.code === "GD003");
    assert.equal(gd003?.severity, "error");
    assert.ok(gd003.details?.includes(`PATH: + ${goBin} (login shell only)`));
    assert.ok(
      gd003.details?.includes(`PATH: - ${minimal} (editor only)`),
      "Debian's /etc/profile replaces PATH for login shells",
    );
  });

  it("reports nothing when the editor already has what the login shell sets up", async () => {
    const home = path.join(root, "healthy", "home");
    writeRc(home, { ".bash_profile": `${profile}\nexport GOFLAGS=-mod=mod` });
    const first = await captureLoginEnv({
      processEnv: { HOME: home, PATH: minimal, SHELL: "/bin/bash" },
      enabled: true,
      timeoutMs: 10000,
    });
    // An editor started from that terminal inherits the login env; a second capture agrees with it.
    const second = await captureLoginEnv({ processEnv: first.env, enabled: true, timeoutMs: 10000 });
    assert.equal(second.source, "login-shell");
    assert.deepEqual(second.drift, {});
    assert.deepEqual(second.findings, []);
    assert.equal(second.env.GOFLAGS, "-mod=mod");
  });
});
