// One scenario's editor: a fresh code-server with the packaged extension
// installed, opened on a folder in Debian's chromium. `close()` ends the
// browser, code-server's process group and every process left with the
// scenario's HOME, and is safe to call twice.

import * as fs from "node:fs";
import * as path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { projectRoot } from "../../support/fixtures";
import { CodeServer } from "./codeServer";
import { Workbench } from "./workbench";

export const artifactsRoot = path.join(projectRoot, "test-artifacts", "e2e");

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** User settings that keep a fresh VS Code quiet, so that what the test sees is the product. */
export function baseUserSettings(trusted: boolean): Record<string, unknown> {
  return {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "workbench.enableExperiments": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true,
    "git.enabled": false,
    "git.openRepositoryInParentFolders": "never",
    "window.restoreWindows": "none",
    "editor.hover.delay": 200,
    "terminal.integrated.enablePersistentSessions": false,
    // A trusted scenario trusts everything; an untrusted one opens in Restricted Mode without asking.
    "security.workspace.trust.enabled": !trusted,
    "security.workspace.trust.startupPrompt": "never",
    "security.workspace.trust.untrustedFiles": "open",
  };
}

/** The workbench of a page that (re)loaded: status bar and explorer drawn. */
async function workbenchShown(page: Workbench["page"]): Promise<void> {
  await page.locator("#workbench\\.parts\\.statusbar").waitFor({ state: "visible", timeout: 60_000 });
  await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ state: "visible", timeout: 60_000 });
}

export interface EditorOptions {
  /** Scenario name: artifacts go to test-artifacts/e2e/<name>*.png. */
  name: string;
  root: string;
  home: string;
  pathDir: string;
  folder: string;
  env: Record<string, string>;
  vsix?: string;
  otherVsix?: string[];
  binds?: [string, string][];
  trusted?: boolean;
  userSettings?: Record<string, unknown>;
}

export class Editor {
  private closed = false;

  private constructor(
    readonly server: CodeServer,
    private readonly context: BrowserContext,
    readonly workbench: Workbench,
    readonly options: EditorOptions,
  ) {}

  static async open(options: EditorOptions): Promise<Editor> {
    const server = await CodeServer.start({
      root: options.root,
      home: options.home,
      pathDir: options.pathDir,
      env: options.env,
      vsix: options.vsix,
      otherVsix: options.otherVsix,
      binds: options.binds,
      userSettings: { ...baseUserSettings(options.trusted ?? true), ...(options.userSettings ?? {}) },
    });
    let context: BrowserContext | undefined;
    try {
      const profile = path.join(options.root, "chromium-profile");
      fs.mkdirSync(profile, { recursive: true });
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_FLAGS,
        viewport: { width: 1400, height: 900 },
        env: { ...process.env, HOME: options.home },
      });
      // Copy Report's clipboard, read back by the tests.
      await context.grantPermissions(["clipboard-read", "clipboard-write"], {
        origin: new URL(server.url(options.folder)).origin,
      });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.url(options.folder), { timeout: 60_000 });
      await workbenchShown(page);
      return new Editor(server, context, new Workbench(page, artifactsRoot), options);
    } catch (e) {
      await context?.close().catch(() => undefined);
      await server.stop();
      throw e;
    }
  }

  /** Developer: Reload Window, as a user runs it; resolves when the new window's workbench shows. */
  async reload(): Promise<void> {
    await this.reloadBy(() => this.workbench.runCommand("Developer: Reload Window"));
  }

  /** Does what reloads the window (a command, a button) and resolves when the new window's workbench shows. */
  async reloadBy(action: () => Promise<void>): Promise<void> {
    const loaded = this.page.waitForEvent("load", { timeout: 60_000 });
    await action();
    await loaded;
    // The side bar shows what it showed before (the Run and Debug view after a session), not always the explorer.
    await this.page.locator("#workbench\\.parts\\.statusbar").waitFor({ state: "visible", timeout: 60_000 });
    await this.page.locator("#workbench\\.parts\\.editor").waitFor({ state: "visible", timeout: 60_000 });
  }

  get page(): Workbench["page"] {
    return this.workbench.page;
  }

  async screenshot(suffix = ""): Promise<string> {
    return this.workbench.screenshot(`${this.options.name}${suffix ? `-${suffix}` : ""}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.race([this.context.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    await this.server.stop();
  }
}
