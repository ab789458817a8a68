// The product as a user meets it: the packaged .vsix in a real VS Code
// (code-server 4.100.3) in Debian's chromium, a real Go workspace, real go,
// dlv and gopls. Each test is one of the races of issue 6, reproduced: the
// editor starts blind (VSCODE_CLI=1, no Go on its PATH), the temporary HOME's
// login profile holds what the scenario needs, and what the test asserts is
// what a user sees — status bar, notifications, quick picks, the debug
// toolbar, the Variables view — plus the report file where the UI cannot show
// state (GO_DOCTOR_REPORT_FILE). Screenshots: test-artifacts/e2e/.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import { goVersion, realDlv, realGopls, writeFile, writeFileProxy } from "../support/fixtures";
import type { Editor } from "./harness/editor";
import { programsOf, processesOf } from "./harness/processes";
import { closeAllEditors, withEditor } from "./harness/run";
import { BREAKPOINT_LINE, findingCodes, goBinDir, pinnedToolsProxy, Scenario, waitReport } from "./harness/scenario";
import { poll, type StatusItem } from "./harness/workbench";

const DLV_VERSION = "1.27.2";
const SCENARIO_TIMEOUT = 240_000;
/** Start-up checks on a 2-core machine with other tests running. */
const READY_WITHIN = 90_000;
/** A debug build of the program with -gcflags=all=-N -l and dlv start-up. */
const STOP_WITHIN = 120_000;

after(closeAllEditors);

function isReady(s: StatusItem): boolean {
  return s.kind === "normal" && s.text.includes(`Go ${goVersion}`) && s.text.includes(`dlv ${DLV_VERSION}`);
}

/**
 * The ready state a user is promised. Checked last in each scenario, once the
 * scenario's own behaviour is proven, so that a wrong overall state does not hide the rest.
 */
async function assertReady(editor: Editor, when: string): Promise<void> {
  await editor.workbench.waitReadiness(
    `ready ${when} (Go ${goVersion} · dlv ${DLV_VERSION}, no warning or error colour)`,
    isReady,
    15_000,
  );
}

/** Breakpoint on the line that prints `greeting`, F5, and the stopped state a user sees. */
async function debugToBreakpoint(editor: Editor): Promise<void> {
  const wb = editor.workbench;
  await wb.openFile("main.go");
  await wb.toggleBreakpoint(BREAKPOINT_LINE);
  await wb.startDebugging();
  await wb.waitStopped(STOP_WITHIN);
  // The Call Stack view can lag the editor's stopped decoration by a moment.
  await poll(
    "the call stack paused on the breakpoint",
    10_000,
    async () => (/paused on breakpoint/i.test(await wb.callStackState()) ? true : undefined),
    () => wb.callStackState(),
  );
  await wb.waitVariable("greeting", '"hello"', 15_000);
}

const LAUNCH_FAILURE =
  /could not launch process|Failed to launch|couldn't start dlv dap|timed out while waiting for DAP/i;

