import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import fc from "fast-check";
import { runProcess } from "../../../src/core/base/process";
import { compareGo, goMinor } from "../../../src/core/go/versionText";
import {
  DELVE_WINDOWS,
  checkCompat,
  delveInstallQuery,
  delveSupports,
  goplsInstallQuery,
  goplsMinimumFor,
} from "../../../src/core/tools/delveCompat";
import type { Finding } from "../../../src/core/model/findings";
import { locateTool } from "../../../src/core/tools/toolLocator";
import type { ToolInfo } from "../../../src/core/model/facts";
import {
  goBinary,
  goRoot,
  goVersion,
  hermeticEnv,
  realDlv,
  realGopls,
  removeDir,
  tempDir,
  writeModule,
} from "../../support/fixtures";
import { copyWithBuildGo, linkTool, quietHome, standInDlv, standInGopls } from "../../support/toolLayout";

describe("delveSupports: the window table", () => {
  it("accepts both ends of every row's window and refuses the minors just outside", () => {
    for (const row of DELVE_WINDOWS) {
      const dlv = row.delve.replace(/^>=(\S+).*$/, "$1");
      const [, minMinor] = row.min.split(".").map(Number);
      const [, maxMinor] = row.max.split(".").map(Number);
      assert.deepEqual(
        delveSupports(dlv, `${row.min}.3`),
        { supported: true, window: { min: row.min, max: row.max }, known: true },
        `${dlv} ${row.min}`,
      );
      assert.equal(delveSupports(dlv, `${row.max}.0`).supported, true, `${dlv} ${row.max}`);
      assert.equal(delveSupports(dlv, `1.${maxMinor + 1}`).supported, false, `${dlv} above`);
      assert.equal(delveSupports(dlv, `1.${minMinor - 1}.9`).supported, false, `${dlv} below`);
    }
  });

  it("tells 1.25.0 from 1.25.1 and 1.21.0 from 1.21.1", () => {
    assert.deepEqual(delveSupports("1.25.0", "1.25.1").window, { min: "1.21", max: "1.24" });
    assert.deepEqual(delveSupports("1.25.2", "1.25.1").window, { min: "1.22", max: "1.25" });
    assert.equal(delveSupports("1.21.0", "1.18.10").supported, true);
    assert.equal(delveSupports("1.21.2", "1.18.10").supported, false);
  });

  it("compares the Go minor only: betas and release candidates count as their minor, development builds as the one before", () => {
    assert.equal(delveSupports("1.27.2", "1.27rc1").supported, true);
    assert.equal(delveSupports("1.26.1", "1.27rc1").supported, false);
    assert.equal(delveSupports("1.26.1", "1.27beta1").supported, false);
    assert.equal(
      delveSupports("1.27.2", "1.28.0-devel").supported,
      true,
      "Delve orders devel go1.28 before go1.28beta1",
    );
    assert.equal(delveSupports("1.27.2", "1.25.0-devel").supported, false);
  });

  it("assumes a Delve newer than the table supports its own release window, and says the window is not known", () => {
    assert.deepEqual(delveSupports("1.28.0", "1.28.1"), {
      supported: true,
      window: { min: "1.26", max: "1.28" },
      known: false,
    });
    assert.deepEqual(delveSupports("1.29.3", "1.26.0"), {
      supported: false,
      window: { min: "1.27", max: "1.29" },
      known: false,
    });
  });

  it("knows that a Delve older than the table cannot debug Go after 1.17", () => {
    assert.deepEqual(delveSupports("1.7.3", "1.26.8"), { supported: false, known: true });
    assert.deepEqual(delveSupports("1.7.3", "1.16"), { supported: true, known: false });
  });

  it("does not guess on unreadable versions", () => {
    assert.deepEqual(delveSupports("garbage", "1.26.8"), { supported: true, known: false });
    assert.deepEqual(delveSupports("1.27.2", "garbage"), { supported: true, known: false });
  });
});

