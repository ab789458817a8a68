import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Finding } from "../../../src/core/model/findings";
import { locateTool, type LocateInput } from "../../../src/core/tools/toolLocator";
import type { EditorSettings, GoEnvVars } from "../../../src/core/model/facts";
import {
  fakeTool,
  goBinary,
  goRoot,
  goVersion,
  hermeticEnv,
  realDlv,
  realGopls,
  removeDir,
  tempDir,
} from "../../support/fixtures";
import { copyTool, copyWithBuildGo, linkTool, quietHome, standInDlv, standInGopls } from "../../support/toolLayout";

let root: string;
let home: string;
let gobin: string;
let gp1: string;
let gp2: string;
let pathA: string;
let pathB: string;

beforeEach(() => {
  root = tempDir();
  home = path.join(root, "home");
  gobin = path.join(root, "gobin");
  gp1 = path.join(root, "gp1");
  gp2 = path.join(root, "gp2");
  pathA = path.join(root, "pathA");
  pathB = path.join(root, "pathB");
  for (const d of [home, gobin, gp1, gp2, pathA, pathB]) fs.mkdirSync(d, { recursive: true });
  quietHome(home);
});
afterEach(() => removeDir(root));

/** The login env of the scenario: PATH is the given dirs, then Go, then the system. */
function loginEnv(pathDirs: string[], extra: Record<string, string> = {}): Record<string, string> {
  return hermeticEnv(home, {
    PATH: [...pathDirs, path.join(goRoot, "bin"), "/usr/bin", "/bin"].join(":"),
    GOBIN: gobin,
    GOPATH: `${gp1}:${gp2}`,
    ...extra,
  });
}

let baseGoEnv: GoEnvVars | undefined;

/**
 * `go env -json` for that env: one real run per file (it takes seconds on a busy
 * machine), with the variables each scenario sets taken from its env as go would.
 */
function realGoEnv(env: Record<string, string>): GoEnvVars {
  baseGoEnv ??= JSON.parse(execFileSync(goBinary, ["env", "-json"], { env, encoding: "utf8", cwd: root })) as GoEnvVars;
  return { ...baseGoEnv, GOBIN: env.GOBIN ?? "", GOPATH: env.GOPATH ?? "" };
}

function input(
  env: Record<string, string>,
  settings: EditorSettings = {},
  goEnv: GoEnvVars | null = realGoEnv(env),
): LocateInput {
  return { env, goEnv, goBinary, settings };
}

const codes = (findings: Finding[]): string[] => findings.map((f) => f.code).sort();

describe("locateTool in a healthy set-up", () => {
  it("finds the real dlv and gopls in GOBIN, on PATH, with no findings", async () => {
    linkTool(realDlv, gobin, "dlv");
    linkTool(realGopls, gobin, "gopls");
    const env = loginEnv([gobin]);
    for (const [name, version] of [
      ["dlv", "1.27.2"],
      ["gopls", "0.23.0"],
    ] as const) {
      const r = await locateTool(name, input(env));
      assert.deepEqual(r.findings, [], `${name}: ${JSON.stringify(r.findings)}`);
      assert.equal(r.tool.path, path.join(gobin, name));
      assert.equal(r.tool.version, version);
      assert.equal(r.tool.builtWith, goVersion);
      assert.equal(r.tool.reason, "first in GOBIN");
      assert.equal(r.tool.candidates.length, 1, "the PATH hit is the same file as the GOBIN one");
      assert.equal(r.tool.candidates[0]?.onPath, true);
      assert.match(
        r.evidence[0]?.output ?? "",
        new RegExp(`^${path.join(gobin, name)} \\(GOBIN; version ${version.replace(/\./g, "\\.")}, built with Go`),
      );
    }
  });

  it("counts a PATH symlink to the GOBIN copy as the same file, and as on PATH", async () => {
    linkTool(realDlv, gobin, "dlv");
    linkTool(path.join(gobin, "dlv"), pathA, "dlv");
    linkTool(realDlv, path.join(gp1, "bin"), "dlv");
    const r = await locateTool("dlv", input(loginEnv([pathA])));
    assert.deepEqual(
      r.tool.candidates.map((c) => [c.source, c.onPath]),
      [["GOBIN", true]],
    );
    assert.deepEqual(r.findings, []);
  });
});

