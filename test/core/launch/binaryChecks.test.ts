import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { DebugProtocol } from "@vscode/debugprotocol";
import {
  checkExecBinary,
  rebuildArgv,
  suggestSubstitutePath,
  type ExecCheckInput,
} from "../../../src/core/launch/binaryChecks";
import { DapClient } from "../../../src/core/dap/dapClient";
import { startDlvDap } from "../../../src/core/dap/dlvDapServer";
import type { Finding } from "../../../src/core/model/findings";
import { runProcess } from "../../../src/core/base/process";
import { goBinary, realDlv, removeDir, tempDir, writeFile } from "../../support/fixtures";
import { buildEnv, goBuild, helloModule } from "../../support/binaryBuild";

const root = tempDir("gd-binarychecks-");
const ws = helloModule(root);
const bin = (name: string): string => path.join(root, "bin", name);
const env = buildEnv(root);
const input = (binary: string, extra: Partial<ExecCheckInput> = {}): ExecCheckInput => ({
  binary,
  goBinary,
  env,
  folder: ws,
  run: runProcess,
  ...extra,
});
const codes = (findings: Finding[]): string[] => findings.map((f) => f.code).sort();

/** strip from binutils, which scripts/setup-test-env.sh installs: missing, the test fails saying so. */
function strip(file: string): void {
  try {
    execFileSync("strip", [file]);
  } catch (e) {
    throw new Error(`strip (binutils) is needed by this test: ${(e as Error).message}`);
  }
}

/** Sets a file's mtime `seconds` after the binary's, as an edit after the build would. */
function touchAfter(file: string, binary: string, seconds: number): void {
  const t = fs.statSync(binary).mtimeMs / 1000 + seconds;
  fs.utimesSync(file, t, t);
}

before(async () => {
  // A second package of the same module, imported by main, to see staleness through imports.
  writeFile(path.join(ws, "greet", "greet.go"), 'package greet\n\nfunc Hello() string {\n\treturn "hello"\n}\n');
  writeFile(
    path.join(ws, "main.go"),
    'package main\n\nimport "example.com/hello/greet"\n\nfunc main() {\n\tgreeting := greet.Hello()\n\tprintln(greeting)\n}\n',
  );
  await Promise.all([
    goBuild(root, ws, bin("plain")),
    goBuild(root, ws, bin("trim"), ["-trimpath"]),
    goBuild(root, ws, bin("w"), ["-ldflags=-w"]),
    goBuild(root, ws, bin("sw"), ["-ldflags=-s -w"]),
    goBuild(root, ws, bin("stale")),
    goBuild(root, ws, bin("stale-dep")),
  ]);
  // Sources are older than every binary to begin with (the binaries were just written).
  const old = Date.now() / 1000 - 3600;
  for (const f of ["main.go", "go.mod", path.join("greet", "greet.go")]) fs.utimesSync(path.join(ws, f), old, old);
  fs.copyFileSync(bin("plain"), bin("stripped"));
  strip(bin("stripped"));
});

after(() => removeDir(root));

