import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  checkBuildFlags,
  checkLaunchBuildFlags,
  debugBreakingFlags,
  splitFlags,
} from "../../../src/core/checks/buildFlags";

void describe("GD055: build flags that break debugging", () => {
  void it("splits buildFlags as a command line, quotes grouping", () => {
    assert.deepEqual(splitFlags(`-tags=a -ldflags="-s -w" '-gcflags=all=-N -l'`), [
      "-tags=a",
      "-ldflags=-s -w",
      "-gcflags=all=-N -l",
    ]);
    assert.deepEqual(splitFlags("  "), []);
  });

  void it("finds -trimpath and -w/-s inside -ldflags, and keeps everything else", () => {
    assert.deepEqual(debugBreakingFlags(["-modcacherw", "-trimpath"]), {
      offending: ["-trimpath"],
      kept: ["-modcacherw"],
    });
    assert.deepEqual(debugBreakingFlags(["-trimpath=false", "-ldflags=-X main.v=1"]), {
      offending: [],
      kept: ["-trimpath=false", "-ldflags=-X main.v=1"],
    });
    assert.deepEqual(debugBreakingFlags(["-ldflags=-s -w -X main.v=1"]), {
      offending: ["-ldflags=-s -w -X main.v=1"],
      kept: ["-ldflags=-X main.v=1"],
    });
    assert.deepEqual(debugBreakingFlags(["-ldflags", "-w"]), { offending: ["-ldflags -w"], kept: [] });
    assert.deepEqual(debugBreakingFlags(["--ldflags=all=-w"]).offending, ["--ldflags=all=-w"]);
    assert.deepEqual(debugBreakingFlags(["-tags=w", "-race"]).offending, []);
  });

  void it("names the environment as the source, with what to keep", () => {
    const [f, ...rest] = checkBuildFlags({
      env: { GOFLAGS: "-modcacherw -ldflags=-w" },
      goEnv: { GOENV: "off" },
      goBinary: "/go/bin/go",
    });
    assert.deepEqual(rest, []);
    assert.equal(f.code, "GD055");
    assert.equal(f.severity, "error");
    assert.match(f.message, /GOFLAGS in your environment carries -ldflags=-w/);
    assert.match(f.fixes?.[0].kind === "manual" ? f.fixes[0].detail : "", /export GOFLAGS="-modcacherw"/);
  });

  void it("names the go env file, fixes it with go env -w keeping the rest, and is a warning when the environment overrides it", () => {
    const file = path.join("/conf", "go", "env");
    const read = (p: string) => (p === file ? "GOPROXY=off\nGOFLAGS=-trimpath -mod=mod\n" : undefined);
    const [f] = checkBuildFlags({ env: {}, goEnv: { GOENV: file }, goBinary: "/go/bin/go", readFile: read });
    assert.equal(f.severity, "error");
    assert.ok(f.message.includes(`the go env file ${file}`), f.message);
    assert.deepEqual(f.fixes?.[0].kind === "run" ? f.fixes[0].argv : [], [
      "/go/bin/go",
      "env",
      "-w",
      "GOFLAGS=-mod=mod",
    ]);
    const [shadowed] = checkBuildFlags({
      env: { GOFLAGS: "-mod=mod" },
      goEnv: { GOENV: file },
      goBinary: "/go/bin/go",
      readFile: read,
    });
    assert.equal(shadowed.severity, "warning");
    const onlyBad = (p: string) => (p === file ? "GOFLAGS=-ldflags=-s\n" : undefined);
    const [unset] = checkBuildFlags({ env: {}, goEnv: { GOENV: file }, goBinary: "go", readFile: onlyBad });
    assert.deepEqual(unset.fixes?.[0].kind === "run" ? unset.fixes[0].argv : [], ["go", "env", "-u", "GOFLAGS"]);
  });

  void it("says nothing for clean flags", () => {
    assert.deepEqual(
      checkBuildFlags({ env: { GOFLAGS: "-modcacherw" }, goEnv: { GOENV: "/nowhere/env" }, goBinary: "go" }),
      [],
    );
  });

  void it("fixes a launch configuration's buildFlags in place, string or array", () => {
    const [s] = checkLaunchBuildFlags([
      {
        file: "/w/.vscode/launch.json",
        path: ["configurations", 0],
        name: "Run",
        line: 9,
        buildFlags: `-tags=x -ldflags="-w -X a.b=c"`,
      },
    ]);
    assert.equal(s.code, "GD055");
    assert.equal(s.severity, "warning", "one configuration's flags refuse its own sessions, not the whole debug gate");
    assert.deepEqual(s.location, { file: "/w/.vscode/launch.json", line: 9 });
    const fix = s.fixes?.[0];
    assert.equal(fix?.kind, "launch");
    if (fix?.kind === "launch") {
      assert.deepEqual(fix.path, ["configurations", 0, "buildFlags"]);
      assert.equal(fix.value, `-tags=x -ldflags="-X a.b=c"`);
      assert.deepEqual(splitFlags(String(fix.value)), ["-tags=x", "-ldflags=-X a.b=c"]);
    }
    const [a] = checkLaunchBuildFlags([{ file: "f", path: ["configurations", 1], buildFlags: ["-trimpath", "-race"] }]);
    assert.equal(a.fixes?.[0].kind === "launch" ? JSON.stringify(a.fixes[0].value) : "", JSON.stringify(["-race"]));
  });
});
