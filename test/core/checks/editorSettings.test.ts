import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { FixAction } from "../../../src/core/model/findings";
import { checkSettings, type SettingsContext } from "../../../src/core/checks/editorSettings";
import { locateTool } from "../../../src/core/tools/toolLocator";
import type { EditorSettings, GoEnvVars } from "../../../src/core/model/facts";
import { goBinary, goRoot, hermeticEnv, minimalPathDir, realGopls, removeDir, tempDir } from "../../support/fixtures";
import { linkTool, quietHome } from "../../support/toolLayout";

let root: string;
let ctx: SettingsContext;
let gobin: string;
let gopath: string;
let noGoPath: string;

// One `go env -json` for the file (it takes a second on a busy machine); each test gets fresh directories.
before(() => {
  root = tempDir();
  gobin = path.join(root, "gobin");
  gopath = path.join(root, "gopath");
  noGoPath = minimalPathDir(root);
  const env = hermeticEnv(quietHome(path.join(root, "home")), {
    GOBIN: gobin,
    GOPATH: gopath,
    PATH: `${gobin}:${path.join(gopath, "bin")}:${path.join(goRoot, "bin")}:/usr/bin:/bin`,
  });
  const goEnv = JSON.parse(execFileSync(goBinary, ["env", "-json"], { env, cwd: root, encoding: "utf8" })) as GoEnvVars;
  ctx = { env, goEnv };
});
after(() => removeDir(root));
beforeEach(() => {
  fs.mkdirSync(gobin, { recursive: true });
  fs.mkdirSync(path.join(gopath, "bin"), { recursive: true });
});
afterEach(() => {
  for (const e of fs.readdirSync(root))
    if (!["home", "minimal-bin"].includes(e)) fs.rmSync(path.join(root, e), { recursive: true, force: true });
});

/** Applies a setting fix the way the editor would, to a copy of the settings. */
function apply(settings: EditorSettings, fix: FixAction | undefined): EditorSettings {
  assert.ok(fix?.kind === "setting", "a setting fix");
  const next: EditorSettings = { ...settings };
  const field = (
    { "go.goroot": "goroot", "go.alternateTools": "alternateTools", "go.toolsEnvVars": "toolsEnvVars" } as const
  )[fix.key as "go.goroot"];
  assert.ok(field, fix.key);
  if (fix.value === undefined) delete next[field];
  else (next as Record<string, unknown>)[field] = fix.value;
  return next;
}

describe("healthy settings", () => {
  it("finds nothing wrong with real paths", async () => {
    const settings: EditorSettings = {
      goroot: goRoot,
      alternateTools: { go: goBinary, gopls: realGopls, dlv: "/not/checked/here", gofumpt: "gofumpt" },
      toolsEnvVars: {
        PATH: `${path.join(goRoot, "bin")}:${gobin}:${path.join(gopath, "bin")}:/usr/bin:/bin`,
        GOFLAGS: "-mod=mod",
      },
      toolsGopath: path.join(root, "tools"),
    };
    assert.deepEqual(await checkSettings(settings, ctx), []);
    assert.deepEqual(await checkSettings({}, ctx), []);
  });
});

describe("GD070 go.goroot", () => {
  it("is an error when it names the go binary, with a fix to its root", async () => {
    const settings = { goroot: goBinary };
    const [f, ...rest] = await checkSettings(settings, ctx);
    assert.deepEqual(rest, []);
    assert.equal(f?.code, "GD070");
    assert.equal(f?.severity, "error");
    assert.match(f?.message ?? "", /is a file; it must name the Go installation directory/);
    assert.deepEqual(f?.fixes, [
      { kind: "setting", title: `Set go.goroot to ${goRoot}`, key: "go.goroot", value: goRoot, scope: "user" },
    ]);
    assert.deepEqual(await checkSettings(apply(settings, f?.fixes?.[0]), ctx), [], "the fix repairs it");
  });

  it("is an error when it names GOROOT/bin, with a fix to its parent", async () => {
    const [f] = await checkSettings({ goroot: path.join(goRoot, "bin") }, ctx);
    assert.equal(f?.code, "GD070");
    assert.deepEqual(f?.fixes?.[0], {
      kind: "setting",
      title: `Set go.goroot to ${goRoot}`,
      key: "go.goroot",
      value: goRoot,
      scope: "user",
    });
  });

  it("is an error when it does not exist, with a fix to go env GOROOT", async () => {
    const [f] = await checkSettings({ goroot: path.join(root, "go-gone") }, ctx);
    assert.match(f?.message ?? "", /does not exist/);
    assert.deepEqual(f?.fixes?.[0], {
      kind: "setting",
      title: `Set go.goroot to ${ctx.goEnv?.GOROOT}`,
      key: "go.goroot",
      value: ctx.goEnv?.GOROOT,
      scope: "user",
    });
  });

  it("is an error for a directory that is not a Go installation, and offers removal when go env failed", async () => {
    const [f] = await checkSettings({ goroot: root }, { ...ctx, goEnv: null });
    assert.match(f?.message ?? "", /a directory without bin\/go/);
    assert.deepEqual(f?.fixes?.[0], {
      kind: "setting",
      title: "Remove go.goroot",
      key: "go.goroot",
      value: undefined,
      scope: "user",
    });
  });

  it("expands ~", async () => {
    fs.symlinkSync(goRoot, path.join(root, "home-go"));
    const home = root;
    assert.deepEqual(await checkSettings({ goroot: "~/home-go" }, { ...ctx, env: { ...ctx.env, HOME: home } }), []);
  });
});

