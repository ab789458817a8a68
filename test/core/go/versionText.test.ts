import { execFileSync } from "node:child_process";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  compareGo,
  goMinor,
  goSemver,
  parseBuildInfo,
  parseDlvVersion,
  parseGoVersionOutput,
  parseGoplsVersion,
} from "../../../src/core/go/versionText";
import { goBinary, goVersion, realDlv, realGopls } from "../../support/fixtures";

const run = (argv: string[]): string => execFileSync(argv[0], argv.slice(1), { encoding: "utf8" });

describe("parseGoVersionOutput", () => {
  it("reads the real go version output", () => {
    const parsed = parseGoVersionOutput(run([goBinary, "version"]));
    assert.equal(parsed?.version, goVersion);
    assert.match(parsed?.goos ?? "", /^[a-z0-9]+$/);
    assert.match(parsed?.goarch ?? "", /^[a-z0-9]+$/);
  });

  it("reads releases, release candidates, experiments and development builds", () => {
    assert.deepEqual(parseGoVersionOutput("go version go1.26.8 linux/amd64\n"), {
      version: "1.26.8",
      goos: "linux",
      goarch: "amd64",
    });
    assert.deepEqual(parseGoVersionOutput("go version go1.22rc1 darwin/arm64"), {
      version: "1.22rc1",
      goos: "darwin",
      goarch: "arm64",
    });
    assert.deepEqual(parseGoVersionOutput("go version go1.21.0 X:nocoverageredesign windows/amd64"), {
      version: "1.21.0",
      goos: "windows",
      goarch: "amd64",
    });
    assert.deepEqual(
      parseGoVersionOutput("go version devel go1.27-abcdef1234 Tue Jan 2 10:00:00 2026 +0000 linux/amd64"),
      { version: "1.27.0-devel", goos: "linux", goarch: "amd64" },
    );
    assert.deepEqual(
      parseGoVersionOutput("go version go1.27-devel_0123abcd Tue Jan 2 10:00:00 2026 +0000 linux/amd64"),
      { version: "1.27.0-devel", goos: "linux", goarch: "amd64" },
    );
    assert.deepEqual(parseGoVersionOutput("go: downloading go1.27.1\ngo version go1.27.1 linux/amd64"), {
      version: "1.27.1",
      goos: "linux",
      goarch: "amd64",
    });
    assert.deepEqual(parseGoVersionOutput("go version go1.21.9 (Red Hat 1.21.9-1.el9_4) linux/amd64"), {
      version: "1.21.9",
      goos: "linux",
      goarch: "amd64",
    });
  });

  it("returns undefined on garbage", () => {
    for (const text of ["", "go version", "go version gox.y linux/amd64", "hello", "go version devel +abc", "{}"]) {
      assert.equal(parseGoVersionOutput(text), undefined, text);
    }
  });
});

describe("parseBuildInfo", () => {
  it("reads the real go version -m output of dlv", () => {
    const info = parseBuildInfo(run([goBinary, "version", "-m", realDlv]));
    assert.ok(info);
    assert.equal(info.path, realDlv);
    assert.equal(info.goVersion, goVersion);
    assert.deepEqual(info.mainModule, { path: "github.com/go-delve/delve", version: "v1.27.2" });
    assert.equal(info.settings["GOOS"], "linux");
    assert.equal(info.settings["-compiler"], "gc");
    assert.equal(info.settings["CGO_CFLAGS"], "");
    assert.match(info.settings["DefaultGODEBUG"] ?? "", /=/, "value keeps its own '=' signs");
  });

  it("reads the real go version -m output of gopls", () => {
    const info = parseBuildInfo(run([goBinary, "version", "-m", realGopls]));
    assert.equal(info?.mainModule?.path, "golang.org/x/tools/gopls");
    assert.equal(info?.mainModule?.version, "v0.23.0");
  });

  it("unquotes build settings and keeps file names with colons", () => {
    const info = parseBuildInfo(
      [
        "/opt/my: tools/dlv: go1.22rc1",
        "\tpath\tgithub.com/go-delve/delve/cmd/dlv",
        "\tmod\tgithub.com/go-delve/delve\t(devel)\t",
        "\tdep\tgolang.org/x/sys\tv0.1.0\th1:x",
        "\tbuild\t-trimpath=true",
        '\tbuild\t-ldflags="-s -w"',
        "\tbuild\tvcs.modified=true",
      ].join("\n"),
    );
    assert.deepEqual(info, {
      path: "/opt/my: tools/dlv",
      goVersion: "1.22rc1",
      mainModule: { path: "github.com/go-delve/delve", version: "(devel)" },
      settings: { "-trimpath": "true", "-ldflags": "-s -w", "vcs.modified": "true" },
    });
  });

  it("reads a development toolchain's version", () => {
    assert.equal(
      parseBuildInfo("/x/dlv: go1.27-devel_abc123 Tue Jan 2 10:00:00 2026 +0000\n\tpath\tx\n")?.goVersion,
      "1.27.0-devel",
    );
  });

  it("returns undefined for a file that is not a Go executable", () => {
    assert.equal(parseBuildInfo("/bin/ls: could not read Go build info from /bin/ls: not a Go executable"), undefined);
    assert.equal(parseBuildInfo(""), undefined);
    assert.equal(parseBuildInfo("x: go"), undefined);
  });
});

