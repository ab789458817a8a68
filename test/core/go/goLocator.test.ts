import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { locateGo } from "../../../src/core/go/goLocator";
import {
  fakeTool,
  goBinary,
  goRoot,
  goVersion,
  hermeticEnv,
  minimalPathDir,
  removeDir,
  tempDir,
  writeFile,
} from "../../support/fixtures";

/** A second, distinct installation of the real go: its binary copied into a skeleton GOROOT. */
function secondGoRoot(dir: string): string {
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  fs.mkdirSync(path.join(dir, "pkg", "tool"), { recursive: true });
  fs.copyFileSync(goBinary, path.join(dir, "bin", "go"));
  fs.chmodSync(path.join(dir, "bin", "go"), 0o755);
  return dir;
}

describe("locating the go command", () => {
  const root = tempDir("gd-locate-");
  const home = path.join(root, "home");
  let minimal: string;
  let copy: string;
  before(() => {
    fs.mkdirSync(home, { recursive: true });
    minimal = minimalPathDir(root);
    copy = secondGoRoot(path.join(root, "copy"));
  });
  after(() => removeDir(root));
  const goDir = path.dirname(goBinary);

  it("picks the first go on the login PATH and records its version, with no findings when it is the only one", async () => {
    const r = await locateGo({ env: hermeticEnv(home), settings: {}, wellKnownDirs: [] });
    assert.deepEqual(r.findings, []);
    assert.equal(r.tool.path, goBinary);
    assert.equal(r.tool.version, goVersion);
    assert.equal(r.tool.reason, "first go on the login PATH");
    const c = r.tool.candidates.find((x) => x.path === goBinary);
    assert.deepEqual(c, { path: goBinary, source: "PATH", onPath: true, version: goVersion });
  });

  it("GD010 when no go exists anywhere it is looked for", async () => {
    const r = await locateGo({
      env: { HOME: home, PATH: minimal },
      settings: {},
      wellKnownDirs: [path.join(root, "nothing")],
    });
    assert.equal(r.tool.path, null);
    const f = r.findings.find((x) => x.code === "GD010");
    assert.ok(f);
    assert.equal(f.severity, "error");
    assert.equal(f.fixes?.[0]?.kind, "manual");
    assert.match(f.fixes?.[0]?.kind === "manual" ? f.fixes[0].detail : "", /go\.dev\/dl/);
  });

  it("GD010 when the only go on PATH does not run", async () => {
    const broken = path.join(root, "broken");
    fakeTool(broken, "go", "echo 'go: cannot find GOROOT directory' >&2; exit 2");
    const r = await locateGo({ env: { HOME: home, PATH: `${broken}:${minimal}` }, settings: {}, wellKnownDirs: [] });
    assert.equal(r.tool.path, null);
    assert.match(r.findings[0]?.message ?? "", /none of them runs/);
    assert.match(r.tool.candidates[0]?.probeError ?? "", /cannot find GOROOT/);
  });

  it("GD010 when the go first on PATH does not run, even though a working go comes later", async () => {
    const broken = path.join(root, "broken-first");
    fakeTool(broken, "go", "exit 126");
    const r = await locateGo({
      env: { HOME: home, PATH: `${broken}:${goDir}:${minimal}` },
      settings: {},
      wellKnownDirs: [],
    });
    const f = r.findings.find((x) => x.code === "GD010");
    assert.ok(f, JSON.stringify(r.findings));
    assert.ok(f.message.startsWith(`The go command the editor would use, ${path.join(broken, "go")}`));
    assert.equal(r.tool.path, goBinary, "later checks run with the working go");
  });

  it("finds go in a well-known install directory and in ~/sdk when PATH has none", async () => {
    const wk = await locateGo({ env: { HOME: home, PATH: minimal }, settings: {}, wellKnownDirs: [goDir] });
    assert.equal(wk.tool.path, goBinary);
    assert.equal(wk.tool.candidates[0]?.onPath, false);
    assert.deepEqual(
      wk.findings.map((f) => f.code),
      ["GD014"],
      "found, but on no PATH: the terminal says go: command not found",
    );

    const sdkHome = path.join(root, "sdkhome");
    secondGoRoot(path.join(sdkHome, "sdk", `go${goVersion}`));
    const sdk = await locateGo({ env: { HOME: sdkHome, PATH: minimal }, settings: {}, wellKnownDirs: [] });
    assert.equal(sdk.tool.path, path.join(sdkHome, "sdk", `go${goVersion}`, "bin", "go"));
    assert.equal(sdk.tool.version, goVersion);
  });

  it("GD014 gives the exact PATH line for the user's shell, and is quiet when the editor's PATH has go", async () => {
    const at = (shell: string) =>
      locateGo({ env: { HOME: home, PATH: minimal, SHELL: shell }, settings: {}, wellKnownDirs: [goDir] });
    const detail = async (shell: string): Promise<string> => {
      const f = (await at(shell)).findings.find((x) => x.code === "GD014");
      const fix = f?.fixes?.[0];
      assert.equal(f?.severity, "warning");
      assert.match(
        f?.message ?? "",
        new RegExp(`go was found only at ${goBinary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
      );
      return fix?.kind === "manual" ? fix.detail : "";
    };
    assert.ok(
      (await detail("/bin/bash")).includes(`~/.profile`) &&
        (await detail("/bin/bash")).includes(`export PATH="$PATH:${goDir}"`),
    );
    assert.ok((await detail("/usr/bin/zsh")).includes("~/.zprofile"));
    assert.ok((await detail("/usr/bin/fish")).includes(`fish_add_path ${goDir}`));
    assert.ok((await detail("/bin/tcsh")).includes(`setenv PATH "\${PATH}:${goDir}"`));
    const editorHasIt = await locateGo({
      env: { HOME: home, PATH: minimal },
      settings: {},
      wellKnownDirs: [goDir],
      editorPath: `${goDir}:${minimal}`,
    });
    assert.deepEqual(editorHasIt.findings, []);
    const onLoginPath = await locateGo({ env: hermeticEnv(home), settings: {}, wellKnownDirs: [goDir] });
    assert.ok(!onLoginPath.findings.some((f) => f.code === "GD014"));
  });

  it("GD011 when go.goroot makes the editor use another go than the terminal's first on PATH", async () => {
    const env = hermeticEnv(home, { PATH: `${path.join(copy, "bin")}:${goDir}:/usr/bin:/bin` });
    const r = await locateGo({ env, settings: { goroot: goRoot }, wellKnownDirs: [] });
    assert.equal(r.tool.path, path.join(goRoot, "bin", "go"));
    assert.equal(r.tool.reason, "in the go.goroot setting's bin directory");
    const f = r.findings.find((x) => x.code === "GD011");
    assert.ok(f, "GD011 expected");
    assert.ok(f.message.includes(path.join(copy, "bin", "go")));
    assert.equal(r.tool.candidates.length, 2);
  });

  it("go.alternateTools.go wins, and a missing absolute path there is ignored as the Go extension does", async () => {
    const alt = await locateGo({
      env: hermeticEnv(home),
      settings: { alternateTools: { go: goBinary } },
      wellKnownDirs: [],
    });
    assert.equal(alt.tool.reason, "set in go.alternateTools.go");
    assert.deepEqual(alt.findings, []);
    const missing = await locateGo({
      env: hermeticEnv(home),
      settings: { alternateTools: { go: path.join(root, "no", "go") } },
      wellKnownDirs: [],
    });
    assert.equal(missing.tool.path, goBinary);
    assert.equal(missing.tool.reason, "first go on the login PATH");
  });

  it("GD011 when GOROOT names an installation of another Go version", async () => {
    const other = path.join(root, "old-goroot");
    writeFile(path.join(other, "VERSION"), "go1.21.13\ntime 2024-08-06T00:00:00Z\n");
    const r = await locateGo({ env: hermeticEnv(home, { GOROOT: other }), settings: {}, wellKnownDirs: [] });
    assert.equal(r.tool.path, goBinary, "a wrong GOROOT must not stop the probe of the go on PATH");
    const f = r.findings.find((x) => x.code === "GD011");
    assert.ok(f);
    assert.match(f.message, /GOROOT=.*1\.21\.13/);
  });

  it("no GD011 when GOROOT names the go binary's own root", async () => {
    const r = await locateGo({ env: hermeticEnv(home, { GOROOT: goRoot }), settings: {}, wellKnownDirs: [] });
    assert.deepEqual(r.findings, []);
  });
});