test(
  "blind start: the editor has no Go on PATH, the login profile adds it; status turns ready and gopls runs with the login PATH",
  { timeout: SCENARIO_TIMEOUT },
  async (t) => {
    const s = new Scenario("1-blind-start");
    const gobin = s.setUp();

    await withEditor(s, {}, async (editor) => {
      const wb = editor.workbench;
      // Blind for real: the extension host has the editor's PATH, not the login one.
      const host = processesOf(s.home).find((p) => p.argv.some((a) => a.includes("extensionHost")));
      assert.ok(host, "the extension host process was found");
      const hostPath = (host.env.PATH ?? "").split(":");
      assert.ok(hostPath.includes(s.pathDir), `the extension host has the editor's PATH: ${host.env.PATH}`);
      assert.ok(
        !hostPath.some((d) => fs.existsSync(path.join(d, "go"))),
        `no go on the extension host's PATH: ${host.env.PATH}`,
      );
      assert.equal(host.env.VSCODE_CLI, "1");

      const opened = Date.now();
      const report = await waitReport(
        s,
        "both gates open",
        (r) => r.gates.language.open && r.gates.debug.open,
        READY_WITHIN,
      );
      t.diagnostic(
        `both gates open ${Date.now() - opened} ms after the workbench showed; login shell capture ${report.env.durationMs} ms`,
      );
      await wb.waitReadiness(
        `Go ${goVersion} · dlv ${DLV_VERSION}`,
        (st) => st.text.includes(`Go ${goVersion}`) && st.text.includes(`dlv ${DLV_VERSION}`),
        15_000,
      );
      assert.equal(report.env.source, "login-shell");
      assert.equal(report.tools.gopls.path, path.join(gobin, "gopls"));
      assert.equal(report.tools.dlv.path, path.join(gobin, "dlv"));

      const gopls = await poll(
        "a running gopls started by the editor",
        30_000,
        async () => programsOf(s.home, "gopls")[0],
      );
      const goplsPath = (gopls.env.PATH ?? "").split(":");
      assert.ok(goplsPath.includes(goBinDir), `gopls's PATH has the Go toolchain: ${gopls.env.PATH}`);
      assert.ok(goplsPath.includes(gobin), `gopls's PATH has GOBIN: ${gopls.env.PATH}`);

      await wb.openFile("main.go");
      const hover = await poll("a gopls hover on fmt.Println", 60_000, async () => {
        const text = await wb.hoverAt(BREAKPOINT_LINE, 7).catch(() => "");
        await editor.page.keyboard.press("Escape");
        return /func fmt\.Println|func Println/.test(text) ? text : undefined;
      });
      assert.match(hover, /Println/);
      const lspErrors = (await wb.notificationTexts()).filter((t) =>
        /Request \S+ failed|server crashed|Couldn't start client/i.test(t),
      );
      assert.deepEqual(lspErrors, [], "gopls answers without errors");

      await wb.screenshotReadiness(`${s.name}-status`);
      await editor.screenshot("ready");
      await assertReady(editor, "after a blind start");
    });
  },
);

test(
  "dlv off PATH: dlv only in the second GOPATH entry's bin; F5 stops at the breakpoint and Variables shows the local",
  { timeout: SCENARIO_TIMEOUT },
  async () => {
    const s = new Scenario("2-dlv-off-path");
    const gp1 = path.join(s.home, "gp1");
    const gp2 = path.join(s.home, "gp2");
    const tools = path.join(s.home, "tools");
    fs.mkdirSync(path.join(gp1, "bin"), { recursive: true });
    const dlv = s.installTool(realDlv, path.join(gp2, "bin"));
    s.installTool(realGopls, tools);
    s.writeProfile(s.standardGoVars({ gobin: null, pathExtra: [tools], extra: [["GOPATH", `${gp1}:${gp2}`]] }));
    s.writeWorkspace();

    await withEditor(s, {}, async (editor) => {
      const wb = editor.workbench;
      const report = await waitReport(s, "the debug gate open", (r) => r.gates.debug.open, READY_WITHIN);
      assert.equal(report.tools.dlv.path, dlv, "Go Doctor found dlv in the second GOPATH entry");
      assert.ok(findingCodes(report).includes("GD021"), `GD021 reported: ${JSON.stringify(findingCodes(report))}`);
      await wb.waitReadiness("that dlv was found", (st) => st.text.includes(`dlv ${DLV_VERSION}`), 15_000);

      await debugToBreakpoint(editor);
      const running = programsOf(s.home, "dlv");
      assert.ok(
        running.length > 0 && running.every((p) => p.argv[0] === dlv),
        `the dlv debugging is ${dlv}: ${JSON.stringify(running.map((p) => p.argv))}`,
      );
      await editor.screenshot("stopped");
      await wb.stopDebugging();
    });
  },
);

