// With the Go extension installed, its debug adapter stays in charge and Go
// Doctor registers nothing twice and starts no gopls. A stand-in for golang.go
// (same id, a `go` debugger contribution, an adapter factory that runs real
// `dlv dap` and connects VS Code to it) is installed next to the packaged Go
// Doctor in a real VS Code (code-server); F5 must stop at a breakpoint through
// the stand-in's adapter. The other set-up, Go Doctor as the adapter, is what
// the scenarios in test/e2e/editor.test.ts run.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import { requireCodeServer } from "./harness/codeServer";
import { testExtensionVsix } from "./harness/driver";
import { programsOf } from "./harness/processes";
import { closeAllEditors, withEditor } from "./harness/run";
import { BREAKPOINT_LINE, Scenario } from "./harness/scenario";
import { poll } from "./harness/workbench";
import { goRoot } from "../support/fixtures";

after(closeAllEditors);

const STANDIN_MAIN = `
const vscode = require("vscode");
const cp = require("child_process");
const fs = require("fs");
const note = (line) => fs.appendFileSync(process.env.GO_STANDIN_MARKER, line + "\\n");
// Like the real Go extension: gopls runs as a child of the extension host, and is
// restarted only by go.languageserver.restart (not when go.goroot or go.toolsGopath change).
let gopls;
const startGopls = () => {
  gopls = cp.spawn("/bin/bash", ["-l", "-c", 'exec gopls serve -logfile="$GO_STANDIN_MARKER.gopls.log"'], { stdio: ["pipe", "ignore", "ignore"] });
  note("gopls started");
};
exports.activate = (context) => {
  try {
    startGopls();
    context.subscriptions.push({ dispose: () => gopls.kill() });
    context.subscriptions.push(vscode.debug.registerDebugAdapterDescriptorFactory("go", {
      createDebugAdapterDescriptor(session) {
        note("adapter for " + session.configuration.name);
        // Like the real Go extension: dlv from the login environment, spoken to over TCP.
        const child = cp.spawn("/bin/bash", ["-l", "-c", "exec dlv dap --listen=127.0.0.1:0"], { cwd: session.workspaceFolder ? session.workspaceFolder.uri.fsPath : process.env.HOME, stdio: ["ignore", "pipe", "pipe"] });
        return new Promise((resolve, reject) => {
          let out = "";
          child.stdout.on("data", (d) => {
            out += d;
            const m = /listening at: [^\\s]*:(\\d+)/.exec(out);
            if (m) resolve(new vscode.DebugAdapterServer(Number(m[1]), "127.0.0.1"));
          });
          child.on("exit", (code) => reject(new Error("dlv exited " + code + ": " + out)));
        });
      },
    }));
    context.subscriptions.push(vscode.commands.registerCommand("go.languageserver.restart", () => {
      note("language server restart");
      gopls.kill();
      startGopls();
    }));
    note("registered");
  } catch (e) {
    note("register failed: " + e.message);
  }
};
`;

function standInVsix(dir: string): string {
  return testExtensionVsix(
    dir,
    {
      name: "go",
      publisher: "golang",
      displayName: "Go (stand-in for the test)",
      version: "0.99.0",
      activationEvents: ["workspaceContains:**/go.mod", "onDebugResolve:go"],
      contributes: {
        debuggers: [{ type: "go", label: "Go", languages: ["go"] }],
        breakpoints: [{ language: "go" }],
        commands: [{ command: "go.languageserver.restart", title: "Go: Restart Language Server" }],
      },
    },
    STANDIN_MAIN,
    "A stand-in for golang.go in Go Doctor's tests.",
  );
}

