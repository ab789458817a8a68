// A test-only extension installed next to Go Doctor, for what a user cannot
// do from the palette: run a command with arguments and read its return
// value, read the clipboard. The test writes request-N.json into a directory
// (GO_DOCTOR_E2E_DRIVER in the editor's environment); the extension, polling
// it, answers in response-N.json.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot, writeFile } from "../../support/fixtures";
import { requireCodeServer } from "./codeServer";
import type { Scenario } from "./scenario";
import { poll } from "./workbench";

export const DRIVER_ENV = "GO_DOCTOR_E2E_DRIVER";

const DRIVER_MAIN = `
const vscode = require("vscode");
const fs = require("fs");
const path = require("path");
exports.activate = () => {
  const dir = process.env.${DRIVER_ENV};
  if (!dir) return;
  const seen = new Set();
  const answer = (id, r) => {
    const tmp = path.join(dir, "response-" + id + ".tmp");
    fs.writeFileSync(tmp, JSON.stringify(r));
    fs.renameSync(tmp, path.join(dir, "response-" + id + ".json"));
  };
  setInterval(() => {
    for (const name of fs.readdirSync(dir)) {
      const m = /^request-(\\d+)\\.json$/.exec(name);
      if (!m || seen.has(name)) continue;
      seen.add(name);
      // A restarted extension host starts with an empty "seen": what was answered stays answered.
      if (fs.existsSync(path.join(dir, "response-" + m[1] + ".json"))) continue;
      const req = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
      const work = req.command === "@clipboard"
        ? vscode.env.clipboard.readText()
        : req.command === "@env"
          ? Object.fromEntries((req.args || []).map((k) => [k, process.env[k] === undefined ? null : process.env[k]]))
          : vscode.commands.executeCommand(req.command, ...(req.args || []));
      Promise.resolve(work).then(
        (value) => answer(m[1], { ok: true, value: value === undefined ? null : value }),
        (e) => answer(m[1], { ok: false, error: String((e && e.stack) || e) }),
      );
    }
  }, 200);
};
`;

/**
 * A test extension (`manifest` plus the usual fields, `main` as extension.js)
 * written into `dir` and packaged with vsce; returns the .vsix path.
 */
export function testExtensionVsix(
  dir: string,
  manifest: Record<string, unknown>,
  main: string,
  readme: string,
): string {
  const fields = {
    license: "MIT",
    repository: { type: "git", url: `https://example.com/${path.basename(dir)}.git` },
    engines: { vscode: "^1.100.0" },
    main: "./extension.js",
  };
  writeFile(path.join(dir, "package.json"), JSON.stringify({ ...manifest, ...fields }));
  writeFile(path.join(dir, "extension.js"), main);
  writeFile(path.join(dir, "README.md"), `${readme}\n`);
  writeFile(path.join(dir, "LICENSE"), "MIT\n");
  const vsix = path.join(dir, `${path.basename(dir)}.vsix`);
  const vsce = path.join(projectRoot, "node_modules", "@vscode", "vsce", "vsce");
  execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "--out", vsix], {
    cwd: dir,
    stdio: "pipe",
    timeout: 120_000,
  });
  return vsix;
}

export class Driver {
  private next = 0;

  private constructor(readonly dir: string) {}

  /** Builds the driver extension and installs it into the scenario's code-server extensions directory. */
  static install(s: Scenario): Driver {
    const vsix = testExtensionVsix(
      path.join(s.root, "driver-extension"),
      {
        name: "go-doctor-e2e-driver",
        publisher: "go-doctor-tests",
        displayName: "Go Doctor e2e driver",
        version: "0.0.1",
        activationEvents: ["onStartupFinished"],
        // It also answers in Restricted Mode, where extensions without this are disabled.
        capabilities: { untrustedWorkspaces: { supported: true } },
      },
      DRIVER_MAIN,
      "Runs commands for Go Doctor's end-to-end tests.",
    );
    const args = [
      "--user-data-dir",
      path.join(s.root, "user-data"),
      "--extensions-dir",
      path.join(s.root, "extensions"),
    ];
    execFileSync(process.execPath, [requireCodeServer(), ...args, "--install-extension", vsix], {
      env: { HOME: s.home, PATH: s.pathDir },
      stdio: "pipe",
      timeout: 120_000,
    });
    const io = path.join(s.root, "driver-io");
    fs.mkdirSync(io, { recursive: true });
    return new Driver(io);
  }

  env(): Record<string, string> {
    return { [DRIVER_ENV]: this.dir };
  }

  /** executeCommand(command, ...args) in the editor's extension host; resolves with what the command returned. */
  async call(command: string, args: unknown[] = [], timeoutMs = 120_000): Promise<unknown> {
    const id = this.next++;
    const tmp = path.join(this.dir, `request-${id}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify({ command, args }));
    fs.renameSync(tmp, path.join(this.dir, `request-${id}.json`));
    const response = path.join(this.dir, `response-${id}.json`);
    const r = await poll(`the editor to answer ${command}`, timeoutMs, async () =>
      fs.existsSync(response)
        ? (JSON.parse(fs.readFileSync(response, "utf8")) as { ok: boolean; value?: unknown; error?: string })
        : undefined,
    );
    if (!r.ok) throw new Error(`${command} failed in the editor: ${r.error}`);
    return r.value;
  }

  /** Variables of the extension host's process.env as every extension there reads them (null: unset). */
  async hostEnv(names: string[]): Promise<Record<string, string | null>> {
    return (await this.call("@env", names)) as Record<string, string | null>;
  }

  /** The clipboard as the extension host reads it (vscode.env.clipboard). */
  async clipboard(): Promise<string> {
    return String(await this.call("@clipboard"));
  }
}