test(
  "dlv missing: status names GD020; Fix Environment installs dlv through the module proxy; status turns ready; F5 stops",
  { timeout: SCENARIO_TIMEOUT },
  async (t) => {
    const s = new Scenario("3-dlv-missing");
    // The module cache's download directory as GOPROXY: `dlv@latest` is the pinned v1.27.2, offline.
    const gobin = s.setUp({ dlv: false, extra: [["GOPROXY", pinnedToolsProxy]] });

    await withEditor(s, {}, async (editor) => {
      const wb = editor.workbench;
      const blocked = await waitReport(s, "GD020", (r) => findingCodes(r).includes("GD020"), READY_WITHIN);
      assert.equal(blocked.gates.debug.open, false);
      assert.ok(
        blocked.gates.debug.codes.includes("GD020"),
        `the debug gate is shut by GD020: ${JSON.stringify(blocked.gates.debug)}`,
      );
      const status = await wb.waitReadiness(
        "that debugging is blocked",
        (st) => st.kind !== "normal" && !isReady(st),
        15_000,
      );
      const tooltip = await wb.readinessTooltip();
      assert.match(`${status.text} ${status.label} ${tooltip}`, /GD020/, "the status item names GD020");
      await wb.screenshotReadiness(`${s.name}-status`);
      await editor.screenshot("blocked-gd020");

      await wb.runCommand("Go Doctor: Show Report");
      await editor.page.locator(".webview, iframe.webview").first().waitFor({ state: "visible", timeout: 20_000 });
      await new Promise((r) => setTimeout(r, 2000));
      await editor.screenshot("report");
      await editor.page.keyboard.press("Escape");

      await wb.runCommand("Go Doctor: Fix Environment");
      const rows = await wb.waitQuickPick();
      assert.ok(
        rows.some((r) => /go-delve\/delve\/cmd\/dlv|Delve|dlv/.test(r)),
        `Fix Environment offers to install dlv: ${JSON.stringify(rows)}`,
      );
      await editor.screenshot("fix-environment");
      await wb.choosePicks(/go-delve\/delve\/cmd\/dlv|Install Delve|install dlv/i);
      const fixStarted = Date.now();

      await poll("dlv to be installed into GOBIN", 120_000, async () =>
        fs.existsSync(path.join(gobin, "dlv")) ? true : undefined,
      );
      const fixed = await waitReport(s, "the debug gate open", (r) => r.gates.debug.open, READY_WITHIN);
      assert.equal(fixed.tools.dlv.path, path.join(gobin, "dlv"));
      assert.equal(fixed.tools.dlv.version, DLV_VERSION);
      t.diagnostic(`Fix Environment: dlv installed and the debug gate open in ${Date.now() - fixStarted} ms`);
      await wb.waitReadiness(
        `dlv ${DLV_VERSION} after the fix`,
        (st) => st.text.includes(`dlv ${DLV_VERSION}`),
        15_000,
      );

      await debugToBreakpoint(editor);
      await editor.screenshot("stopped");
      await wb.stopDebugging();
      await assertReady(editor, "after Fix Environment");
    });
  },
);

test(
  "debug at once: F5 the moment the window opens, before the checks finish; the launch waits with progress, then stops at the breakpoint",
  { timeout: SCENARIO_TIMEOUT },
  async (t) => {
    const s = new Scenario("4-debug-at-once");
    // A slow profile keeps the checks running while the user presses F5; the shell timeout is raised so it is slow, not failed.
    s.setUp({ lines: ["sleep 12"] });

    await withEditor(s, { userSettings: { "goDoctor.shell.timeoutMs": 60_000 } }, async (editor) => {
      const wb = editor.workbench;
      await wb.startRecordingTexts();
      await wb.openFile("main.go");
      await wb.toggleBreakpoint(BREAKPOINT_LINE);
      const before = await wb.readiness();
      assert.equal(s.report(), undefined, "F5 is pressed before the first diagnosis has finished");
      assert.ok(
        !before || !isReady(before),
        `the status is not ready yet when F5 is pressed: ${JSON.stringify(before)}`,
      );
      await wb.startDebugging();
      const pressed = Date.now();

      await wb.waitStopped(STOP_WITHIN);
      t.diagnostic(`F5 before the checks finished: stopped at the breakpoint ${Date.now() - pressed} ms later`);
      await wb.waitVariable("greeting", '"hello"', 15_000);
      const seen = await wb.recordedTexts();
      assert.ok(
        seen.some((t) => /Go Doctor/i.test(t) && /wait|checking|capturing/i.test(t)),
        `a progress message said what the launch was waiting for: ${JSON.stringify(seen.slice(-30))}`,
      );
      assert.ok(
        !seen.some((t) => LAUNCH_FAILURE.test(t)),
        `no launch failure was shown: ${JSON.stringify(seen.filter((t) => LAUNCH_FAILURE.test(t)))}`,
      );
      await editor.screenshot("stopped");
      await wb.stopDebugging();
    });
  },
);

