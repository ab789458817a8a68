// gopls started exactly as the extension starts it (same command, arguments and
// environment, over stdio) against a real module answers a hover.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import { goplsSpec, serverOptionsOf } from "../../src/extension/serverOptions";
import { hermeticEnv, realGopls, removeDir, tempDir, writeModule } from "../support/fixtures";

void describe("gopls from the extension's server options", () => {
  let root: string;
  before(() => {
    root = tempDir("gd-gopls-");
  });
  after(() => removeDir(root));

  void it("puts the captured environment and toolsEnvVars into the server options", () => {
    const spec = goplsSpec({
      goplsPath: "/opt/bin/gopls",
      env: { PATH: "/login/bin", GOPATH: "/gp", EMPTY: undefined },
      toolsEnvVars: { GOFLAGS: "-tags=x", GOPATH: "/override" },
    });
    assert.deepEqual(serverOptionsOf(spec, "/ws"), {
      command: "/opt/bin/gopls",
      args: ["-mode=stdio"],
      options: { env: { PATH: "/login/bin", GOPATH: "/override", GOFLAGS: "-tags=x" }, cwd: "/ws" },
    });
  });

  void it("answers a hover on a real module", { timeout: 60_000 }, async () => {
    const home = path.join(root, "home");
    const mod = writeModule(path.join(root, "mod"));
    // A login environment whose GOPATH and caches live in the temp HOME.
    const env = hermeticEnv(home, { GOPATH: path.join(home, "go"), GOCACHE: path.join(home, "cache") });
    const opts = serverOptionsOf(goplsSpec({ goplsPath: realGopls, env }), mod);
    const child = spawn(opts.command, opts.args, {
      cwd: opts.options.cwd,
      env: opts.options.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const conn: MessageConnection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    conn.listen();
    try {
      const rootUri = pathToFileURL(mod).href;
      await conn.sendRequest("initialize", {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: "mod" }],
        capabilities: { textDocument: { hover: { contentFormat: ["markdown", "plaintext"] } } },
      });
      await conn.sendNotification("initialized", {});
      const file = path.join(mod, "main.go");
      const text = fs.readFileSync(file, "utf8");
      const uri = pathToFileURL(file).href;
      await conn.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId: "go", version: 1, text },
      });
      const lines = text.split("\n");
      const line = lines.findIndex((l) => l.includes("fmt.Println"));
      const character = (lines[line] ?? "").indexOf("Println") + 2;
      const hover = await conn.sendRequest<{ contents: { kind: string; value: string } } | null>("textDocument/hover", {
        textDocument: { uri },
        position: { line, character },
      });
      assert.ok(hover, `no hover; gopls stderr:\n${stderr}`);
      assert.match(hover.contents.value, /func fmt\.Println|func Println/);
      await conn.sendRequest("shutdown");
      await conn.sendNotification("exit");
    } finally {
      conn.dispose();
      child.kill("SIGKILL");
    }
  });
});
