// The official Go extension (golang.go, packaged from its source in
// ../shared/golang.go/) next to Go Doctor in an editor started blind: Go lives
// only where the login profile puts it (~/sdk/…; the editor's mount namespace
// hides the system Go where golang.go would look by default). Go Doctor repairs
// the extension host's environment, so golang.go finds go, shows its version,
// starts gopls with the login PATH and debugs — with at most one prompt on the
// first start and none after a reload.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import { Driver } from "./harness/driver";
import type { Editor } from "./harness/editor";
import { blindWorld, GO_EXTENSION_QUIET, goExtensionGopls, golangGoVsix } from "./harness/goExtension";
import { programsOf } from "./harness/processes";
import { closeAllEditors, withEditor } from "./harness/run";
import { BREAKPOINT_LINE, findingCodes, Scenario, waitReport } from "./harness/scenario";
import { poll, type Workbench } from "./harness/workbench";

after(closeAllEditors);

const GO_NOT_FOUND = /Failed to find the "go" binary/;
const RESTART_PROMPT = /started before that and still uses what it found then/;

/**
 * Accepts Go Doctor's restart prompt. The web workbench has no extension host restart of its
 * own: the button reloads the window, which starts a new extension host.
 */
async function acceptRestart(editor: Editor): Promise<void> {
  const buttons = await editor.workbench.notificationButtons(RESTART_PROMPT);
  assert.deepEqual(buttons, ["Reload Window"], "code-server offers the reload (no extension host restart on the web)");
  await editor.reloadBy(() => editor.workbench.clickNotificationButton(RESTART_PROMPT, "Reload Window"));
}

/** golang.go's own status item (`Go` at the right), as VS Code names it in the DOM. */
async function goExtensionStatus(wb: Workbench): Promise<string> {
  const item = wb.page.locator('#workbench\\.parts\\.statusbar .statusbar-item[id^="golang.go"]');
  const texts = await item.allInnerTexts().catch(() => [] as string[]);
  return texts.join(" | ");
}

/** golang.go shows the Go version, and its gopls runs with `bin` first on PATH. */
async function goExtensionWorks(s: Scenario, wb: Workbench, bin: string, notPid?: number): Promise<number> {
  await poll(
    "golang.go's status item showing Go 1.26.8",
    90_000,
    async () => ((await goExtensionStatus(wb)).includes("1.26.8") ? true : undefined),
    async () => `golang.go items: ${await goExtensionStatus(wb)}; status bar: ${await wb.statusBarText()}`,
  );
  const gopls = await poll(
    "golang.go's gopls running",
    90_000,
    async () => {
      const g = goExtensionGopls(s);
      return g && g.pid !== notPid ? g : undefined;
    },
    async () => JSON.stringify(programsOf(s.home, "gopls").map((p) => p.argv)),
  );
  assert.equal(gopls.path[0], bin, `golang.go's gopls has the login PATH first: ${gopls.path.join(":")}`);
  return gopls.pid;
}

