// What Go Doctor advertises, each tried in the real editor (the packaged
// .vsix in code-server, started blind, as in editor.test.ts), with several
// checks per started editor since each start costs about 30 s: the log's
// secrets, the commands and the settings.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import { MASK } from "../../src/core/base/redact";
import { reportSchema } from "../../src/core/model/report";
import { Driver } from "./harness/driver";
import { programsOf } from "./harness/processes";
import { closeAllEditors, withEditor } from "./harness/run";
import {
  findingCodes,
  goBinDir,
  pinnedToolsProxy,
  Scenario,
  sharedGoCache,
  sharedModCache,
  waitReport,
} from "./harness/scenario";
import { poll } from "./harness/workbench";
import { writeFile } from "../support/fixtures";

const READY_WITHIN = 90_000;

after(closeAllEditors);

/** The Go Doctor output channel's log file under code-server's user-data-dir (logs/<session>/exthost*\/output_*\/N-Go Doctor.log). */
function goDoctorLogFiles(s: Scenario): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/Go Doctor\.log$/.test(e.name)) found.push(p);
    }
  };
  const logs = path.join(s.root, "user-data", "logs");
  if (fs.existsSync(logs)) walk(logs);
  return found;
}

function machineSetting(s: Scenario, key: string): unknown {
  try {
    const file = path.join(s.root, "user-data", "Machine", "settings.json");
    return (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>)[key];
  } catch (e) {
    return String(e);
  }
}

function goDoctorLog(s: Scenario): string {
  return goDoctorLogFiles(s)
    .map((f) => fs.readFileSync(f, "utf8"))
    .join("\n");
}

/** No dlv (GD020, fixed by `go install` from the pinned proxy) and credentials in the login profile. */
function setUpWithSecrets(s: Scenario, token: string, password: string, more: [string, string][] = []): string {
  const extra: [string, string][] = [
    ["GOPROXY", pinnedToolsProxy],
    ["GITHUB_TOKEN", token],
    ["DB_PASSWORD", password],
  ];
  return s.setUp({ dlv: false, extra: [...extra, ...more] });
}