describe("checkExecBinary", () => {
  it("a fresh plain build has nothing to report", async () => {
    assert.deepEqual(await checkExecBinary(input(bin("plain"))), []);
  });

  it("GD081 for -ldflags=-w, naming the flag; its fix rebuilds a binary Delve can read", async () => {
    const target = bin("w-fixed");
    fs.copyFileSync(bin("w"), target);
    const findings = await checkExecBinary(input(target));
    assert.deepEqual(codes(findings), ["GD081"]);
    const f = findings[0];
    assert.equal(f.severity, "error");
    assert.match(f.message, /no DWARF debug information \(built with -ldflags="-w"\)/);
    const fix = f.fixes?.[0];
    assert.ok(fix?.kind === "run");
    assert.deepEqual(fix.argv, [goBinary, "build", "-gcflags=all=-N -l", "-o", target, "."]);
    assert.equal(fix.cwd, ws, "the package directory was found from the build info");
    const r = await runProcess(fix.argv, { cwd: fix.cwd, env, timeoutMs: 300_000 });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(await checkExecBinary(input(target)), []);
  });

  it('GD081 for -ldflags="-s -w"', async () => {
    const findings = await checkExecBinary(input(bin("sw")));
    assert.deepEqual(codes(findings), ["GD081"]);
    assert.match(findings[0].message, /built with -ldflags="-s -w"/);
    assert.match(findings[0].message, /no debug info found/);
  });

  it("GD081 for a binary stripped after the build", async () => {
    const findings = await checkExecBinary(input(bin("stripped")));
    assert.deepEqual(codes(findings), ["GD081"]);
    assert.match(findings[0].message, /stripped after the build/);
  });

  it("GD081 for a file that is not an executable at all", async () => {
    const script = writeFile(path.join(root, "bin", "script.sh"), "#!/bin/sh\necho hi\n", 0o755);
    const findings = await checkExecBinary(input(script));
    assert.deepEqual(codes(findings), ["GD081"]);
    assert.match(findings[0].message, /not an executable Delve can read/);
  });

  it("GD080 when the binary does not exist", async () => {
    assert.deepEqual(codes(await checkExecBinary(input(bin("missing")))), ["GD080"]);
  });

  it("GD082 when main.go changed after the build; the fix rebuilds it", async () => {
    touchAfter(path.join(ws, "main.go"), bin("stale"), 90);
    try {
      const findings = await checkExecBinary(input(bin("stale")));
      assert.deepEqual(codes(findings), ["GD082"]);
      assert.match(findings[0].message, /older than its source main\.go \(changed 90 s after the build\)/);
      const fix = findings[0].fixes?.[0];
      assert.ok(fix?.kind === "run");
      assert.deepEqual(fix.argv, [goBinary, "build", "-o", bin("stale"), "."]);
      // Sources dated in the future stay newer than any rebuild; date them back first, as an editor save would be.
      const now = Date.now() / 1000 - 5;
      fs.utimesSync(path.join(ws, "main.go"), now, now);
      const r = await runProcess(fix.argv, { cwd: fix.cwd, env, timeoutMs: 300_000 });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.deepEqual(await checkExecBinary(input(bin("stale"))), []);
    } finally {
      const old = Date.now() / 1000 - 3600;
      fs.utimesSync(path.join(ws, "main.go"), old, old);
    }
  });

  it("GD082 when a package of the same module that main imports changed after the build", async () => {
    const dep = path.join(ws, "greet", "greet.go");
    touchAfter(dep, bin("stale-dep"), 7200);
    try {
      const findings = await checkExecBinary(input(bin("stale-dep")));
      assert.deepEqual(codes(findings), ["GD082"]);
      assert.match(findings[0].message, /older than its source greet\/greet\.go \(changed 2 h after the build\)/);
    } finally {
      const old = Date.now() / 1000 - 3600;
      fs.utimesSync(dep, old, old);
    }
  });

  it("GD083 for -trimpath without substitutePath, with a fix mapping the workspace folder to the module path", async () => {
    const launch = { file: path.join(ws, ".vscode", "launch.json"), path: ["configurations", 2] };
    const findings = await checkExecBinary(input(bin("trim"), { launch }));
    assert.deepEqual(codes(findings), ["GD083"]);
    assert.match(findings[0].message, /built with -trimpath, so it records its files as example\.com\/hello\/… /);
    assert.deepEqual(findings[0].fixes, [
      {
        kind: "launch",
        title: 'Add substitutePath {"from": "${workspaceFolder}", "to": "example.com/hello"}',
        file: launch.file,
        path: ["configurations", 2, "substitutePath"],
        value: [{ from: "${workspaceFolder}", to: "example.com/hello" }],
      },
    ]);
  });

  it("no GD083 when substitutePath already maps the module (or a prefix of it)", async () => {
    for (const [from, to] of [
      [ws, "example.com/hello"],
      [`${ws}/`, "example.com/hello/"],
      ["${workspaceFolder}", "example.com/hello"],
    ]) {
      assert.deepEqual(await checkExecBinary(input(bin("trim"), { substitutePath: [{ from: from, to: to }] })), [], to);
    }
    const unrelated = await checkExecBinary(
      input(bin("trim"), { substitutePath: [{ from: "/src", to: "/build/src" }] }),
    );
    assert.deepEqual(codes(unrelated), ["GD083"]);
  });

  it("GD083 when substitutePath maps the module to a directory where its sources are not; the fix replaces that entry", async () => {
    const launch = { file: path.join(ws, ".vscode", "launch.json"), path: ["configurations", 0] };
    const other = { from: "/opt/cache", to: "golang.org/x" };
    const findings = await checkExecBinary(
      input(bin("trim"), {
        launch,
        substitutePath: [other, { from: "${workspaceFolder}/src", to: "example.com/hello" }],
      }),
    );
    assert.deepEqual(codes(findings), ["GD083"]);
    assert.match(
      findings[0].message,
      new RegExp(
        `maps example\\.com/hello to ${path.join(ws, "src")}, but the sources of example\\.com/hello are in ${ws}`,
      ),
    );
    const fix = findings[0].fixes?.[0];
    assert.ok(fix?.kind === "launch");
    assert.deepEqual(fix.value, [other, { from: "${workspaceFolder}", to: "example.com/hello" }]);
    // A prefix mapping is followed down to the module: root + "/hello" is not where the module is.
    assert.deepEqual(
      codes(await checkExecBinary(input(bin("trim"), { substitutePath: [{ from: root, to: "example.com" }] }))),
      ["GD083"],
    );
    // One behind another variable cannot be judged here.
    assert.deepEqual(
      await checkExecBinary(input(bin("trim"), { substitutePath: [{ from: "${env:SRC}", to: "example.com/hello" }] })),
      [],
    );
  });

  it("GD083's mapping names the module's subdirectory when the workspace folder is above it", async () => {
    const findings = await checkExecBinary(input(bin("trim"), { folder: root }));
    const fix = findings.find((f) => f.code === "GD083")?.fixes?.[0];
    assert.equal(fix?.kind, "manual");
    assert.deepEqual(suggestSubstitutePath(root, ws, "example.com/hello"), {
      from: "${workspaceFolder}/ws",
      to: "example.com/hello",
    });
    assert.deepEqual(suggestSubstitutePath(path.join(root, "elsewhere"), ws, "example.com/hello"), {
      from: ws,
      to: "example.com/hello",
    });
  });

  it("reads a binary's build info once per build: a rebuilt (re-stamped) binary is read again", async () => {
    const target = bin("cached");
    fs.copyFileSync(bin("plain"), target);
    const versionCalls: string[][] = [];
    const counting: typeof runProcess = (argv, options) => {
      if (argv[1] === "version") versionCalls.push(argv);
      return runProcess(argv, options);
    };
    await checkExecBinary(input(target, { run: counting }));
    await checkExecBinary(input(target, { run: counting }));
    assert.equal(versionCalls.length, 1);
    touchAfter(target, target, 5);
    await checkExecBinary(input(target, { run: counting }));
    assert.equal(versionCalls.length, 2);
  });

  it("rebuildArgv keeps recorded settings and drops only -s/-w when making a binary debuggable", () => {
    const settings = { "-trimpath": "true", "-tags": "netgo", "-ldflags": "-s -w -X main.version=1" };
    assert.deepEqual(rebuildArgv("go", settings, "out", true), [
      "go",
      "build",
      "-trimpath",
      "-tags=netgo",
      "-ldflags=-X main.version=1",
      "-gcflags=all=-N -l",
      "-o",
      "out",
      ".",
    ]);
    assert.deepEqual(rebuildArgv("go", settings, "out", false), [
      "go",
      "build",
      "-trimpath",
      "-tags=netgo",
      "-ldflags=-s -w -X main.version=1",
      "-o",
      "out",
      ".",
    ]);
  });
});

