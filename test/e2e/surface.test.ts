// What Go Doctor advertises, each tried in the real editor (the packaged
// .vsix in code-server, started blind, as in editor.test.ts), with several
// checks per started editor since each start costs about 30 s: the log's
// secrets, the commands and the settings.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import { MASK } from "../../src/core/base/redact";
import { closeAllEditors, withEditor } from "./harness/run";
import { findingCodes, goBinDir, pinnedToolsProxy, Scenario, waitReport } from "./harness/scenario";
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

test(
  "the log on disk masks the login profile's secrets: commands, diagnosis and Fix Environment lines are there, GITHUB_TOKEN and DB_PASSWORD are not",
  { timeout: 300_000 },
  async (t) => {
    const s = new Scenario("log-secrets");
    // Plain values: no token shape and, in JSON, not written as NAME=value, so only the secrets list masks them.
    const token = "plainGithubToken4242x";
    const password = "hunter2-db-password";
    const gobin = s.setUp({
      dlv: false,
      extra: [
        ["GOPROXY", pinnedToolsProxy],
        ["GITHUB_TOKEN", token],
        ["DB_PASSWORD", password],
      ],
    });
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
      t.diagnostic(`go.toolsEnvVars after the fix: ${JSON.stringify(machineSetting(s, "go.toolsEnvVars"))}`);

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
