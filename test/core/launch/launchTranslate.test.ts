import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseEnvFile, translateLaunch } from "../../../src/core/launch/launchTranslate";
import { removeDir, tempDir, writeFile, writeModule } from "../../support/fixtures";

let root: string;
let moduleDir: string;

before(() => {
  root = tempDir("gd-launch-translate-");
  moduleDir = writeModule(path.join(root, "app"));
});
after(() => removeDir(root));

void describe("parseEnvFile", () => {
  void it("reads assignments as the Go extension does", () => {
    const text = [
      "# a comment",
      "",
      "PLAIN=value with spaces",
      "export EXPORTED=yes",
      'DOUBLE="line1\\nline2"',
      "SINGLE='kept \\n literally'",
      "EMPTY=",
      "not an assignment",
      "  SPACED = padded  ",
      "DOTTED.NAME=ok",
    ].join("\r\n");
    assert.deepEqual(parseEnvFile(text), {
      PLAIN: "value with spaces",
      EXPORTED: "yes",
      DOUBLE: "line1\nline2",
      SINGLE: "kept \\n literally",
      EMPTY: "",
      SPACED: "padded",
      "DOTTED.NAME": "ok",
    });
  });
});

void describe("translateLaunch", () => {
  void it("runs a local dlv in the program's directory with dlvFlags, and passes the rest through", () => {
    const t = translateLaunch("launch", {
      mode: "debug",
      program: path.join(moduleDir, "main.go"),
      args: ["-v"],
      dlvFlags: ["--check-go-version=false"],
      buildFlags: "-tags=dev",
      stopOnEntry: true,
    });
    assert.ok(t.ok);
    assert.deepEqual(t.target, {
      kind: "local",
      dlvFlags: ["--check-go-version=false"],
      dlvCwd: moduleDir,
      arguments: {
        mode: "debug",
        program: path.join(moduleDir, "main.go"),
        args: ["-v"],
        dlvFlags: ["--check-go-version=false"],
        buildFlags: "-tags=dev",
        stopOnEntry: true,
      },
    });
  });

  void it("merges envFiles in order under env, relative to cwd, and drops envFile", () => {
    writeFile(path.join(moduleDir, "a.env"), "A=1\nB=from-a\n");
    writeFile(path.join(moduleDir, "b.env"), "B=from-b\nC=3\n");
    const t = translateLaunch("launch", {
      mode: "test",
      program: moduleDir,
      cwd: moduleDir,
      envFile: ["a.env", "b.env"],
      env: { C: "from-env", D: null },
    });
    assert.ok(t.ok && t.target.kind === "local");
    assert.deepEqual(t.target.arguments.env, { A: "1", B: "from-b", C: "from-env", D: null });
    assert.equal("envFile" in t.target.arguments, false);
    assert.equal(t.target.dlvCwd, moduleDir);
  });

  void it("sends attach mode remote and launch with a port to the given server", () => {
    const a = translateLaunch("attach", {
      mode: "remote",
      host: "10.1.2.3",
      port: 2345,
      substitutePath: [{ from: "/src", to: "/app" }],
    });
    assert.ok(a.ok);
    assert.deepEqual(a.target, {
      kind: "remote",
      host: "10.1.2.3",
      port: 2345,
      arguments: { mode: "remote", host: "10.1.2.3", port: 2345, substitutePath: [{ from: "/src", to: "/app" }] },
    });
    const l = translateLaunch("launch", { mode: "debug", program: moduleDir, port: "4000" });
    assert.ok(l.ok && l.target.kind === "remote" && l.target.host === "127.0.0.1" && l.target.port === 4000);
  });

  void it("keeps a local attach to a process local", () => {
    const t = translateLaunch("attach", { mode: "local", processId: 1234 });
    assert.ok(t.ok && t.target.kind === "local");
  });

  void it("says GD080 for a remote attach without a port, a wrongly typed attribute, and a missing envFile", () => {
    const noPort = translateLaunch("attach", { mode: "remote", host: "example" });
    assert.ok(!noPort.ok && /^GD080: a remote attach needs "port"/.test(noPort.finding.message));
    const badFlags = translateLaunch("launch", { mode: "debug", dlvFlags: "--log" });
    assert.ok(
      !badFlags.ok &&
        badFlags.finding.code === "GD080" &&
        badFlags.finding.details?.some((d) => d.startsWith("dlvFlags")),
    );
    const missing = translateLaunch("launch", {
      mode: "debug",
      program: moduleDir,
      envFile: path.join(root, "nope.env"),
    });
    assert.ok(!missing.ok && /nope\.env cannot be read: ENOENT/.test(missing.finding.message));
    assert.equal(fs.existsSync(path.join(root, "nope.env")), false);
  });
});
