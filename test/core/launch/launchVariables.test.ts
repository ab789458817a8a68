import assert from "node:assert/strict";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { resolveLaunchPath, substitute } from "../../../src/core/launch/launchVariables";

const folder = path.join(os.tmpdir(), "ws");
const activeFile = path.join(folder, "cmd", "app", "main.go");

describe("substitute", () => {
  it("resolves the workspace, file and env variables VS Code would", () => {
    const ctx = { folder, activeFile, env: { SRC: "/src" } };
    assert.deepEqual(substitute("${workspaceFolder}/x", ctx), { value: `${folder}/x` });
    assert.deepEqual(substitute("${workspaceRoot}", ctx), { value: folder });
    assert.deepEqual(substitute("${fileDirname}", ctx), { value: path.join(folder, "cmd", "app") });
    assert.deepEqual(substitute("${relativeFileDirname}|${fileBasenameNoExtension}", ctx), {
      value: `${path.join("cmd", "app")}|main`,
    });
    assert.deepEqual(substitute("${env:SRC}/a${env:UNSET}", ctx), { value: "/src/a" });
  });

  it("leaves what only VS Code knows unresolved, naming the first such variable", () => {
    assert.deepEqual(substitute("${input:bin}/${command:pick}", { folder }), { unresolved: "${input:bin}" });
    assert.deepEqual(substitute("${file}", { folder }), { unresolved: "${file}" }, "no active file");
    assert.deepEqual(substitute("${workspaceFolder:other}", { folder }), { unresolved: "${workspaceFolder:other}" });
  });
});

describe("resolveLaunchPath", () => {
  it("takes relative paths from the workspace folder and expands a leading ~", () => {
    assert.deepEqual(resolveLaunchPath("bin/app", { folder }), { path: path.join(folder, "bin", "app") });
    assert.deepEqual(resolveLaunchPath("~/go/bin/app", { folder }), {
      path: path.join(os.homedir(), "go", "bin", "app"),
    });
    assert.deepEqual(resolveLaunchPath("/abs/app", { folder }), { path: "/abs/app" });
  });
});
