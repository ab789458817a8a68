import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { applyLaunchFix, lineColumnAt } from "../../../src/core/launch/jsoncEdits";
import { GoDebugConfig, parseLaunchText } from "../../../src/core/launch/launchParse";
import {
  analyzeLaunchText,
  checkLaunchConfig,
  checkLaunchText,
  readLaunchConfigs,
} from "../../../src/core/launch/launchChecks";
import type { Finding } from "../../../src/core/model/findings";
import { runProcess } from "../../../src/core/base/process";
import { DapClient } from "../../../src/core/dap/dapClient";
import { startDlvDap } from "../../../src/core/dap/dlvDapServer";
import { goBinary, realDlv, removeDir, tempDir, writeFile, writeModule } from "../../support/fixtures";
import { buildEnv, goBuild, MINIMAL_MAIN } from "../../support/binaryBuild";

const root = tempDir("gd-launch-");
const ws = path.join(root, "ws");

before(() => {
  writeModule(ws, { main: MINIMAL_MAIN });
  writeFile(
    path.join(ws, "lib", "lib.go"),
    "// Package lib is not a program.\npackage lib\n\nfunc F() int { return 1 }\n",
  );
  writeFile(path.join(ws, "lib", "lib_test.go"), 'package lib\n\nimport "testing"\n\nfunc TestF(t *testing.T) {}\n');
  writeFile(path.join(ws, "lib", "gen.go"), "//go:build ignore\n\npackage main\n\nfunc main() {}\n");
  writeFile(path.join(ws, "cmd", "tool", "main.go"), "/* a tool */\npackage main\n\nfunc main() {}\n");
  writeFile(path.join(ws, "empty", "README"), "nothing here\n");
  writeFile(path.join(ws, "multi", "main.go"), "package main\n\nfunc main() { helper() }\n");
  writeFile(path.join(ws, "multi", "util.go"), "package main\n\nfunc helper() {}\n");
});

after(() => removeDir(root));