describe("GD070 go.alternateTools", () => {
  it("warns about a missing absolute path, a directory and a non-executable file", async () => {
    const plain = path.join(root, "plain");
    fs.writeFileSync(plain, "");
    const settings = {
      alternateTools: { gofumpt: path.join(root, "nope"), staticcheck: root, golangcilint: plain, go: goBinary },
    };
    const findings = await checkSettings(settings, ctx);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      [
        ["GD070", "warning"],
        ["GD070", "warning"],
        ["GD070", "warning"],
      ],
    );
    assert.match(
      findings[0]?.message ?? "",
      /go\.alternateTools\.gofumpt .* does not exist; the Go extension silently ignores it/,
    );
    assert.match(findings[1]?.message ?? "", /is a directory/);
    assert.match(findings[2]?.message ?? "", /is not executable/);
    assert.deepEqual(findings[0]?.fixes?.[0], {
      kind: "setting",
      title: "Remove go.alternateTools.gofumpt",
      key: "go.alternateTools",
      value: { staticcheck: root, golangcilint: plain, go: goBinary },
      scope: "user",
    });
  });

  it("leaves dlv and gopls to the tool locator, which reports them once, and checks them on request", async () => {
    const settings = { alternateTools: { dlv: path.join(root, "nope", "dlv") } };
    assert.deepEqual(await checkSettings(settings, ctx), []);
    const located = await locateTool("dlv", { env: ctx.env, goEnv: ctx.goEnv, goBinary, settings });
    assert.deepEqual(located.findings.filter((f) => f.code === "GD070").length, 1);
    assert.equal((await checkSettings(settings, { ...ctx, locatedTools: [] })).length, 1);
  });
});

describe("GD070 go.toolsEnvVars PATH", () => {
  it("is an error when it leaves out GOROOT/bin and no go is left", async () => {
    linkTool(realGopls, gobin, "gopls");
    const settings = { toolsEnvVars: { PATH: noGoPath, GOFLAGS: "-mod=mod" } };
    const [f, ...rest] = await checkSettings(settings, ctx);
    assert.deepEqual(rest, []);
    assert.equal(f?.severity, "error");
    assert.match(
      f?.message ?? "",
      /leaves out GOROOT\/bin .*, GOBIN .*, GOPATH\/bin .*; gopls and dlv cannot find the go command/,
    );
    const fixed = apply(settings, f?.fixes?.[0]);
    assert.equal(fixed.toolsEnvVars?.GOFLAGS, "-mod=mod", "other variables are kept");
    assert.deepEqual(await checkSettings(fixed, ctx), [], "the fix repairs it");
    execFileSync("gopls", ["version"], { env: { ...ctx.env, PATH: fixed.toolsEnvVars?.PATH } });
  });

  it("is a warning when go is still there but GOBIN is not", async () => {
    const [f] = await checkSettings(
      { toolsEnvVars: { PATH: `${path.join(goRoot, "bin")}:${path.join(gopath, "bin")}:/usr/bin:/bin` } },
      ctx,
    );
    assert.equal(f?.severity, "warning");
    assert.match(f?.message ?? "", /leaves out GOBIN \(.*\); tools installed there cannot find each other/);
  });

  it("ignores directories that do not exist, and values that extend the inherited PATH", async () => {
    fs.rmSync(gobin, { recursive: true });
    fs.rmSync(path.join(gopath, "bin"), { recursive: true });
    assert.deepEqual(await checkSettings({ toolsEnvVars: { PATH: `${path.join(goRoot, "bin")}:/usr/bin` } }, ctx), []);
    assert.deepEqual(await checkSettings({ toolsEnvVars: { PATH: "/opt/extra:${env:PATH}" } }, ctx), []);
    assert.deepEqual(await checkSettings({ toolsEnvVars: { PATH: "/opt/extra:$PATH" } }, ctx), []);
  });
});