test(
  "golang.go in a blind editor: Go Doctor repairs the extension host; golang.go finds go, starts gopls with the login PATH and debugs; after a reload no prompt and no error",
  { timeout: 600_000 },
  async (t) => {
    const s = new Scenario("golang-go-blind");
    const { binds, bins, gobin } = blindWorld(s, ["go1.26.8", "go-upgraded"]);
    const driver = Driver.install(s);
    await withEditor(
      s,
      { env: driver.env(), otherVsix: [golangGoVsix()], binds, userSettings: GO_EXTENSION_QUIET },
      async (editor) => {
        const wb = editor.workbench;
        await wb.startRecordingTexts();
        const report = await waitReport(
          s,
          "the extension host repaired (GD003 information)",
          (r) => r.findings.some((f) => f.code === "GD003" && f.severity === "info"),
          90_000,
        );
        t.diagnostic(`first report: ${JSON.stringify(findingCodes(report))}`);
        const host = await driver.hostEnv(["PATH", "GOBIN"]);
        assert.equal(host.PATH?.split(":")[0], bins[0], `the host's PATH starts with the login shell's: ${host.PATH}`);
        assert.ok(host.PATH?.split(":").includes(s.pathDir), "the editor's own PATH entry is kept");

        // First start: at most one prompt, accepted if it comes.
        await wb.openFile("main.go");
        let prompts = 0;
        const early = await poll("golang.go to settle", 60_000, async () => {
          const seen = await wb.recordedTexts();
          if (seen.some((x) => RESTART_PROMPT.test(x))) return "prompt";
          return (await goExtensionStatus(wb)).includes("1.26.8") ? "working" : undefined;
        });
        t.diagnostic(`golang.go on the first start: ${early}`);
        if (early === "prompt") {
          prompts++;
          await acceptRestart(editor);
          await wb.startRecordingTexts();
        }
        const firstPid = await goExtensionWorks(s, wb, bins[0]);
        const seen = await wb.recordedTexts();
        assert.ok(!seen.some((x) => GO_NOT_FOUND.test(x)), `no "Failed to find go": ${JSON.stringify(seen)}`);
        assert.ok(prompts <= 1);

        // F5 through golang.go's adapter.
        await wb.toggleBreakpoint(BREAKPOINT_LINE);
        await wb.startDebugging();
        await wb.waitStopped(120_000);
        await wb.waitVariable("greeting", '"hello"', 15_000);
        await editor.screenshot("golang-go-stopped");
        await wb.stopDebugging();

        // Reload: the cache is applied before golang.go looks; no prompt, no error.
        const cache = path.join(s.home, ".local", "state", "go-doctor", "host-env.json");
        assert.equal(fs.statSync(cache).mode & 0o777, 0o600, "the cache is readable by the user only");
        await editor.reload();
        await wb.startRecordingTexts();
        const reloadedPid = await goExtensionWorks(s, wb, bins[0], firstPid);
        await new Promise((r) => setTimeout(r, 3000));
        const afterReload = await wb.recordedTexts();
        assert.ok(
          !afterReload.some((x) => GO_NOT_FOUND.test(x) || RESTART_PROMPT.test(x)),
          JSON.stringify(afterReload),
        );
        await editor.screenshot("golang-go-after-reload");

        // Go upgraded: the login PATH now names another Go. Re-check moves the host; golang.go, running
        // with the go it found at its start, needs one restart of the extension host, offered once.
        s.writeProfile(s.standardGoVars({ gobin, goBin: bins[1] }));
        await wb.runCommand("Go Doctor: Re-check Environment");
        await wb.waitNotification("offering the extension host restart", RESTART_PROMPT, 60_000);
        const moved = await driver.hostEnv(["PATH"]);
        assert.equal(moved.PATH?.split(":")[0], bins[1], `the host's PATH starts with the new Go: ${moved.PATH}`);
        await acceptRestart(editor);
        await wb.startRecordingTexts();
        await goExtensionWorks(s, wb, bins[1], reloadedPid);
        const afterUpgrade = await wb.recordedTexts();
        assert.ok(
          !afterUpgrade.some((x) => GO_NOT_FOUND.test(x) || RESTART_PROMPT.test(x)),
          `one prompt, and no error after it: ${JSON.stringify(afterUpgrade)}`,
        );
      },
    );
  },
);