describe("GD081 and GD083 against the real dlv dap", () => {
  /** Launches the trimpath binary under dlv dap and reports whether a breakpoint in main.go binds. */
  async function breakpointBinds(
    substitutePath: { from: string; to: string }[] | undefined,
    binary = bin("trim"),
  ): Promise<boolean> {
    const started = await startDlvDap({ dlvPath: realDlv, env, cwd: ws, sessionTimeoutMs: 60_000 });
    assert.ok(started.ok, started.ok ? "" : started.finding.message);
    const client = new DapClient(started.server.socket);
    try {
      await client.send(
        "initialize",
        { adapterID: "go", pathFormat: "path", linesStartAt1: true, columnsStartAt1: true },
        10_000,
      );
      const launch = await client.send(
        "launch",
        { mode: "exec", program: binary, cwd: ws, ...(substitutePath ? { substitutePath } : {}) },
        20_000,
      );
      assert.equal(launch.success, true, launch.message);
      await client.waitForEvent("initialized", 10_000);
      const reply = (await client.send(
        "setBreakpoints",
        { source: { path: path.join(ws, "main.go") }, breakpoints: [{ line: 7 }] },
        10_000,
      )) as DebugProtocol.SetBreakpointsResponse;
      assert.equal(reply.success, true, reply.message);
      return reply.body.breakpoints[0]?.verified === true;
    } finally {
      client.close();
      await started.server.stop();
    }
  }

  it("without substitutePath the breakpoint does not bind; with the suggested entry (resolved) it does", async () => {
    const findings = await checkExecBinary(
      input(bin("trim"), { launch: { file: "launch.json", path: ["configurations", 0] } }),
    );
    const fix = findings[0]?.fixes?.[0];
    assert.ok(fix?.kind === "launch");
    const entries = (fix.value as { from: string; to: string }[]).map((e) => ({
      ...e,
      from: e.from.replace("${workspaceFolder}", ws),
    }));
    assert.equal(await breakpointBinds(undefined), false);
    assert.equal(await breakpointBinds(entries), true);
    // The other direction, as the dlv terminal client spells it, does not work with dlv dap.
    assert.equal(await breakpointBinds(entries.map((e) => ({ from: e.to, to: e.from }))), false);
  });

  it("GD081's claim: a breakpoint binds in the plain build but not in the -ldflags=-w one", async () => {
    assert.equal(await breakpointBinds(undefined, bin("plain")), true);
    assert.equal(await breakpointBinds(undefined, bin("w")), false);
  });
});