test(
  "modules not downloaded: an empty module cache and a file:// GOPROXY; F5 shows the download, then stops at the breakpoint",
  { timeout: SCENARIO_TIMEOUT },
  async () => {
    const s = new Scenario("5-modules-missing");
    const gobin = path.join(s.home, "go", "bin");
    s.installTool(realDlv, gobin);
    s.installTool(realGopls, gobin);
    const proxy = writeFileProxy(
      s.root,
      "example.com/greet",
      "v1.0.0",
      'package greet\n\n// Word is what main prints.\nfunc Word() string { return "hello" }\n',
    );
    s.writeWorkspace({
      requires: ["example.com/greet v1.0.0"],
      main: `package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n)\n\nfunc main() {\n\tgreeting := greet.Word()\n\tfmt.Println(greeting)\n}\n`,
    });
    const modCache = path.join(s.home, "modcache");
    const vars = s.standardGoVars({ gobin }).filter(([k]) => k !== "GOMODCACHE");
    vars.push(["GOMODCACHE", modCache], ["GOPROXY", proxy], ["GOSUMDB", "off"]);
    s.writeProfile(vars);
    s.writeGoSum(s.workspace, proxy);
    assert.ok(
      fs.readFileSync(path.join(s.workspace, "go.sum"), "utf8").includes("example.com/greet v1.0.0"),
      "go.sum was written",
    );
    const greetInCache = (): boolean => fs.existsSync(path.join(modCache, "example.com", "greet@v1.0.0"));
    const line = 11;

    // gopls would fetch the module itself; this scenario is about the debug launch.
    await withEditor(s, { userSettings: { "goDoctor.languageServer": "never" } }, async (editor) => {
      const wb = editor.workbench;
      const report = await waitReport(s, "GD042", (r) => findingCodes(r).includes("GD042"), READY_WITHIN);
      assert.equal(report.gates.debug.open, false);
      assert.equal(greetInCache(), false, "the module is not in the cache before F5");

      await wb.startRecordingTexts();
      await wb.openFile("main.go");
      await wb.toggleBreakpoint(line);
      await wb.startDebugging();
      await wb.waitStopped(STOP_WITHIN);
      await wb.waitVariable("greeting", '"hello"', 15_000);
      const seen = await wb.recordedTexts();
      assert.ok(
        seen.some((t) => /download/i.test(t)),
        `the download was shown: ${JSON.stringify(seen.slice(-30))}`,
      );
      assert.ok(!seen.some((t) => LAUNCH_FAILURE.test(t)), "no launch failure was shown");
      assert.ok(greetInCache(), "the module is in the cache now");
      await editor.screenshot("stopped");
      await wb.stopDebugging();
    });
  },
);

