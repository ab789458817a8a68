// The extension's manifest against its code: what the .vsix carries, which
// commands exist, what a launch.json may say, what is restricted when untrusted.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { projectRoot } from "../support/fixtures";

interface Manifest {
  main: string;
  icon: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: {
      properties: Record<string, { default?: unknown; markdownDescription?: string; description?: string }>;
    }[];
    debuggers: {
      type: string;
      label: string;
      languages: string[];
      configurationAttributes: Record<string, { properties: Record<string, unknown> }>;
    }[];
    breakpoints: { language: string }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as Manifest;
const extensionSources = fs
  .readdirSync(path.join(projectRoot, "src", "extension"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => fs.readFileSync(path.join(projectRoot, "src", "extension", f), "utf8"))
  .join("\n");

// The ids of the COMMANDS table, which registerCommands registers one by one.
const commandTable = /export const COMMANDS[^{]*\{([^}]*)\}/.exec(
  fs.readFileSync(path.join(projectRoot, "src", "extension", "commands.ts"), "utf8"),
);
const registered = [...(commandTable?.[1] ?? "").matchAll(/"(goDoctor\.\w+)":/g)].map((m) => m[1]);

void describe("extension manifest", () => {
  void it("packages only the bundles, the manifest, README, LICENSE and the icon", { timeout: 120_000 }, () => {
    const listed = execFileSync(
      process.execPath,
      [path.join(projectRoot, "node_modules", "@vscode", "vsce", "vsce"), "ls", "--no-dependencies"],
      { cwd: projectRoot, encoding: "utf8" },
    )
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
    assert.deepEqual(listed, [
      "LICENSE",
      "README.md",
      "dist/extension.js",
      "dist/languageClientLib.js",
      "media/icon.png",
      "package.json",
    ]);
    assert.equal(manifest.main, "./dist/extension.js");
    assert.equal(manifest.icon, "media/icon.png");
  });

  void it("every contributed command is registered by the extension, in the Go Doctor category, and activates it", () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, "Go Doctor", c.command);
      assert.ok(
        registered.includes(c.command),
        `${c.command} is not in the COMMANDS table of src/extension/commands.ts`,
      );
      assert.ok(
        manifest.activationEvents.includes(`onCommand:${c.command}`),
        `${c.command} does not activate the extension`,
      );
    }
    assert.deepEqual(
      [...registered].sort(),
      manifest.contributes.commands.map((c) => c.command).sort(),
      "registered commands and contributed commands differ",
    );
    for (const id of [
      "goDoctor.fixEnvironment",
      "goDoctor.showReport",
      "goDoctor.recheck",
      "goDoctor.copyReport",
      "goDoctor.saveReport",
      "goDoctor.openLog",
    ]) {
      assert.ok(
        manifest.contributes.commands.some((c) => c.command === id),
        id,
      );
    }
  });

  void it("activates on Go workspaces, Go files and go debug resolution", () => {
    for (const e of [
      "workspaceContains:**/go.mod",
      "workspaceContains:**/go.work",
      "onLanguage:go",
      "onDebugResolve:go",
    ])
      assert.ok(manifest.activationEvents.includes(e), e);
  });

  void it("contributes the go debugger with the launch attributes users already have, and breakpoints in Go files", () => {
    const go = manifest.contributes.debuggers.find((d) => d.type === "go");
    assert.ok(go);
    assert.equal(go.label, "Go");
    assert.deepEqual(go.languages, ["go"]);
    const launch = Object.keys(go.configurationAttributes.launch?.properties ?? {});
    for (const a of [
      "mode",
      "program",
      "args",
      "env",
      "envFile",
      "cwd",
      "buildFlags",
      "dlvFlags",
      "substitutePath",
      "stopOnEntry",
      "host",
      "port",
    ])
      assert.ok(launch.includes(a), `launch.${a}`);
    const attach = Object.keys(go.configurationAttributes.attach?.properties ?? {});
    for (const a of ["mode", "host", "port", "substitutePath", "processId"])
      assert.ok(attach.includes(a), `attach.${a}`);
    // Without a breakpoints contribution VS Code refuses breakpoints in Go files when golang.go is absent.
    assert.deepEqual(manifest.contributes.breakpoints, [{ language: "go" }]);
  });

  void it("documents every setting, and restricts the ones that name programs in untrusted workspaces", () => {
    const props = Object.assign(
      {},
      ...manifest.contributes.configuration.map((c) => c.properties),
    ) as Manifest["contributes"]["configuration"][number]["properties"];
    for (const key of [
      "goDoctor.shell.enabled",
      "goDoctor.shell.timeoutMs",
      "goDoctor.languageServer",
      "goDoctor.debugGate.enabled",
      "goDoctor.statusBar.visible",
    ]) {
      assert.ok(props[key], key);
      assert.ok(props[key].default !== undefined, `${key} has a default`);
      assert.ok((props[key].markdownDescription ?? props[key].description ?? "").length > 20, `${key} is described`);
      assert.ok(extensionSources.includes(`"${key.replace(/^goDoctor\./, "")}"`), `${key} is read by the extension`);
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, "limited");
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), [
      "go.alternateTools",
      "go.goroot",
      "go.toolsEnvVars",
      "go.toolsGopath",
    ]);
  });
});