/** 1-based position of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const at = body.indexOf(needle);
  assert.ok(at >= 0, `fixture contains ${needle}`);
  return lineColumnAt(body, at);
}

function only(findings: Finding[], code = "GD080"): Finding {
  const matching = findings.filter((f) => f.code === code);
  assert.equal(matching.length, 1, JSON.stringify(findings, null, 2));
  return matching[0];
}

function launchJson(configs: string[]): string {
  return `{
    // Use IntelliSense to learn about possible attributes.
    "version": "0.2.0",
    "configurations": [
${configs.join(",\n")},
    ],
}
`;
}

const file = (): string => path.join(ws, ".vscode", "launch.json");

describe("checkLaunchText: one finding per fault, on the exact attribute", () => {
  it("a correct configuration (and a node one) produce nothing", async () => {
    const text = launchJson([
      `        {
            "name": "Launch Package",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "\${workspaceFolder}", // the module root
            "args": ["-v"],
            "env": {"GOFLAGS": "-mod=mod", "UNSET": null},
            "buildFlags": ["-tags=dev"],
            "substitutePath": [{"from": "\${workspaceFolder}", "to": "/src"}],
        }`,
      `        { "name": "Tests", "type": "go", "request": "launch", "mode": "test", "program": "./lib" }`,
      `        { "name": "Tool", "type": "go", "request": "launch", "program": "cmd/tool/main.go" }`,
      `        { "name": "Attach", "type": "go", "request": "attach", "processId": "\${command:pickProcess}" }`,
      `        { "name": "Node", "type": "node", "request": "launch", "mode": "whatever" }`,
    ]);
    assert.deepEqual(await checkLaunchText(file(), text, ws), []);
  });

  it("unknown mode: error on the mode attribute, fix to the nearest mode", async () => {
    const text = launchJson([
      `        { "name": "Typo", "type": "go", "request": "launch", "mode": "degub", "program": "\${workspaceFolder}" }`,
    ]);
    const f = only(await checkLaunchText(file(), text, ws));
    assert.equal(f.severity, "error");
    assert.match(
      f.message,
      /mode "degub" of "Typo" is not a mode of the Go debugger; request "launch" takes auto, debug, test, exec, replay, core/,
    );
    assert.deepEqual(f.location, { file: file(), ...positionOf(text, '"mode": "degub"') });
    assert.deepEqual(f.fixes, [
      {
        kind: "launch",
        title: 'Set mode to "debug"',
        file: file(),
        path: ["configurations", 0, "mode"],
        value: "debug",
      },
    ]);
  });

  it("an attach mode in a launch request, and launch+remote is deprecated with a fix to attach", async () => {
    const text = launchJson([
      `        { "name": "A", "type": "go", "request": "launch", "mode": "local" }`,
      `        { "name": "B", "type": "go", "request": "launch", "mode": "remote", "host": "10.0.0.2", "port": 2345 }`,
    ]);
    const findings = await checkLaunchText(file(), text, ws);
    assert.equal(findings.length, 2, JSON.stringify(findings, null, 2));
    assert.match(findings[0].message, /mode "local" of "A" is for request "attach"/);
    assert.equal(findings[1].severity, "warning");
    assert.deepEqual(findings[1].location, {
      file: file(),
      ...positionOf(text, '"request": "launch", "mode": "remote"'),
    });
    assert.deepEqual(findings[1].fixes?.[0], {
      kind: "launch",
      title: 'Set request to "attach"',
      file: file(),
      path: ["configurations", 1, "request"],
      value: "attach",
    });
  });

  it("program is a library package: error naming the package, fixes pointing at the real main packages", async () => {
    const text = launchJson([
      `        { "name": "Lib", "type": "go", "request": "launch", "mode": "debug", "program": "\${workspaceFolder}/lib" }`,
    ]);
    const f = only(await checkLaunchText(file(), text, ws));
    assert.equal(f.severity, "error");
    // gen.go says package main but is excluded with //go:build ignore.
    assert.match(f.message, /is package lib, not a main package/);
    assert.deepEqual(f.location, { file: file(), ...positionOf(text, '"program"') });
    assert.deepEqual(
      f.fixes?.map((x) => x.kind === "launch" && x.value),
      ["${workspaceFolder}", "${workspaceFolder}/multi", "${workspaceFolder}/cmd/tool"],
    );
  });

  it("program missing, not found, empty directory, or a .go file of another package", async () => {
    const text = launchJson([
      `        { "name": "NoProgram", "type": "go", "request": "launch", "mode": "debug" }`,
      `        { "name": "Missing", "type": "go", "request": "launch", "program": "\${workspaceFolder}/nope" }`,
      `        { "name": "Empty", "type": "go", "request": "launch", "program": "empty" }`,
      `        { "name": "File", "type": "go", "request": "launch", "program": "lib/lib.go" }`,
    ]);
    const findings = await checkLaunchText(file(), text, ws);
    assert.deepEqual(
      findings.map((f) => [f.severity, f.location?.line]),
      [
        ["error", positionOf(text, '"mode": "debug" }').line],
        ["error", positionOf(text, '"program": "${workspaceFolder}/nope"').line],
        ["error", positionOf(text, '"program": "empty"').line],
        ["error", positionOf(text, '"program": "lib/lib.go"').line],
      ],
    );
    assert.match(findings[0].message, /"NoProgram" has no "program"/);
    assert.match(findings[1].message, /does not exist/);
    assert.match(findings[2].message, /contains no Go files/);
    assert.match(findings[3].message, /is in package lib, not package main/);
  });

  it("a .go program in a package of several files: dlv would build that file alone", async () => {
    const text = launchJson([
      `        { "name": "One file", "type": "go", "request": "launch", "program": "\${workspaceFolder}/multi/main.go" }`,
      `        { "name": "Current file", "type": "go", "request": "launch", "program": "\${file}" }`,
    ]);
    const findings = await checkLaunchText(file(), text, ws, { activeFile: path.join(ws, "multi", "main.go") });
    assert.equal(findings.length, 2);
    assert.match(findings[0].message, /one file of a package with 1 more \(util\.go\); dlv builds only that file/);
    assert.deepEqual(
      findings.map((f) => f.fixes?.[0]?.kind === "launch" && f.fixes[0].value),
      ["${workspaceFolder}/multi", "${fileDirname}"],
    );
    assert.deepEqual(
      findings.map((f) => f.severity),
      ["warning", "warning"],
    );
  });

  it("mode test wants test files; mode auto follows the active file like the Go extension", async () => {
    const text = launchJson([
      `        { "name": "T", "type": "go", "request": "launch", "mode": "test", "program": "\${workspaceFolder}/cmd/tool" }`,
      `        { "name": "Auto", "type": "go", "request": "launch", "program": "\${workspaceFolder}/lib" }`,
    ]);
    const asTest = await checkLaunchText(file(), text, ws, { activeFile: path.join(ws, "lib", "lib_test.go") });
    assert.equal(asTest.length, 1);
    assert.match(asTest[0].message, /no _test\.go files/);
    const asDebug = await checkLaunchText(file(), text, ws, { activeFile: path.join(ws, "lib", "lib.go") });
    assert.equal(asDebug.length, 2);
    assert.match(asDebug[1].message, /not a main package/);
  });

  it("${fileDirname} without an active file is skipped with an info; with one it is checked", async () => {
    const text = launchJson([
      `        { "name": "Current", "type": "go", "request": "launch", "mode": "debug", "program": "\${fileDirname}" }`,
    ]);
    const f = only(await checkLaunchText(file(), text, ws));
    assert.equal(f.severity, "info");
    assert.match(f.message, /uses \$\{fileDirname\}, which is only known when debugging starts/);
    assert.deepEqual(
      await checkLaunchText(file(), text, ws, { activeFile: path.join(ws, "cmd", "tool", "main.go") }),
      [],
    );
    assert.match(
      only(await checkLaunchText(file(), text, ws, { activeFile: path.join(ws, "lib", "lib.go") })).message,
      /not a main package/,
    );
  });

  it("dlvLoadConfig, apiVersion and dlvPath are ignored by dlv-dap; dlvPath moves to go.alternateTools.dlv", async () => {
    const text = launchJson([
      `        {
            "name": "Old",
            "type": "go",
            "request": "launch",
            "program": "\${workspaceFolder}",
            "dlvLoadConfig": { "maxStringLen": 200 },
            "apiVersion": 2,
            "dlvPath": "/opt/delve/dlv",
        }`,
    ]);
    const findings = await checkLaunchText(file(), text, ws, { alternateTools: { gopls: "/opt/gopls" } });
    assert.deepEqual(
      findings.map((f) => [f.severity, f.location?.line, f.location?.column]),
      [
        ["warning", positionOf(text, '"dlvLoadConfig"').line, positionOf(text, '"dlvLoadConfig"').column],
        ["warning", positionOf(text, '"apiVersion"').line, positionOf(text, '"apiVersion"').column],
        ["warning", positionOf(text, '"dlvPath"').line, positionOf(text, '"dlvPath"').column],
      ],
    );
    assert.deepEqual(findings[2].fixes, [
      {
        kind: "setting",
        title: "Set go.alternateTools.dlv to /opt/delve/dlv",
        key: "go.alternateTools",
        value: { gopls: "/opt/gopls", dlv: "/opt/delve/dlv" },
        scope: "user",
      },
      {
        kind: "launch",
        title: "Remove dlvPath",
        file: file(),
        path: ["configurations", 0, "dlvPath"],
        value: undefined,
      },
    ]);
    // With the legacy adapter dlvLoadConfig and apiVersion still matter.
    const legacy = await checkLaunchText(
      file(),
      text.replace('"apiVersion": 2,', '"apiVersion": 2, "debugAdapter": "legacy",'),
      ws,
    );
    assert.deepEqual(
      legacy.map((f) => f.message.split(" ")[0]),
      ["dlvPath"],
    );
  });

  it("remote attach without port is an error, without host an info with a fix", async () => {
    const text = launchJson([`        { "name": "Remote", "type": "go", "request": "attach", "mode": "remote" }`]);
    const findings = await checkLaunchText(file(), text, ws);
    assert.deepEqual(
      findings.map((f) => f.severity),
      ["error", "info"],
    );
    assert.match(
      findings[0].message,
      /sets no "port": the Go extension then starts a local dlv instead, which answers "Failed to attach: no debugger found"/,
    );
    assert.deepEqual(findings[1].fixes?.[0], {
      kind: "launch",
      title: 'Add "host": "127.0.0.1"',
      file: file(),
      path: ["configurations", 0, "host"],
      value: "127.0.0.1",
    });
    const ok = launchJson([
      `        { "name": "Remote", "type": "go", "request": "attach", "mode": "remote", "host": "\${input:host}", "port": 2345 }`,
    ]);
    assert.deepEqual(await checkLaunchText(file(), ok, ws), []);
  });

  it("the remote-without-port message quotes what the real dlv dap answers", async () => {
    const started = await startDlvDap({ dlvPath: realDlv, env: buildEnv(root), sessionTimeoutMs: 30_000 });
    assert.ok(started.ok, started.ok ? "" : started.finding.message);
    const client = new DapClient(started.server.socket);
    try {
      await client.send("initialize", { adapterID: "go" }, 10_000);
      const reply = await client.send("attach", { mode: "remote" }, 10_000);
      assert.equal(reply.success, false);
      assert.match(JSON.stringify(reply.body), /Failed to attach: no debugger found/);
    } finally {
      client.close();
      await started.server.stop();
    }
  });

  it("a port in a launch configuration means an external dlv dap server", async () => {
    const text = launchJson([
      `        { "name": "Old template", "type": "go", "request": "launch", "program": "\${workspaceFolder}", "host": "127.0.0.1", "port": 2345 }`,
    ]);
    const f = only(await checkLaunchText(file(), text, ws));
    assert.match(
      f.message,
      /connect to an already running `dlv dap --listen` server at 127\.0\.0\.1:2345 instead of starting dlv/,
    );
    assert.deepEqual(
      f.fixes?.map((x) => x.title),
      ['Remove "port"', 'Remove "host"'],
    );
    const attach = launchJson([
      `        { "name": "Pid", "type": "go", "request": "attach", "processId": 42, "port": 4000 }`,
    ]);
    assert.match(
      only(await checkLaunchText(file(), attach, ws)).message,
      /at 127\.0\.0\.1:4000 instead of starting dlv/,
    );
    const zero = launchJson([
      `        { "name": "Zero", "type": "go", "request": "launch", "program": ".", "port": 0 }`,
    ]);
    assert.deepEqual(
      await checkLaunchText(file(), zero, ws),
      [],
      "port 0 is falsy: the Go extension starts dlv itself",
    );
  });

  it("wrong attribute types are warnings on that attribute (zod schema)", async () => {
    const text = launchJson([
      `        { "name": "Types", "type": "go", "request": "launch", "program": ".", "stopOnEntry": "yes", "substitutePath": [{"from": "/a"}], "port": "\${input:port}", "debugAdapter": "legacy" }`,
    ]);
    const findings = await checkLaunchText(file(), text, ws);
    assert.deepEqual(
      findings.map((f) => f.location?.column),
      [positionOf(text, '"stopOnEntry"').column, positionOf(text, '"substitutePath"').column],
    );
    assert.match(findings[1].message, /"substitutePath" in "Types" has the wrong type at 0\.to/);
  });

  it("cwd and envFile that do not exist", async () => {
    const text = launchJson([
      `        { "name": "Paths", "type": "go", "request": "launch", "program": ".", "cwd": "\${workspaceFolder}/run", "envFile": ["\${workspaceFolder}/.env"] }`,
    ]);
    const findings = await checkLaunchText(file(), text, ws);
    assert.deepEqual(
      findings.map((f) => [f.severity, f.message.split(" ")[0]]),
      [
        ["warning", "cwd"],
        ["error", "envFile"],
      ],
    );
  });

  it("a malformed file gives one parse error with its line, and no other finding", async () => {
    const text = launchJson([`        { "name": "A", "type": "go", "request": "launch" "mode": "bogus" }`]);
    const findings = await checkLaunchText(file(), text, ws);
    assert.equal(findings.length, 1);
    const line = positionOf(text, '"mode": "bogus"').line;
    assert.match(findings[0].message, new RegExp(`launch\\.json cannot be parsed at line ${line}: ',' expected`));
    assert.equal(findings[0].severity, "error");
    assert.equal(findings[0].location?.line, line);
  });

  it("positions survive CRLF and a byte-order mark", async () => {
    const lf = launchJson([
      `        { "name": "Typo", "type": "go", "request": "launch", "mode": "exce", "program": "x" }`,
    ]);
    const crlfBom = "\uFEFF" + lf.replace(/\n/g, "\r\n");
    const a = only(await checkLaunchText(file(), lf, ws));
    const b = only(await checkLaunchText(file(), crlfBom, ws));
    assert.deepEqual(a.location, b.location);
    assert.deepEqual(a.location, { file: file(), ...positionOf(lf, '"mode": "exce"') });
    const analysed = await analyzeLaunchText(file(), crlfBom, ws);
    const body = crlfBom.slice(1);
    assert.equal(
      body.slice(analysed.findings[0].offset, analysed.findings[0].offset + analysed.findings[0].length),
      '"mode": "exce"',
    );
  });
});

describe("launch sections outside launch.json", () => {
  it("reads .vscode/settings.json's launch section when there is no launch.json", async () => {
    const dir = path.join(root, "settings-only");
    writeModule(dir);
    const settings = writeFile(
      path.join(dir, ".vscode", "settings.json"),
      `{
  "go.toolsManagement.autoUpdate": true,
  "launch": {
    "configurations": [
      { "name": "S", "type": "go", "request": "launch", "mode": "debug", "program": "\${workspaceFolder}", "apiVersion": 2 }
    ]
  }
}`,
    );
    const r = await readLaunchConfigs(dir);
    assert.equal(r.file, settings);
    assert.equal(r.configs.length, 1);
    assert.deepEqual(r.configs[0].path, ["launch", "configurations", 0]);
    assert.deepEqual(
      r.findings.map((f) => f.fixes?.[0]),
      [
        {
          kind: "launch",
          title: "Remove apiVersion",
          file: settings,
          path: ["launch", "configurations", 0, "apiVersion"],
          value: undefined,
        },
      ],
    );
  });

  it("checks a .code-workspace file's launch section", async () => {
    const ws2 = path.join(root, "x.code-workspace");
    const findings = await checkLaunchText(
      ws2,
      '{ "folders": [{"path": "ws"}], "launch": { "configurations": [ { "type": "go", "request": "attach", "mode": "remote", "port": 1 , "host": "h", "dlvPath": "dlv" } ] } }',
      ws,
    );
    const f = only(findings);
    assert.deepEqual(
      f.fixes?.map((x) => x.kind),
      ["manual", "launch"],
      "a relative dlvPath cannot become go.alternateTools.dlv",
    );
  });

  it("a malformed settings.json is the editor's to report, not a launch finding", async () => {
    const analysed = await analyzeLaunchText(
      path.join(ws, ".vscode", "settings.json"),
      '{ "go.goroot": "/x" "launch": {} }',
      ws,
    );
    assert.deepEqual(analysed.findings, []);
    assert.match(analysed.parseError ?? "", /settings\.json cannot be parsed at line 1/);
  });

  it("a folder without launch configurations has nothing to say", async () => {
    const dir = path.join(root, "bare");
    fs.mkdirSync(dir);
    assert.deepEqual(await readLaunchConfigs(dir), {
      file: path.join(dir, ".vscode", "launch.json"),
      configs: [],
      findings: [],
    });
  });
});

describe("checkLaunchConfig (the debug resolver's check, variables already substituted)", () => {
  it("errors without locations, nothing for other debug types", async () => {
    const findings = await checkLaunchConfig(
      { type: "go", request: "launch", mode: "debug", program: path.join(ws, "lib") },
      ws,
    );
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, "error");
    assert.equal(findings[0].location, undefined);
    assert.equal(findings[0].fixes, undefined, "no launch.json edits without a file");
    assert.deepEqual(await checkLaunchConfig({ type: "python", request: "launch" }, ws), []);
    assert.deepEqual(
      await checkLaunchConfig({ type: "go", name: "Launch", request: "launch", mode: "auto", program: ws }, ws),
      [],
    );
  });
});

describe("schema and parsing", () => {
  it("GoDebugConfig accepts every documented attribute and keeps unknown ones", () => {
    const config = {
      name: "all",
      type: "go",
      request: "launch",
      mode: "debug",
      program: ".",
      args: "a b",
      env: { A: "1" },
      envFile: ["a", "b"],
      cwd: ".",
      buildFlags: "-tags=x",
      dlvFlags: ["--check-go-version=false"],
      output: "out",
      showLog: true,
      logOutput: "dap,debugger",
      logDest: "/tmp/dlv.log",
      trace: "verbose",
      stopOnEntry: false,
      substitutePath: [{ from: "a", to: "b" }],
      host: "h",
      port: 1,
      processId: 12,
      remotePath: "/r",
      showGlobalVariables: true,
      showRegisters: false,
      hideSystemGoroutines: true,
      console: "integratedTerminal",
      asRoot: false,
      debugAdapter: "dlv-dap",
      traceDirPath: "t",
      coreFilePath: "c",
      backend: "rr",
      dlvLoadConfig: { followPointers: true, maxStringLen: 64 },
      apiVersion: 2,
      dlvPath: "/d",
      preLaunchTask: "build",
    };
    const parsed = GoDebugConfig.safeParse(config);
    assert.ok(parsed.success, parsed.success ? "" : parsed.error.message);
    assert.equal((parsed.data as Record<string, unknown>).preLaunchTask, "build");
  });

  it("parseLaunchText keeps spans of every attribute and skips non-go configurations", () => {
    const text = launchJson([
      `        { "name": "N", "type": "node" }`,
      `        { "name": "G", "type": "go", "request": "launch" }`,
    ]);
    const r = parseLaunchText(file(), text);
    assert.equal(r.configs.length, 1);
    assert.equal(r.configs[0].index, 1);
    assert.equal(
      text.slice(
        r.configs[0].spans.request.offset,
        r.configs[0].spans.request.offset + r.configs[0].spans.request.length,
      ),
      '"request": "launch"',
    );
  });
});

describe("mode exec with real binaries, and fixes applied to the file", () => {
  const env = buildEnv(root);
  const exec = { goBinary, env, run: runProcess };

  it("GD081 on program for a -ldflags=-w binary; GD083 with a fix that, applied, silences it and keeps comments", async () => {
    await Promise.all([
      goBuild(root, ws, path.join(ws, "bin", "hello-w"), ["-ldflags=-w"]),
      goBuild(root, ws, path.join(ws, "bin", "hello-trim"), ["-trimpath"]),
    ]);
    const launchFile = writeFile(
      file(),
      launchJson([
        `        // stripped on purpose
        { "name": "W", "type": "go", "request": "launch", "mode": "exec", "program": "\${workspaceFolder}/bin/hello-w" }`,
        `        { "name": "Trim", "type": "go", "request": "launch", "mode": "exec", "program": "bin/hello-trim" } // release build`,
      ]).replace(/\n/g, "\r\n"),
    );
    const before = fs.readFileSync(launchFile, "utf8");
    const r = await readLaunchConfigs(ws, { exec });
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["GD081", "GD083"],
    );
    assert.deepEqual(r.findings[0].location, {
      file: launchFile,
      ...positionOf(before, '"program": "${workspaceFolder}/bin/hello-w"'),
    });
    const fix = r.findings[1].fixes?.[0];
    assert.ok(fix?.kind === "launch");
    assert.deepEqual(fix.path, ["configurations", 1, "substitutePath"]);
    assert.deepEqual(fix.value, [{ from: "${workspaceFolder}", to: "example.com/hello" }]);

    const applied = await applyLaunchFix(fix);
    assert.ok(applied.ok);
    const after = fs.readFileSync(launchFile, "utf8");
    assert.ok(after.includes("// stripped on purpose") && after.includes("// release build"));
    assert.ok(!after.replace(/\r\n/g, "").includes("\n"), "CRLF kept");
    const again = await readLaunchConfigs(ws, { exec });
    assert.deepEqual(
      again.findings.map((f) => f.code),
      ["GD081"],
    );
    assert.ok((await applyLaunchFix(fix)).ok);
    assert.equal(fs.readFileSync(launchFile, "utf8"), after, "applying twice changes nothing");
  });

  it("mode exec pointing at a source directory is an error with a fix to mode debug", async () => {
    const text = launchJson([
      `        { "name": "Src", "type": "go", "request": "launch", "mode": "exec", "program": "\${workspaceFolder}" }`,
    ]);
    const f = only(await checkLaunchText(file(), text, ws, { exec }));
    assert.match(f.message, /is a directory, but mode "exec" runs a pre-built binary/);
    assert.deepEqual(f.fixes?.[0], {
      kind: "launch",
      title: 'Set mode to "debug"',
      file: file(),
      path: ["configurations", 0, "mode"],
      value: "debug",
    });
  });
});