test(
  "incompatible Delve: a dlv whose window excludes this Go; the launch is refused with GD023 and a fix, and dlv is never run",
  { timeout: SCENARIO_TIMEOUT },
  async () => {
    const s = new Scenario("6-incompatible-delve");
    const gobin = path.join(s.home, "go", "bin");
    s.installTool(realGopls, gobin);
    const ran = path.join(s.root, "dlv-ran");
    // Delve 1.20.x debugs Go 1.18–1.20 only. Anything but `version` means the debugger was started.
    writeFile(
      path.join(gobin, "dlv"),
      `#!/bin/sh\ncase "$1" in\n  version|--version) printf 'Delve Debugger\\nVersion: 1.20.2\\nBuild: $Id: e0c278ad8e0126a312b553b8e171e81bcbd37f60 $\\n'; exit 0 ;;\nesac\necho "$@" >> '${ran}'\nexit 1\n`,
      0o755,
    );
    s.writeProfile(s.standardGoVars({ gobin }));
    s.writeWorkspace();

    await withEditor(s, {}, async (editor) => {
      const wb = editor.workbench;
      const report = await waitReport(s, "GD023", (r) => findingCodes(r).includes("GD023"), READY_WITHIN);
      assert.equal(report.gates.debug.open, false);

      await wb.openFile("main.go");
      await wb.toggleBreakpoint(BREAKPOINT_LINE);
      await wb.startDebugging();
      const refusal = await wb.waitNotification("refusing the launch with GD023", /GD023/, 60_000);
      assert.match(refusal, /Delve|dlv/i);
      const buttons = await wb.notificationButtons(/GD023/);
      assert.ok(
        buttons.some((b) => /Fix Environment/.test(b)),
        `the refusal offers Fix Environment: ${JSON.stringify(buttons)}`,
      );
      await editor.screenshot("refused");
      await wb.screenshotNotification(`${s.name}-toast`, /GD023/);
      assert.equal(
        await editor.page.locator(".debug-toolbar .codicon-debug-continue").count(),
        0,
        "no debug session is stopped anywhere",
      );
      assert.equal(
        fs.existsSync(ran),
        false,
        `dlv was never run for debugging: ${fs.existsSync(ran) ? fs.readFileSync(ran, "utf8") : ""}`,
      );
    });
  },
);

test(
  "untrusted workspace: workspace settings point go.alternateTools.go and .dlv at a marker-writing script; it never runs",
  { timeout: SCENARIO_TIMEOUT },
  async () => {
    const s = new Scenario("7-untrusted");
    s.setUp();
    const marker = path.join(s.root, "marker");
    const evil = writeFile(
      path.join(s.workspace, "tools", "evil.sh"),
      `#!/bin/sh\necho "$0 $*" >> '${marker}'\nexit 1\n`,
      0o755,
    );
    writeFile(
      path.join(s.workspace, ".vscode", "settings.json"),
      JSON.stringify({ "go.alternateTools": { go: evil, dlv: evil } }, null, 2) + "\n",
    );

    await withEditor(s, { trusted: false }, async (editor) => {
      const wb = editor.workbench;
      await editor.page
        .locator("#workbench\\.parts\\.statusbar .statusbar-item", { hasText: "Restricted Mode" })
        .first()
        .waitFor({ timeout: 30_000 });
      const first = await waitReport(s, "a finished diagnosis", () => true, READY_WITHIN);
      assert.notEqual(first.tools.go.path, evil, "the go named by workspace settings is not used");
      await wb.runCommand("Go Doctor: Re-check Environment");
      await waitReport(s, "a second diagnosis", (r) => r.generatedAt !== first.generatedAt, READY_WITHIN);
      await new Promise((r) => setTimeout(r, 3000));
      await editor.screenshot("restricted");
      assert.equal(
        fs.existsSync(marker),
        false,
        `nothing named by workspace settings ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, "utf8") : ""}`,
      );

      // The control: once the user trusts the folder, the same settings are honoured, so the marker was a real trap.
      await wb.runCommand("Workspaces: Manage Workspace Trust");
      await editor.page
        .locator(".workspace-trust-editor .monaco-button", { hasText: /^Trust$/ })
        .first()
        .click({ timeout: 20_000 });
      await wb.runCommand("Go Doctor: Re-check Environment");
      await poll("the script to run once the workspace is trusted", READY_WITHIN, async () =>
        fs.existsSync(marker) ? true : undefined,
      );
    });
  },
);