describe("search order", () => {
  it("is go.alternateTools, GOBIN, each GOPATH/bin, GOROOT/bin, then PATH", async () => {
    const alt = copyTool(realDlv, path.join(root, "alt"), "dlv");
    copyTool(realDlv, gobin, "dlv");
    copyTool(realDlv, path.join(gp1, "bin"), "dlv");
    copyTool(realDlv, path.join(gp2, "bin"), "dlv");
    const goroot = path.join(root, "goroot");
    linkTool(goBinary, path.join(goroot, "bin"), "go");
    copyTool(realDlv, path.join(goroot, "bin"), "dlv");
    copyTool(realDlv, pathA, "dlv");
    const env = loginEnv([pathA, gobin]);
    const r = await locateTool("dlv", input(env, { alternateTools: { dlv: alt }, goroot }));
    assert.deepEqual(
      r.tool.candidates.map((c) => c.source),
      ["go.alternateTools.dlv", "GOBIN", "GOPATH[1]/bin", "GOPATH[2]/bin", "GOROOT/bin", "PATH"],
    );
    assert.equal(r.tool.path, alt);
    assert.equal(r.tool.reason, "go.alternateTools.dlv");
    assert.ok(r.tool.candidates.every((c) => c.version === "1.27.2"));
  });

  it("uses the second GOPATH entry when only it has the tool", async () => {
    copyTool(realGopls, path.join(gp2, "bin"), "gopls");
    const r = await locateTool("gopls", input(loginEnv([])));
    assert.equal(r.tool.path, path.join(gp2, "bin", "gopls"));
    assert.equal(r.tool.reason, "first in GOPATH[2]/bin");
    assert.deepEqual(r.findings, [], "an off-PATH gopls is not GD021, which is Delve's");
  });

  it("searches a bare go.alternateTools name instead of the tool name", async () => {
    linkTool(realDlv, pathB, "dlv-custom");
    const r = await locateTool("dlv", input(loginEnv([pathB]), { alternateTools: { dlv: "dlv-custom" } }));
    assert.equal(r.tool.path, path.join(pathB, "dlv-custom"));
    assert.equal(r.tool.reason, "first in PATH");
  });

  it("expands ~ in go.alternateTools", async () => {
    const file = linkTool(realDlv, path.join(home, "tools"), "dlv");
    const r = await locateTool(
      "dlv",
      input(loginEnv([path.join(home, "tools")]), { alternateTools: { dlv: "~/tools/dlv" } }),
    );
    assert.equal(r.tool.path, file);
    assert.equal(r.tool.reason, "go.alternateTools.dlv");
  });

  it("looks in the go binary's own GOROOT/bin when go env failed", async () => {
    const goroot = path.join(root, "goroot");
    const go = copyTool(goBinary, path.join(goroot, "bin"), "go");
    linkTool(realGopls, path.join(goroot, "bin"), "gopls");
    const r = await locateTool("gopls", { ...input(loginEnv([]), {}, null), goBinary: go });
    assert.equal(r.tool.reason, "first in GOROOT/bin");
    const linked = linkTool(go, pathB, "go");
    const viaLink = await locateTool("gopls", { ...input(loginEnv([]), {}, null), goBinary: linked });
    assert.equal(viaLink.tool.reason, "first in GOROOT/bin", "a symlinked go still leads to its root");
  });

  it("searches only the captured PATH, never Go Doctor's own", async () => {
    linkTool(realDlv, pathA, "dlv");
    const saved = process.env.PATH;
    process.env.PATH = `${pathA}:${saved ?? ""}`;
    try {
      const env = loginEnv([]);
      delete (env as Record<string, string | undefined>).PATH;
      const r = await locateTool("dlv", input(env, {}, null));
      assert.equal(r.tool.path, null);
      assert.deepEqual(codes(r.findings), ["GD020"]);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe("GD020 / GD030 not found", () => {
  it("reports a missing dlv with a go install fix for the latest Delve", async () => {
    const r = await locateTool("dlv", input(loginEnv([pathA])));
    assert.equal(r.tool.path, null);
    assert.deepEqual(codes(r.findings), ["GD020"]);
    assert.equal(r.findings[0]?.severity, "error");
    assert.deepEqual(r.findings[0]?.fixes, [
      {
        kind: "run",
        title: "Install dlv (github.com/go-delve/delve/cmd/dlv@latest)",
        argv: [goBinary, "install", "github.com/go-delve/delve/cmd/dlv@latest"],
      },
    ]);
  });

  it("asks to install Go first when there is no go command", async () => {
    const r = await locateTool("dlv", { ...input(loginEnv([]), {}, null), goBinary: null });
    assert.deepEqual(codes(r.findings), ["GD020"]);
    assert.equal(r.findings[0]?.fixes?.[0]?.kind, "manual");
  });

  it("pins the Delve release line that supports an old Go", async () => {
    const env = loginEnv([]);
    const r = await locateTool("dlv", input(env, {}, { ...realGoEnv(env), GOVERSION: "go1.20.14" }));
    const fix = r.findings[0]?.fixes?.[0];
    assert.ok(fix?.kind === "run");
    assert.equal(
      fix.argv[2],
      "github.com/go-delve/delve/cmd/dlv@v1.22",
      "the newest line whose window includes Go 1.20",
    );
  });

  it("pins the last gopls that supports an old Go", async () => {
    const env = loginEnv([]);
    const r = await locateTool("gopls", input(env, {}, { ...realGoEnv(env), GOVERSION: "go1.19.13" }));
    const fix = r.findings[0]?.fixes?.[0];
    assert.ok(fix?.kind === "run");
    assert.equal(fix.argv[2], "golang.org/x/tools/gopls@v0.15.3");
  });

  it("reports a missing gopls, installing into go.toolsGopath when it is set", async () => {
    const tools = path.join(root, "tools");
    const r = await locateTool("gopls", input(loginEnv([]), { toolsGopath: tools }));
    assert.deepEqual(codes(r.findings), ["GD030"]);
    const fix = r.findings[0]?.fixes?.[0];
    assert.ok(fix?.kind === "run");
    assert.deepEqual(fix.argv, [goBinary, "install", "golang.org/x/tools/gopls@latest"]);
    assert.deepEqual(fix.env, { GOBIN: path.join(tools, "bin") });
  });

  it("finds gopls in go.toolsGopath once it is there", async () => {
    const tools = path.join(root, "tools");
    linkTool(realGopls, path.join(tools, "bin"), "gopls");
    const r = await locateTool("gopls", input(loginEnv([]), { toolsGopath: tools }));
    assert.equal(r.tool.reason, "first in go.toolsGopath/bin");
    assert.deepEqual(r.findings, []);
  });
});

describe("GD021 dlv off PATH", () => {
  it("warns when the dlv in GOBIN is not on PATH, offering PATH or go.alternateTools", async () => {
    linkTool(realDlv, gobin, "dlv");
    const r = await locateTool("dlv", input(loginEnv([pathA]), { alternateTools: { gofumpt: "/opt/gofumpt" } }));
    assert.equal(r.tool.path, path.join(gobin, "dlv"));
    assert.deepEqual(codes(r.findings), ["GD021"]);
    assert.equal(r.findings[0]?.severity, "warning");
    assert.deepEqual(r.findings[0]?.fixes?.[1], {
      kind: "setting",
      title: `Set go.alternateTools.dlv to ${path.join(gobin, "dlv")}`,
      key: "go.alternateTools",
      value: { gofumpt: "/opt/gofumpt", dlv: path.join(gobin, "dlv") },
      scope: "user",
    });
  });

  it("is gone once the directory is on PATH", async () => {
    linkTool(realDlv, gobin, "dlv");
    const r = await locateTool("dlv", input(loginEnv([pathA, gobin])));
    assert.deepEqual(r.findings, []);
  });
});

describe("GD022 / GD033 shadowed", () => {
  it("warns when an older dlv comes first on PATH", async () => {
    linkTool(realDlv, gobin, "dlv");
    const old = standInDlv(pathA, "1.20.2");
    const r = await locateTool("dlv", input(loginEnv([pathA, gobin])));
    assert.equal(r.tool.path, path.join(gobin, "dlv"), "the Go extension searches GOBIN before PATH");
    assert.deepEqual(codes(r.findings), ["GD022"]);
    const f = r.findings[0];
    assert.equal(f.severity, "warning");
    assert.match(f.message, new RegExp(`${old}.*1\\.20\\.2.*${path.join(gobin, "dlv")}.*1\\.27\\.2`));
    assert.equal(f.details?.length, 2);
  });

  it("warns when an older gopls comes first on PATH", async () => {
    linkTool(realGopls, gobin, "gopls");
    standInGopls(pathA, "0.16.0", "1.22.5");
    const r = await locateTool("gopls", input(loginEnv([pathA, gobin])));
    assert.deepEqual(codes(r.findings), ["GD033"]);
  });

  it("warns when go.alternateTools pins an old dlv and PATH has the newest", async () => {
    const old = standInDlv(path.join(root, "alt"), "1.20.2");
    linkTool(realDlv, pathA, "dlv");
    const r = await locateTool("dlv", input(loginEnv([pathA]), { alternateTools: { dlv: old } }));
    assert.equal(r.tool.path, old);
    assert.deepEqual(codes(r.findings), ["GD021", "GD022"]);
  });

  it("warns when the dlv first on PATH has the same version but was built with another Go", async () => {
    linkTool(realDlv, gobin, "dlv");
    const other = copyWithBuildGo(realDlv, pathA, "dlv", "1.25.8");
    const r = await locateTool("dlv", input(loginEnv([pathA, gobin])));
    assert.deepEqual(codes(r.findings), ["GD022"]);
    assert.ok(r.findings[0]?.details?.some((d) => d.startsWith(other) && d.includes("built with Go 1.25.8")));
  });

  it("does not warn about identical copies", async () => {
    copyTool(realDlv, gobin, "dlv");
    copyTool(realDlv, pathA, "dlv");
    const r = await locateTool("dlv", input(loginEnv([pathA, gobin])));
    assert.equal(r.tool.candidates.length, 2);
    assert.deepEqual(r.findings, []);
  });
});

describe("GD025 / GD031 probe failed", () => {
  it("is an error when the broken dlv comes before the working one, which Go Doctor still uses", async () => {
    fakeTool(gobin, "dlv", "sleep 60");
    linkTool(realDlv, pathA, "dlv");
    const r = await locateTool("dlv", { ...input(loginEnv([pathA])), probe: { timeoutMs: 3000 } });
    assert.equal(r.tool.path, path.join(pathA, "dlv"));
    assert.equal(r.tool.reason, "first in PATH (skipped 1 broken copy before it)");
    assert.deepEqual(codes(r.findings), ["GD025"]);
    assert.equal(r.findings[0]?.severity, "error");
    assert.match(r.findings[0]?.message ?? "", /did not answer within 3 s.*picks it before the working/);
  });

  it("is a warning when the broken dlv comes after the one in use", async () => {
    linkTool(realDlv, gobin, "dlv");
    fakeTool(pathB, "dlv", "echo garbage");
    const r = await locateTool("dlv", input(loginEnv([gobin, pathB])));
    assert.deepEqual(codes(r.findings), ["GD025"]);
    assert.equal(r.findings[0]?.severity, "warning");
  });

  it("is an error, not GD030, when the only gopls crashes", async () => {
    fakeTool(gobin, "gopls", "kill -SEGV $$");
    const r = await locateTool("gopls", input(loginEnv([gobin])));
    assert.equal(r.tool.path, null);
    assert.match(r.tool.reason, /every copy found failed its probe/);
    assert.deepEqual(codes(r.findings), ["GD031"]);
    assert.match(r.findings[0]?.message ?? "", /SIGSEGV/);
    assert.ok(r.evidence.some((e) => e.signal === "SIGSEGV"));
  });

  it("shows a directory and a file without execute bit in GOBIN as broken candidates", async () => {
    fs.mkdirSync(path.join(gobin, "dlv"));
    fs.writeFileSync(path.join(gp1, "dlv"), "");
    fs.mkdirSync(path.join(gp1, "bin"));
    fs.copyFileSync(realDlv, path.join(gp1, "bin", "dlv"));
    fs.chmodSync(path.join(gp1, "bin", "dlv"), 0o644);
    linkTool(realDlv, pathA, "dlv");
    const r = await locateTool("dlv", input(loginEnv([pathA])));
    assert.deepEqual(
      r.tool.candidates.map((c) => c.source),
      ["GOBIN", "GOPATH[1]/bin", "PATH"],
    );
    assert.match(r.tool.candidates[0]?.probeError ?? "", /a directory/);
    assert.match(r.tool.candidates[1]?.probeError ?? "", /not executable/);
    assert.equal(r.tool.path, path.join(pathA, "dlv"));
    assert.deepEqual(
      r.findings.map((f) => [f.code, f.severity]),
      [
        ["GD025", "warning"],
        ["GD025", "warning"],
      ],
      "the Go extension skips files it cannot execute, so they do not block",
    );
  });
});

describe("GD070 go.alternateTools naming a missing file", () => {
  it("is reported and skipped, as the Go extension silently does, with a fix to the dlv that wins", async () => {
    linkTool(realDlv, gobin, "dlv");
    const missing = path.join(root, "nowhere", "dlv");
    const r = await locateTool("dlv", input(loginEnv([gobin]), { alternateTools: { dlv: missing } }));
    assert.equal(r.tool.path, path.join(gobin, "dlv"));
    assert.deepEqual(codes(r.findings), ["GD070"]);
    assert.deepEqual(r.findings[0]?.fixes, [
      {
        kind: "setting",
        title: `Point go.alternateTools.dlv at ${path.join(gobin, "dlv")}`,
        key: "go.alternateTools",
        value: { dlv: path.join(gobin, "dlv") },
        scope: "user",
      },
    ]);
  });

  it("offers to remove the setting when there is no dlv at all", async () => {
    const r = await locateTool(
      "dlv",
      input(loginEnv([]), { alternateTools: { dlv: "/nonexistent/dlv", go: goBinary } }),
    );
    assert.deepEqual(codes(r.findings), ["GD020", "GD070"]);
    const fix = r.findings.find((f) => f.code === "GD070")?.fixes?.[0];
    assert.deepEqual(fix, {
      kind: "setting",
      title: "Remove go.alternateTools.dlv",
      key: "go.alternateTools",
      value: { go: goBinary },
      scope: "user",
    });
  });

  it("is not reported for a working absolute path", async () => {
    const file = linkTool(realDlv, gobin, "dlv");
    const r = await locateTool("dlv", input(loginEnv([gobin]), { alternateTools: { dlv: file } }));
    assert.deepEqual(r.findings, []);
  });
});
