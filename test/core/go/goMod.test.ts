import assert from "node:assert/strict";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import {
  absolutizeGoWork,
  findGoMod,
  findGoWork,
  goModLookup,
  parseGoMod,
  readModFile,
} from "../../../src/core/go/goMod";
import { removeDir, tempDir, writeFile, writeModule } from "../../support/fixtures";

describe("go.mod and go.work reading", () => {
  const root = tempDir("gd-gomod-");
  after(() => removeDir(root));

  it("reads module, go, toolchain, requires (with // indirect) and replaces", () => {
    const f = parseGoMod(
      [
        "// a comment",
        "module example.com/app // trailing",
        "",
        "go 1.23.1",
        "",
        "toolchain go1.24.2",
        "",
        "require (",
        "\tgolang.org/x/mod v0.20.0",
        "\tgithub.com/x/y v1.2.3 // indirect",
        ")",
        "",
        "require example.com/single v0.0.1",
        "replace example.com/single => ../single",
        "replace (",
        "\texample.com/old v1.0.0 => example.com/new v1.1.0",
        ")",
      ].join("\n"),
    );
    assert.equal(f.module, "example.com/app");
    assert.equal(f.go, "1.23.1");
    assert.equal(f.goLine, 4);
    assert.equal(f.toolchain, "go1.24.2");
    assert.equal(f.toolchainLine, 6);
    assert.deepEqual(f.requires, [
      { path: "golang.org/x/mod", version: "v0.20.0", indirect: false },
      { path: "github.com/x/y", version: "v1.2.3", indirect: true },
      { path: "example.com/single", version: "v0.0.1", indirect: false },
    ]);
    assert.deepEqual(f.replaces, [
      { from: "example.com/single", to: "../single" },
      { from: "example.com/old", fromVersion: "v1.0.0", to: "example.com/new", toVersion: "v1.1.0" },
    ]);
  });

  it("looks up go and toolchain the way the go command does: first line with the key and a blank after it", () => {
    assert.deepEqual(goModLookup("module m\ngopher 1\ngo\t1.21 // why\n", "go"), { value: "1.21", line: 3 });
    assert.equal(goModLookup("module m\ntoolchain\n", "toolchain"), undefined);
    assert.equal(goModLookup("  go 1.22\r\n", "go")?.value, "1.22");
  });

  it("reads go.work use lines, single and in blocks", () => {
    const w = parseGoMod('go 1.22\n\nuse ./a\nuse (\n\t./b\n\t"./c d"\n)\n');
    assert.deepEqual(w.uses, ["./a", "./b", "./c d"]);
    assert.equal(w.module, undefined);
  });

  it("finds go.mod in a parent directory and prefers a go.work above it, unless GOWORK=off", () => {
    const ws = path.join(root, "ws");
    writeModule(path.join(ws, "mod"), { goLine: "1.21" });
    writeFile(path.join(ws, "go.work"), "go 1.99\n\nuse ./mod\n");
    const sub = path.join(ws, "mod", "internal", "x");
    writeFile(path.join(sub, "x.go"), "package x\n");
    assert.equal(findGoMod(sub), path.join(ws, "mod", "go.mod"));
    assert.equal(findGoWork(sub, undefined), path.join(ws, "go.work"));
    assert.equal(findGoWork(sub, "off"), undefined);
    assert.equal(findGoWork(sub, path.join(ws, "go.work")), path.join(ws, "go.work"));
    assert.equal(findGoWork(sub, "relative/go.work"), undefined);

    const found = readModFile(sub, undefined);
    assert.equal(found?.kind, "go.work");
    assert.equal(found?.parsed.go, "1.99");
    const modOnly = readModFile(sub, "off");
    assert.equal(modOnly?.kind, "go.mod");
    assert.equal(modOnly?.parsed.go, "1.21");
  });

  it("absolutizes go.work use and replace paths so a copy elsewhere means the same workspace", () => {
    const text =
      'go 1.22\n\nuse ./a // main\nuse (\n\t../b\n\t"./c d"\n)\nreplace example.com/x v1.0.0 => ./x\nreplace example.com/y => example.com/z v1.2.0\n';
    const out = parseGoMod(absolutizeGoWork(text, "/ws/root"));
    assert.deepEqual(out.uses, ["/ws/root/a", "/ws/b", "/ws/root/c d"]);
    assert.deepEqual(out.replaces, [
      { from: "example.com/x", fromVersion: "v1.0.0", to: "/ws/root/x" },
      { from: "example.com/y", to: "example.com/z", toVersion: "v1.2.0" },
    ]);
    assert.equal(out.go, "1.22");
  });

  it("finds nothing outside any module", () => {
    const lone = path.join(root, "lone");
    writeFile(path.join(lone, "a.go"), "package a\n");
    assert.equal(readModFile(lone, "off"), undefined);
  });
});