describe("delveInstallQuery", () => {
  it("asks for the latest Delve unless the Go is older than its window", () => {
    const cases: [string | null, string][] = [
      [goVersion, "latest"],
      ["1.25.0", "latest"],
      ["1.31.2", "latest"],
      [null, "latest"],
      ["garbage", "latest"],
      ["1.24.3", "v1.26"],
      ["1.22.1", "v1.25"],
      ["1.20", "v1.22"],
      ["1.18.10", "v1.21.0"],
      ["1.17", "v1.9"],
      ["1.16.15", "v1.9.0"],
    ];
    for (const [go, query] of cases) assert.equal(delveInstallQuery(go), query, String(go));
  });

  it("always names a Delve line whose window includes the Go it was asked for", () => {
    for (let minor = 16; minor <= 27; minor++) {
      const query = delveInstallQuery(`1.${minor}.1`);
      const dlv = query === "latest" ? "1.27.0" : `${query.slice(1)}${query.split(".").length === 2 ? ".9" : ""}`;
      assert.equal(delveSupports(dlv, `1.${minor}.1`).supported, true, `Go 1.${minor} → ${query}`);
    }
  });
});

describe("compatibility under random versions", () => {
  const numRuns = Number(process.env.GD_FUZZ_RUNS ?? "") || 2000;
  const goVersions = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.nat(20)).map(([m, p]) => `1.${m}.${p}`);
  const delveVersions = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.nat(5)).map(([m, p]) => `1.${m}.${p}`);

  it("never throws on any text", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        delveSupports(a, b);
        delveInstallQuery(b);
        goplsMinimumFor(b);
      }),
      { numRuns },
    );
  });

  it("a known window always contains the Go it supports, and the install query always names a Delve that supports Go 1.16 and later", () => {
    fc.assert(
      fc.property(delveVersions, goVersions, (dlv, go) => {
        const s = delveSupports(dlv, go);
        if (s.window) {
          const inside =
            compareGo(goMinor(go) ?? "", s.window.min) >= 0 && compareGo(goMinor(go) ?? "", s.window.max) <= 0;
          assert.equal(s.supported, inside, `${dlv} ${go}`);
        }
        const query = delveInstallQuery(go);
        if (query !== "latest") {
          const pinned = `${query.slice(1)}${query.split(".").length === 2 ? ".0" : ""}`;
          assert.equal(delveSupports(pinned, go).supported, true, `${go} → ${query}`);
        }
      }),
      { numRuns },
    );
  });
});

describe("goplsInstallQuery", () => {
  it("pins the last gopls that supports an old Go, per gopls's own policy table", () => {
    const cases: [string | null, string][] = [
      [goVersion, "latest"],
      ["1.21.0", "latest"],
      [null, "latest"],
      ["1.20.14", "v0.15.3"],
      ["1.19", "v0.15.3"],
      ["1.18.10", "v0.14.2"],
      ["1.17.3", "v0.11.0"],
      ["1.16", "v0.11.0"],
      ["1.15.2", "v0.9.5"],
      ["1.13", "v0.9.5"],
      ["1.12.17", "v0.7.5"],
      ["1.9", "v0.7.5"],
    ];
    for (const [go, query] of cases) assert.equal(goplsInstallQuery(go), query, String(go));
  });
});

describe("goplsMinimumFor", () => {
  it("uses only what gopls release notes state", () => {
    assert.equal(goplsMinimumFor("1.22.5"), undefined);
    assert.equal(goplsMinimumFor("1.23.0"), "0.16.0");
    assert.equal(goplsMinimumFor(goVersion), "0.16.0");
    assert.equal(goplsMinimumFor("1.27rc1"), "0.23.0");
    assert.equal(goplsMinimumFor("1.28.0"), "0.23.0");
  });
});