test(
  "the log on disk masks the login profile's secrets: commands, diagnosis and Fix Environment lines are there, GITHUB_TOKEN and DB_PASSWORD are not",
  { timeout: 300_000 },
  async (t) => {
    const s = new Scenario("log-secrets");
    // Plain values: no token shape and, in JSON, not written as NAME=value, so only the secrets list masks them.
    const token = "plainGithubToken4242x";
    const password = "hunter2-db-password";
    const gobin = setUpWithSecrets(s, token, password);
    // go.toolsEnvVars carrying the same credentials (for private modules), with a PATH that leaves out GOBIN:
    // GD070's fix rewrites the whole object, so the fix line names them.
    const toolsEnvVars = { PATH: `${goBinDir}:/usr/bin:/bin`, GITHUB_TOKEN: token, DB_PASSWORD: password };
    // A launch configuration passing them to the program, with dlv's DAP log on (what one turns on to see why a
    // session fails): dlv prints the launch request, args and env included, and Go Doctor logs dlv's output.
    writeFile(
      path.join(s.workspace, ".vscode", "launch.json"),
      JSON.stringify({
        version: "0.2.0",
        configurations: [
          {
            name: "Launch hello",
            type: "go",
            request: "launch",
            mode: "debug",
            program: "${workspaceFolder}",
            args: ["-token", token],
            env: { DB_PASSWORD: password },
            dlvFlags: ["--log", "--log-output=dap"],
          },
        ],
      }),
    );

    await withEditor(s, { userSettings: { "go.toolsEnvVars": toolsEnvVars } }, async (editor) => {
      const wb = editor.workbench;
      const blocked = await waitReport(
        s,
        "GD020 and GD070",
        (r) => ["GD020", "GD070"].every((c) => findingCodes(r).includes(c)),
        READY_WITHIN,
      );
      assert.ok(!JSON.stringify(blocked).includes(token) && !JSON.stringify(blocked).includes(password));

      await wb.runCommand("Go Doctor: Fix Environment");
      const rows = await wb.waitQuickPick();
      t.diagnostic(`Fix Environment offers: ${JSON.stringify(rows)}`);
      await wb.choosePicks(/dlv|toolsEnvVars/i);
      await poll("dlv installed into GOBIN by the fix", 120_000, async () =>
        fs.existsSync(path.join(gobin, "dlv")) ? true : undefined,
      );
      await waitReport(s, "the debug gate open", (r) => r.gates.debug.open, READY_WITHIN);
      const fixedVars = machineSetting(s, "go.toolsEnvVars") as Record<string, string> | string;
      t.diagnostic(`go.toolsEnvVars after the fix has keys: ${JSON.stringify(Object.keys(fixedVars))}`);
      // The fix came from the masked report; the user's credentials are written back, never the mask.
      assert.equal(typeof fixedVars === "object" && fixedVars.GITHUB_TOKEN, token, "GITHUB_TOKEN kept in the settings");
      assert.equal(
        typeof fixedVars === "object" && fixedVars.DB_PASSWORD,
        password,
        "DB_PASSWORD kept in the settings",
      );

      // A session whose launch request dlv logs; without a breakpoint the program runs to its end.
      await wb.openFile("main.go");
      await wb.startDebugging();
      const log = await poll(
        "the fix lines and dlv's launch request in the Go Doctor log file",
        120_000,
        async () => {
          const text = goDoctorLog(s);
          return /fix applied: set go\.toolsEnvVars/.test(text) &&
            /\$ \S*go install \S*dlv\S* → exit code 0/.test(text) &&
            /\[debug Launch hello\] dlv: .*"command":"launch"/.test(text)
            ? text
            : undefined;
        },
        async () => `log files ${JSON.stringify(goDoctorLogFiles(s))}:\n${goDoctorLog(s).slice(-3000)}`,
      );
      t.diagnostic(`${goDoctorLogFiles(s).join(", ")}: ${log.split("\n").length} lines`);
      // The commands Go Doctor ran are there, with their exit codes.
      assert.match(log, /\$ \S*\/go (env|version)\b.* → exit code 0 in \d+ ms/);
      assert.match(log, /diagnosis #\d+: \d+ errors/);
      assert.ok(log.includes(MASK), "the lines with the credentials show them masked");
      assert.ok(!log.includes(token), "GITHUB_TOKEN's value is not in the log");
      assert.ok(!log.includes(password), "DB_PASSWORD's value is not in the log");
    });
  },
);

test(
  "commands: fixEnvironment {apply: all} installs dlv and returns what it applied; Copy Report puts the masked JSON report on the clipboard; Save Report with a path writes there and returns it; Open Log shows the log; Run Debug Smoke Test passes; languageServer always runs gopls",
  { timeout: 420_000 },
  async (t) => {
    const s = new Scenario("commands");
    const token = "plainGithubToken4242y";
    const password = "hunter2-db-password-y";
    // GOPRIVATE is reported (go env), so that the report has a secret to mask.
    const gobin = setUpWithSecrets(s, token, password, [["GOPRIVATE", `example.com/${token}`]]);
    const driver = Driver.install(s);
    const settings = { "goDoctor.languageServer": "always" };
    await withEditor(s, { env: driver.env(), userSettings: settings }, async (editor) => {
      const wb = editor.workbench;
      await waitReport(s, "GD020", (r) => findingCodes(r).includes("GD020"), READY_WITHIN);

      const fixed = (await driver.call("goDoctor.fixEnvironment", [{ apply: "all" }], 180_000)) as {
        applied: string[];
        failed: string[];
      };
      t.diagnostic(`fixEnvironment {apply: "all"} returned ${JSON.stringify(fixed)}`);
      assert.ok(
        fixed.applied.some((a) => /dlv/i.test(a)),
        `dlv's install is among the applied fixes: ${JSON.stringify(fixed)}`,
      );
      assert.ok(fs.existsSync(path.join(gobin, "dlv")), "dlv is in GOBIN");
      await waitReport(s, "the debug gate open", (r) => r.gates.debug.open, READY_WITHIN);

      // Copy Report, as a user runs it; the clipboard read back in the editor.
      await wb.runCommand("Go Doctor: Copy Report");
      await wb.waitNotification("that the report was copied", /report .*clipboard/i, 15_000);
      const copied = await driver.clipboard();
      const fromClipboard = reportSchema.parse(JSON.parse(copied));
      assert.equal(fromClipboard.gates.debug.open, true);
      assert.ok(copied.includes(MASK), "the copied report shows GOPRIVATE's secret masked");
      assert.ok(!copied.includes(token) && !copied.includes(password), "no secret on the clipboard");

      // Save Report with a path argument: no dialog, the path back.
      const target = path.join(s.root, "saved", "report.json");
      fs.mkdirSync(path.dirname(target), { recursive: true });
      assert.equal(await driver.call("goDoctor.saveReport", [target]), target);
      const saved = fs.readFileSync(target, "utf8");
      assert.equal(reportSchema.parse(JSON.parse(saved)).gates.debug.open, true);
      assert.ok(!saved.includes(token) && !saved.includes(password));

      // Open Log: the Output panel shows Go Doctor's channel, scrolled to its end, where the line
      // Save Report just wrote is. (Which earlier lines are on screen depends on the panel's height.)
      await wb.runCommand("Go Doctor: Open Log");
      const panel = editor.page.locator(".part.panel");
      await poll(
        "the Output panel showing Go Doctor's log",
        30_000,
        async () => {
          const channel = await panel
            .locator("select")
            .first()
            .evaluate((el) => {
              const select = el as unknown as { options: { text: string }[]; selectedIndex: number };
              return select.options[select.selectedIndex]?.text ?? "";
            })
            .catch(() => "");
          // The editor renders spaces as no-break spaces.
          const lines = (
            await panel
              .locator(".monaco-editor .view-lines")
              .first()
              .innerText()
              .catch(() => "")
          ).replace(/\u00a0/g, " ");
          return channel === "Go Doctor" && lines.includes(`report saved to ${target}`) ? true : undefined;
        },
        async () =>
          `${await panel.innerText()}\n${await panel.locator(".monaco-editor .view-lines").first().innerText().catch(String)}`,
      );
      await editor.screenshot("open-log");

      // Run Debug Smoke Test: build, launch and a breakpoint with the real dlv.
      const smoke = await driver.call("goDoctor.smokeTest", [], 180_000);
      assert.equal(smoke, true, "the smoke test passed");
      await wb.waitNotification("that debugging works", /debugging works here/i, 15_000);

      // languageServer "always" (no Go extension here): Go Doctor's own gopls runs.
      await poll("Go Doctor's gopls (gopls -mode=stdio)", 60_000, async () =>
        programsOf(s.home, "gopls").some((p) => p.argv.includes("-mode=stdio")) ? true : undefined,
      );
    });
  },
);

test(
  "settings: shell.enabled false uses the editor's own environment; statusBar.visible false hides the item (true brings it back); languageServer never starts no gopls; debugGate.enabled false lets a launch through that the gate would stop",
  { timeout: 300_000 },
  async (t) => {
    const s = new Scenario("settings");
    // No dlv: the debug gate is closed (GD020), and would stop a launch.
    const gobin = s.setUp({ dlv: false });
    const settings = {
      "goDoctor.shell.enabled": false,
      "goDoctor.statusBar.visible": false,
      "goDoctor.languageServer": "never",
      "goDoctor.debugGate.enabled": false,
    };
    // Started from a terminal: Go and GOBIN on the editor's own PATH, so that with the shell off the tools are found.
    const env = {
      PATH: `${goBinDir}:${gobin}:${s.pathDir}`,
      GOBIN: gobin,
      GOMODCACHE: sharedModCache,
      GOCACHE: sharedGoCache,
      GOFLAGS: "-modcacherw",
      GOTOOLCHAIN: "local",
    };
    await withEditor(s, { env, userSettings: settings }, async (editor) => {
      const wb = editor.workbench;
      const report = await waitReport(s, "GD020", (r) => findingCodes(r).includes("GD020"), READY_WITHIN);
      assert.equal(report.env.source, "process", "goDoctor.shell.enabled false: the process environment");
      assert.equal(report.gates.debug.open, false);
      assert.equal(report.tools.gopls.path, path.join(gobin, "gopls"), "gopls is there to be started");

      // statusBar.visible false: no item, though the diagnosis has finished.
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(await wb.readinessItem.count(), 0, "no Go Doctor status item");

      // languageServer never: no gopls, though one was found.
      assert.deepEqual(
        programsOf(s.home, "gopls").map((p) => p.argv),
        [],
      );

      // debugGate.enabled false: F5 is neither held nor refused by Go Doctor; the session's adapter runs.
      await wb.openFile("main.go");
      await wb.startDebugging();
      const log = await poll(
        "the debug adapter's lines in the Go Doctor log",
        60_000,
        async () => {
          const text = goDoctorLog(s);
          return /\[debug Launch hello\]/.test(text) ? text : undefined;
        },
        async () => goDoctorLog(s).slice(-2000),
      );
      assert.doesNotMatch(log, /debug "Launch hello": gate answered/, "the launch was not held by the gate");
      const notes = await wb.notificationTexts();
      t.diagnostic(`notifications after F5: ${JSON.stringify(notes)}`);
      assert.ok(!notes.some((n) => /Go Doctor stopped/.test(n)), "the launch was not refused");
      await wb.stopDebugging();

      // And the status item comes back when the setting is turned on.
      for (const level of ["User", "Machine"]) {
        const file = path.join(s.root, "user-data", level, "settings.json");
        const current = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
        fs.writeFileSync(file, JSON.stringify({ ...current, "goDoctor.statusBar.visible": true }, null, 2));
      }
      await wb.waitReadiness("visible after statusBar.visible: true", () => true, 30_000);
    });
  },
);