test(
  "env change without restart: dlv installed into GOBIN from a terminal turns the status ready without reloading the window",
  { timeout: SCENARIO_TIMEOUT },
  async (t) => {
    const s = new Scenario("8-env-change");
    const gobin = s.setUp({ dlv: false, extra: [["GOPROXY", pinnedToolsProxy]] });

    await withEditor(s, {}, async (editor) => {
      const wb = editor.workbench;
      await waitReport(s, "GD020", (r) => findingCodes(r).includes("GD020"), READY_WITHIN);
      await wb.waitReadiness("not ready (dlv missing)", (st) => !isReady(st) && !/\$\(loading/.test(st.text), 15_000);
      await editor.page.evaluate("window.__gdSameWindow = true");

      await wb.typeInNewTerminal(`go install github.com/go-delve/delve/cmd/dlv@v${DLV_VERSION}`);
      await poll("the terminal's go install to write GOBIN/dlv", 120_000, async () =>
        fs.existsSync(path.join(gobin, "dlv")) ? true : undefined,
      );

      // The file watcher on GOBIN alone must see it: no Re-check, no reload.
      const seen = Date.now();
      const report = await waitReport(
        s,
        "the debug gate open after the GOBIN watcher saw dlv (nothing else re-checks)",
        (r) => r.gates.debug.open,
        30_000,
      );
      t.diagnostic(`the GOBIN file watcher opened the debug gate ${Date.now() - seen} ms after dlv was written`);
      assert.equal(report.tools.dlv.path, path.join(gobin, "dlv"));
      await wb.waitReadiness(`dlv ${DLV_VERSION}`, (st) => st.text.includes(`dlv ${DLV_VERSION}`), 15_000);
      assert.equal(await editor.page.evaluate("window.__gdSameWindow === true"), true, "the window was not reloaded");
      await editor.screenshot("ready-via-watcher");
      await assertReady(editor, "after dlv appeared (file watcher)");
    });
  },
);

test(
  "stale GOROOT in the login profile: the extension still activates, the status bar says blocked and the report names the stale directory",
  { timeout: SCENARIO_TIMEOUT },
  async () => {
    const s = new Scenario("9-stale-goroot");
    const gobin = path.join(s.home, "go", "bin");
    s.installTool(realDlv, gobin);
    s.installTool(realGopls, gobin);
    // Left over from an uninstalled Go: every go command now fails with "cannot find GOROOT directory".
    const stale = path.join(s.root, "go1.19");
    s.writeProfile(s.standardGoVars({ gobin, extra: [["GOROOT", stale]] }));
    s.writeWorkspace();

    await withEditor(s, {}, async (editor) => {
      const wb = editor.workbench;
      const report = await waitReport(
        s,
        "both gates shut",
        (r) => !r.gates.language.open && !r.gates.debug.open,
        READY_WITHIN,
      );
      const errors = report.findings.filter((f) => f.severity === "error");
      assert.ok(
        errors.some((f) => [f.message, ...(f.details ?? [])].some((t) => t.includes(stale))),
        `an error names the stale GOROOT: ${JSON.stringify(errors.map((f) => `${f.code} ${f.message}`))}`,
      );
      const status = await wb.waitReadiness("blocked", (st) => st.kind === "error", 15_000);
      assert.match(status.text, /blocked/i);
      await wb.screenshotReadiness(`${s.name}-status`);
      await editor.screenshot("blocked");
    });
  },
);

test(
  "slow login shell past its timeout: Go Doctor falls back (GD001) and still gives gopls and dlv a go to run",
  { timeout: SCENARIO_TIMEOUT },
  async () => {
    const s = new Scenario("10-slow-shell");
    const gobin = path.join(s.home, "go", "bin");
    s.installTool(realDlv, gobin);
    s.installTool(realGopls, gobin);
    // Past the default 10 s shell timeout, as a profile that waits on the network would be.
    s.writeProfile(s.standardGoVars({ gobin }), ["sleep 12"]);
    s.writeWorkspace();

    await withEditor(s, {}, async (editor) => {
      const wb = editor.workbench;
      const report = await waitReport(s, "GD001", (r) => findingCodes(r).includes("GD001"), READY_WITHIN);
      assert.equal(report.env.source, "process");
      await debugToBreakpoint(editor);
      await editor.screenshot("stopped");
      await wb.stopDebugging();
      const goMissing = (await wb.notificationTexts()).filter((t) =>
        /go command required|executable file not found/i.test(t),
      );
      assert.deepEqual(goMissing, [], "gopls found go");
    });
  },
);

/** go.sum for the workspace, computed with a throwaway module cache that is removed again. */