describe("checkCompat on located tools", () => {
  let root: string;
  let gobin: string;
  let env: Record<string, string>;
  beforeEach(() => {
    root = tempDir();
    gobin = path.join(root, "gobin");
    fs.mkdirSync(gobin);
    env = hermeticEnv(quietHome(path.join(root, "home")), {
      PATH: `${gobin}:${path.join(goRoot, "bin")}:/usr/bin:/bin`,
      GOBIN: gobin,
    });
  });
  afterEach(() => removeDir(root));

  const locate = async (name: "dlv" | "gopls"): Promise<ToolInfo> =>
    (
      await locateTool(name, {
        env,
        goEnv: { GOBIN: gobin, GOPATH: path.join(root, "gopath"), GOROOT: goRoot },
        goBinary,
        settings: {},
      })
    ).tool;
  const codes = (findings: Finding[]): string[] => findings.map((f) => `${f.code}:${f.severity}`).sort();

  it("finds nothing wrong with the real dlv and gopls built by this Go", async () => {
    linkTool(realDlv, gobin, "dlv");
    linkTool(realGopls, gobin, "gopls");
    const [dlv, gopls] = await Promise.all([locate("dlv"), locate("gopls")]);
    assert.equal(dlv.version, "1.27.2");
    assert.deepEqual(checkCompat({ dlv, gopls, goVersion, goBinary }), []);
  });

  it("GD023: an old Delve cannot debug this Go; the fix reinstalls Delve in place", async () => {
    standInDlv(gobin, "1.20.2");
    linkTool(realGopls, gobin, "gopls");
    const [dlv, gopls] = await Promise.all([locate("dlv"), locate("gopls")]);
    const findings = checkCompat({ dlv, gopls, goVersion, goBinary });
    assert.deepEqual(codes(findings), ["GD023:error"]);
    assert.match(
      findings[0]?.details?.[0] ?? "",
      new RegExp(
        `Version of Delve is too old for Go version go${goVersion.replace(/\./g, "\\.")} \\(maximum supported version 1\\.20`,
      ),
    );
    assert.deepEqual(findings[0]?.fixes, [
      {
        kind: "run",
        title: `Install Delve latest for Go ${goVersion.split(".").slice(0, 2).join(".")}`,
        argv: [goBinary, "install", "github.com/go-delve/delve/cmd/dlv@latest"],
        env: { GOBIN: gobin },
      },
    ]);
  });

  it("GD023: a Go older than the real Delve's window gets a pinned Delve line", async () => {
    linkTool(realDlv, gobin, "dlv");
    const dlv = await locate("dlv");
    const findings = checkCompat({ dlv, gopls: emptyGopls, goVersion: "1.22.5", goBinary });
    assert.deepEqual(codes(findings), ["GD023:error"]);
    assert.match(
      findings[0]?.details?.[0] ?? "",
      /Go version go1\.22\.5 is too old for this version of Delve \(minimum supported version 1\.25/,
    );
    const fix = findings[0]?.fixes?.[0];
    assert.ok(fix?.kind === "run");
    assert.equal(fix.argv[2], "github.com/go-delve/delve/cmd/dlv@v1.25");
  });

  it("GD023 (info): a Delve newer than the table is assumed to work, and said so", async () => {
    standInDlv(gobin, "1.28.0");
    const dlv = await locate("dlv");
    assert.deepEqual(codes(checkCompat({ dlv, gopls: emptyGopls, goVersion: "1.28.1" })), ["GD023:info"]);
  });

  it("GD024: dlv and gopls built with an older Go minor; the fix rebuilds the same version", async () => {
    copyWithBuildGo(realDlv, gobin, "dlv", "1.25.8");
    copyWithBuildGo(realGopls, gobin, "gopls", "1.25.8");
    const [dlv, gopls] = await Promise.all([locate("dlv"), locate("gopls")]);
    assert.equal(dlv.builtWith, "1.25.8");
    const findings = checkCompat({ dlv, gopls, goVersion, goBinary });
    assert.deepEqual(codes(findings), ["GD024:warning", "GD024:warning"]);
    const forGopls = findings.find((f) => f.message.startsWith("gopls"));
    assert.match(
      forGopls?.message ?? "",
      /package requires newer Go version go1\.26 \(application built with go1\.25\)/,
    );
    assert.deepEqual(forGopls?.fixes?.[0], {
      kind: "run",
      title: `Rebuild gopls v0.23.0 with Go ${goVersion}`,
      argv: [goBinary, "install", "golang.org/x/tools/gopls@v0.23.0"],
      env: { GOBIN: gobin },
    });
  });

  it("GD024 for the real gopls when the workspace switches to a newer Go", async () => {
    linkTool(realGopls, gobin, "gopls");
    const gopls = await locate("gopls");
    assert.deepEqual(
      codes(checkCompat({ dlv: emptyDlv, gopls, goVersion: "1.27.0" })),
      ["GD024:warning"],
      "gopls 0.23.0 itself is new enough for 1.27",
    );
  });

  it("GD032: a gopls release older than the first that supports this Go", async () => {
    standInGopls(gobin, "0.15.2", goVersion);
    const gopls = await locate("gopls");
    const findings = checkCompat({ dlv: emptyDlv, gopls, goVersion, goBinary });
    assert.deepEqual(codes(findings), ["GD032:warning"]);
    assert.match(findings[0]?.message ?? "", /gopls 0\.15\.2 .* gopls 0\.16\.0 is the first release that supports it/);
  });

  it("says nothing without a Go version or tools", () => {
    assert.deepEqual(checkCompat({ dlv: emptyDlv, gopls: emptyGopls, goVersion: null }), []);
    assert.deepEqual(checkCompat({ dlv: emptyDlv, gopls: emptyGopls, goVersion }), []);
  });
});

describe("GD023 says what the real Delve says", () => {
  // A real debuggee whose DWARF producer names another Go, so the real dlv judges it.
  let root: string;
  let env: Record<string, string>;
  let bin: string;
  let dlv: ToolInfo;
  before(async () => {
    root = tempDir();
    env = hermeticEnv(quietHome(path.join(root, "home")), {
      GOCACHE: execFileSync(goBinary, ["env", "GOCACHE"], { encoding: "utf8" }).trim(),
    });
    const mod = writeModule(path.join(root, "mod"));
    bin = path.join(root, "hello");
    execFileSync(goBinary, ["build", "-ldflags=-compressdwarf=false", "-o", bin, "."], { cwd: mod, env });
    linkTool(realDlv, path.join(root, "gopath", "bin"), "dlv");
    dlv = (
      await locateTool("dlv", {
        env,
        goEnv: { GOPATH: path.join(root, "gopath"), GOROOT: goRoot },
        goBinary,
        settings: {},
      })
    ).tool;
  });
  after(() => removeDir(root));

  /** Rewrites the producer ("Go cmd/compile go1.26.8; regabi") in place to name `token`, padded to the same length. */
  const debuggee = (token: string): string => {
    const data = fs.readFileSync(bin);
    const from = Buffer.from(`Go cmd/compile go${goVersion}; regabi`);
    const text = `Go cmd/compile ${token}`;
    assert.ok(text.length <= from.length, token);
    const to = Buffer.from(text + "a".repeat(from.length - text.length));
    let at = data.indexOf(from);
    assert.ok(at >= 0, "uncompressed DWARF names its producer");
    for (; at >= 0; at = data.indexOf(from, at)) to.copy(data, at);
    const file = path.join(root, `hello-${token.replace(/\W/g, "_")}`);
    fs.writeFileSync(file, data, { mode: 0o755 });
    return file;
  };

  const { min, max } = DELVE_WINDOWS[0];
  const [minMinor, maxMinor] = [Number(min.split(".")[1]), Number(max.split(".")[1])];
  const patch = goVersion.split(".")[2];
  const cases: { go: string; token: string; refused: boolean }[] = [
    { go: `1.${maxMinor + 1}.${patch}`, token: `go1.${maxMinor + 1}.${patch}; regabi`, refused: true },
    { go: `1.${minMinor - 1}.${patch}`, token: `go1.${minMinor - 1}.${patch}; regabi`, refused: true },
    { go: `1.${maxMinor + 1}.0-devel`, token: `go1.${maxMinor + 1}-devel_`, refused: false },
    { go: `1.${minMinor}.0-devel`, token: `go1.${minMinor}-devel_`, refused: true },
    { go: `1.${maxMinor}.${patch}`, token: `go1.${maxMinor}.${patch}; regabi`, refused: false },
  ];
  for (const c of cases) {
    it(`${c.refused ? "matches dlv's refusal of" : "agrees that dlv accepts"} a Go ${c.go} program`, async () => {
      const r = await runProcess([realDlv, "exec", debuggee(c.token), "--allow-non-terminal-interactive=true"], {
        env,
        timeoutMs: 20_000,
      });
      const output = `${r.stdout}\n${r.stderr}`;
      const said = output.split("\n").find((l) => l.includes("suppress this error"));
      const gd023 = checkCompat({ dlv, gopls: emptyGopls, goVersion: c.go, goBinary }).filter(
        (f) => f.code === "GD023",
      );
      if (c.refused) {
        assert.ok(said, `dlv should refuse: ${output}`);
        assert.equal(gd023.length, 1);
        assert.equal(gd023[0]?.details?.[0], `Delve will say: "${said.trim()}"`);
      } else {
        assert.equal(said, undefined, output);
        assert.match(output, /Type 'help' for list of commands/);
        assert.deepEqual(gd023, []);
      }
    });
  }
});

const emptyDlv: ToolInfo = {
  name: "dlv",
  path: null,
  version: null,
  builtWith: null,
  reason: "not found",
  candidates: [],
};
const emptyGopls: ToolInfo = {
  name: "gopls",
  path: null,
  version: null,
  builtWith: null,
  reason: "not found",
  candidates: [],
};