test(
  "with golang.go installed: its adapter debugs, Go Doctor registers no second factory and starts no gopls, reports ready, and a settings fix restarts the Go extension's language server",
  { timeout: 300_000 },
  async () => {
    const s = new Scenario("go-extension-coexistence");
    s.setUp();
    const marker = path.join(s.root, "standin-marker.txt");
    fs.writeFileSync(marker, "");
    const vsix = standInVsix(path.join(s.root, "standin"));
    execFileSync(
      process.execPath,
      [
        requireCodeServer(),
        "--user-data-dir",
        path.join(s.root, "user-data"),
        "--extensions-dir",
        path.join(s.root, "extensions"),
        "--install-extension",
        vsix,
      ],
      {
        env: { HOME: s.home, PATH: s.pathDir },
        stdio: "pipe",
        timeout: 120_000,
      },
    );

    // go.goroot naming the go binary instead of its installation directory (GD070).
    const userSettings = { "go.goroot": path.join(goRoot, "bin", "go") };
    await withEditor(s, { env: { GO_STANDIN_MARKER: marker }, userSettings }, async (editor) => {
      const wb = editor.workbench;
      await poll("the Go Doctor report with both gates open", 90_000, async () => {
        const r = s.report();
        return r?.gates.language.open && r.gates.debug.open ? r : undefined;
      });
      await wb.waitReadiness("ready", (st) => st.kind === "normal" && st.text.includes("dlv 1.27.2"), 30_000);
      assert.match(await wb.readinessTooltip(), /run by the Go extension/);

      // Both factories would collide: the stand-in's registration must have succeeded.
      const registered = await poll("the stand-in to activate", 60_000, async () =>
        fs.readFileSync(marker, "utf8").includes("regist") ? fs.readFileSync(marker, "utf8") : undefined,
      );
      assert.match(registered, /^registered$/m);
      assert.doesNotMatch(registered, /register failed/);

      await wb.openFile("main.go");
      await wb.toggleBreakpoint(BREAKPOINT_LINE);
      await wb.startDebugging();
      await wb.waitStopped(120_000);
      await wb.waitVariable("greeting", '"hello"', 15_000);
      assert.match(
        fs.readFileSync(marker, "utf8"),
        /^adapter for Launch hello$/m,
        "the stand-in's adapter ran the session",
      );
      // The Go extension owns gopls: Go Doctor started none (it would run `gopls -mode=stdio`; the stand-in runs `gopls serve`).
      const gopls = programsOf(s.home, "gopls").map((p) => p.argv);
      assert.ok(
        gopls.some((argv) => argv.includes("serve")),
        `the stand-in's gopls runs: ${JSON.stringify(gopls)}`,
      );
      assert.deepEqual(
        gopls.filter((argv) => argv.includes("-mode=stdio")),
        [],
      );
      await editor.screenshot("stopped");
      await wb.stopDebugging();

      // Fix Environment writes the user setting through the configuration API and restarts the Go extension's server.
      await wb.runCommand("Go Doctor: Fix Environment");
      await wb.waitQuickPick();
      await wb.choosePicks(/Set go\.goroot to/);
      await poll("go.languageserver.restart after the fix", 30_000, async () =>
        fs.readFileSync(marker, "utf8").includes("language server restart") ? true : undefined,
      );
      // code-server is a remote window: a user setting that also has a remote (Machine) value is written there.
      const settingsOf = (dir: string): Record<string, unknown> | undefined => {
        const file = path.join(s.root, "user-data", dir, "settings.json");
        return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : undefined;
      };
      const effective = (): Record<string, unknown> | undefined => {
        // The editor's save truncates, then writes: a file read in between does not parse yet.
        try {
          const machine = settingsOf("Machine");
          return machine && "go.goroot" in machine ? machine : settingsOf("User");
        } catch {
          return undefined;
        }
      };
      await poll(
        "go.goroot written by the fix",
        15_000,
        async () => (effective()?.["go.goroot"] === goRoot ? true : undefined),
        async () => `settings after the fix: ${JSON.stringify(effective())}`,
      );
      const after = await poll("a report without the GD070", 60_000, async () => {
        const r = s.report();
        return r && !r.findings.some((f) => f.code === "GD070" && f.message.includes("go.goroot")) ? r : undefined;
      });
      assert.ok(after.gates.debug.open);
      // That fix restarted the server, so no restart is pending.
      assert.ok(
        !after.findings.some((f) => f.code === "GD070" && /has not restarted/.test(f.message)),
        JSON.stringify(after.findings),
      );

      // GD070, the restart case: the user changes go.toolsGopath; the Go extension's gopls keeps the old value.
      const setToolsGopath = (dir: string): void => {
        fs.mkdirSync(dir, { recursive: true });
        for (const level of ["User", "Machine"]) {
          const file = path.join(s.root, "user-data", level, "settings.json");
          fs.writeFileSync(file, JSON.stringify({ ...(settingsOf(level) ?? {}), "go.toolsGopath": dir }, null, 2));
        }
      };
      const restarts = (): number => fs.readFileSync(marker, "utf8").split("language server restart").length - 1;
      const pendingRestart = (from: RegExp): Promise<unknown> =>
        poll(`GD070: go.toolsGopath changed ${from}, the Go extension's server has not restarted`, 60_000, async () =>
          s
            .report()
            ?.findings.find(
              (f) => f.code === "GD070" && from.test(f.message) && /has not restarted since/.test(f.message),
            ),
        );
      const noPendingRestart = (): Promise<unknown> =>
        poll("a report without a pending restart", 60_000, async () => {
          const r = s.report();
          return r && !r.findings.some((f) => f.code === "GD070" && /has not restarted/.test(f.message))
            ? r
            : undefined;
        });

      // Fixed from Fix Environment: Go Doctor runs the Go extension's restart.
      setToolsGopath(path.join(s.root, "tools-a"));
      const pending = (await pendingRestart(/^go\.toolsGopath changed from unset to "[^"]*tools-a"/)) as {
        fixes?: { title: string }[];
      };
      assert.deepEqual(
        pending.fixes?.map((f) => f.title),
        ["Restart the Go extension's language server"],
      );
      const before = restarts();
      await wb.runCommand("Go Doctor: Fix Environment");
      await wb.waitQuickPick();
      await wb.choosePicks(/Restart the Go extension's language server/);
      await poll("the restart through Fix Environment", 30_000, async () => (restarts() > before ? true : undefined));
      await noPendingRestart();

      // Fixed by the user with the Go extension's own command: the younger gopls child is what tells.
      setToolsGopath(path.join(s.root, "tools-b"));
      await pendingRestart(/tools-a" to "[^"]*tools-b"/);
      const beforeUser = restarts();
      await wb.runCommand("Go: Restart Language Server");
      await poll("the user's restart", 30_000, async () => (restarts() > beforeUser ? true : undefined));
      await wb.runCommand("Go Doctor: Re-check Environment");
      await noPendingRestart();
    });
  },
);