describe("parseDlvVersion", () => {
  it("reads the real dlv version output", () => {
    const parsed = parseDlvVersion(run([realDlv, "version"]));
    assert.equal(parsed?.version, "1.27.2");
    assert.match(parsed?.build ?? "", /^[0-9a-f]{40}$/);
  });

  it("reads builds without a commit id", () => {
    assert.deepEqual(parseDlvVersion("Delve Debugger\nVersion: 1.20.2\nBuild: $Id$\n"), { version: "1.20.2" });
    assert.deepEqual(parseDlvVersion("Delve Debugger\r\nVersion: 1.21.0\r\nBuild: homebrew\r\n"), {
      version: "1.21.0",
      build: "homebrew",
    });
  });

  it("returns undefined on garbage", () => {
    for (const text of [
      "",
      "Version: 1.2.3",
      "Delve Debugger\nVersion: one",
      "Delve Debugger\n",
      "dlv: command not found",
    ]) {
      assert.equal(parseDlvVersion(text), undefined, text);
    }
  });
});

describe("parseGoplsVersion", () => {
  it("reads the real gopls version -json output", () => {
    assert.deepEqual(parseGoplsVersion(run([realGopls, "version", "-json"])), { version: "0.23.0", goVersion });
  });

  it("reads the real plain gopls version output", () => {
    assert.equal(parseGoplsVersion(run([realGopls, "version"]))?.version, "0.23.0");
  });

  it("reads older plain outputs", () => {
    assert.deepEqual(
      parseGoplsVersion("golang.org/x/tools/gopls v0.14.2\n    golang.org/x/tools/gopls@v0.14.2 h1:abc=\n"),
      { version: "0.14.2" },
    );
    assert.deepEqual(
      parseGoplsVersion(
        "Build info\n----------\ngolang.org/x/tools/gopls (devel)\n\nGo info\n-------\ngo version go1.21.5 linux/amd64\n",
      ),
      { version: "(devel)", goVersion: "1.21.5" },
    );
  });

  it("returns undefined on garbage and on JSON of the wrong shape", () => {
    for (const text of [
      "",
      "{",
      "{}",
      '{"Main":{"Version":3}}',
      "[1,2]",
      "gopls: unknown command",
      "golang.org/x/tools/gopls",
    ]) {
      assert.equal(parseGoplsVersion(text), undefined, text);
    }
  });
});

describe("Go version arithmetic", () => {
  it("maps Go versions to semver", () => {
    assert.equal(goSemver("1.26"), "1.26.0");
    assert.equal(goSemver("1.26.8"), "1.26.8");
    assert.equal(goSemver("go1.26.8"), "1.26.8");
    assert.equal(goSemver("1.22rc1"), "1.22.0-rc.1");
    assert.equal(goSemver("1.21beta2"), "1.21.0-beta.2");
    assert.equal(goSemver("1.27.0-devel"), "1.27.0-0.devel");
    for (const bad of ["", "1", "v1.2.3", "1.2.3.4", "1.x", "go", "1.22rc"])
      assert.equal(goSemver(bad), undefined, bad);
  });

  it("takes the minor", () => {
    assert.equal(goMinor("1.26.8"), "1.26");
    assert.equal(goMinor("1.22rc1"), "1.22");
    assert.equal(goMinor("nonsense"), undefined);
  });

  it("orders releases after their candidates and development builds", () => {
    const ordered = ["1.20", "1.21.0-devel", "1.21beta1", "1.21rc2", "1.21.0", "1.21.1", "1.22", "1.26.8", "1.100"];
    for (let i = 0; i < ordered.length - 1; i++) {
      assert.ok(compareGo(ordered[i], ordered[i + 1]) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
      assert.ok(compareGo(ordered[i + 1], ordered[i]) > 0);
    }
    assert.equal(compareGo("1.21", "1.21.0"), 0);
    assert.ok(compareGo("garbage", "1.0") < 0);
    assert.equal(compareGo("garbage", "other garbage"), 0);
  });
});