test(
  "repair off: the extension host keeps its blind environment and golang.go cannot find go; Fix Environment offers the repair first, and after it and one restart golang.go works",
  { timeout: 400_000 },
  async (t) => {
    const s = new Scenario("golang-go-repair-off");
    const { binds, bins } = blindWorld(s);
    const driver = Driver.install(s);
    const settings = { ...GO_EXTENSION_QUIET, "goDoctor.extensionHost.repairEnvironment": false };
    await withEditor(
      s,
      { env: driver.env(), otherVsix: [golangGoVsix()], binds, userSettings: settings },
      async (editor) => {
        const wb = editor.workbench;
        const report = await waitReport(
          s,
          "GD003 with the repair as its first fix",
          (r) =>
            r.findings.some(
              (f) =>
                f.code === "GD003" &&
                f.severity === "error" &&
                /Repair the extension host/.test(f.fixes?.[0]?.title ?? ""),
            ),
          90_000,
        );
        t.diagnostic(`report: ${JSON.stringify(findingCodes(report))}`);
        const blindPath = (await driver.hostEnv(["PATH"])).PATH ?? "";
        // VS Code puts its own remote-cli directory first; everything else is what the editor was started with.
        assert.equal(
          blindPath
            .split(":")
            .filter((e) => !e.includes("remote-cli"))
            .join(":"),
          s.pathDir,
          "nothing in the host changed",
        );
        assert.ok(
          !fs.existsSync(path.join(s.home, ".local", "state", "go-doctor", "host-env.json")),
          "no cache is written while the repair is off",
        );
        // The world is really blind for golang.go: this is what its users see without the repair.
        await wb.openFile("main.go");
        await wb.waitNotification("golang.go failing to find go", GO_NOT_FOUND, 60_000);

        await wb.runCommand("Go Doctor: Fix Environment");
        const offered = await wb.waitQuickPick();
        t.diagnostic(`Fix Environment offers: ${JSON.stringify(offered)}`);
        assert.match(offered[0] ?? "", /Repair the extension host's environment/);
        await wb.choosePicks(/Repair the extension host's environment/);
        await wb.waitNotification("offering the extension host restart", RESTART_PROMPT, 60_000);
        assert.equal((await driver.hostEnv(["PATH"])).PATH?.split(":")[0], bins[0]);
        await acceptRestart(editor);
        await wb.startRecordingTexts();
        await goExtensionWorks(s, wb, bins[0]);
        const seen = await wb.recordedTexts();
        assert.ok(!seen.some((x) => GO_NOT_FOUND.test(x)), JSON.stringify(seen));
      },
    );
  },
);

test(
  "untrusted workspace: the repair uses only the user's login shell; workspace settings naming programs run nothing and cannot turn it off",
  { timeout: 300_000 },
  async () => {
    const s = new Scenario("golang-go-untrusted");
    const { binds, bins } = blindWorld(s);
    const marker = path.join(s.root, "workspace-program-ran");
    const program = path.join(s.workspace, "tools", "evil");
    fs.mkdirSync(path.dirname(program), { recursive: true });
    fs.writeFileSync(program, `#!/bin/sh\ntouch "${marker}"\n`, { mode: 0o755 });
    fs.writeFileSync(
      path.join(s.workspace, ".vscode", "settings.json"),
      JSON.stringify({
        "goDoctor.extensionHost.repairEnvironment": false,
        "goDoctor.shell.path": program,
        "go.alternateTools": { go: program, gopls: program, dlv: program },
        "go.goroot": path.dirname(program),
        "go.toolsEnvVars": { PATH: path.dirname(program) },
      }),
    );
    const driver = Driver.install(s);
    await withEditor(
      s,
      { env: driver.env(), otherVsix: [golangGoVsix()], binds, userSettings: GO_EXTENSION_QUIET, trusted: false },
      async () => {
        await waitReport(
          s,
          "the extension host repaired (GD003 information)",
          (r) => r.findings.some((f) => f.code === "GD003" && f.severity === "info"),
          90_000,
        );
        const host = await driver.hostEnv(["PATH"]);
        assert.equal(host.PATH?.split(":")[0], bins[0], `the login shell's PATH: ${host.PATH}`);
        assert.ok(
          !host.PATH?.includes(path.dirname(program)),
          "nothing of the workspace's settings is in the host's PATH",
        );
        assert.ok(!fs.existsSync(marker), "no program named by the workspace ran");
      },
    );
  },
);
