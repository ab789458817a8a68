// What a user does and sees in the VS Code workbench, as Playwright calls on
// its DOM: the status bar, the command palette and quick picks, notifications,
// editors, breakpoints, the debug toolbar and the Variables view.

import * as fs from "node:fs";
import * as path from "node:path";
import type { Locator, Page } from "playwright-core";

export type StatusKind = "error" | "warning" | "normal";

export interface StatusItem {
  text: string;
  /** The accessible label: VS Code sets it from the item's text or its accessibilityInformation. */
  label: string;
  kind: StatusKind;
}

/** Polls `probe` until it returns a value other than undefined, or throws with `what` and the last state seen. */
export async function poll<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  describe?: () => Promise<string>,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const state = describe ? `\nlast seen: ${await describe().catch((e: unknown) => String(e))}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly artifactsDir: string,
  ) {}

  // --- status bar -----------------------------------------------------------

  /** Go Doctor's readiness item. In the DOM its id is `<extension id>.goDoctor.readiness`. */
  get readinessItem(): Locator {
    return this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item[id$="goDoctor.readiness"]');
  }

  async readiness(): Promise<StatusItem | undefined> {
    const item = this.readinessItem;
    if ((await item.count()) === 0) return undefined;
    const [text, label, cls] = await Promise.all([
      item.first().innerText(),
      item.first().locator("a.statusbar-item-label").getAttribute("aria-label"),
      item.first().getAttribute("class"),
    ]);
    const kind: StatusKind = /\berror-kind\b/.test(cls ?? "")
      ? "error"
      : /\bwarning-kind\b/.test(cls ?? "")
        ? "warning"
        : "normal";
    return { text: text.trim(), label: label ?? "", kind };
  }

  async waitReadiness(what: string, accept: (s: StatusItem) => boolean, timeoutMs: number): Promise<StatusItem> {
    return poll(
      `the Go Doctor status item to show ${what}`,
      timeoutMs,
      async () => {
        const s = await this.readiness();
        return s && accept(s) ? s : undefined;
      },
      async () =>
        JSON.stringify((await this.readiness()) ?? "no Go Doctor status item") +
        `; status bar: ${await this.statusBarText()}`,
    );
  }

  /** The item's tooltip as a user sees it on hover. */
  async readinessTooltip(): Promise<string> {
    await this.readinessItem.first().hover();
    const hover = this.page.locator(".workbench-hover, .monaco-hover:not(.hidden)").filter({ hasText: /\S/ }).first();
    await hover.waitFor({ state: "visible", timeout: 10_000 });
    return (await hover.innerText()).replace(/\s+/g, " ").trim();
  }

  async statusBarText(): Promise<string> {
    return (await this.page.locator("#workbench\\.parts\\.statusbar").innerText()).replace(/\s+/g, " ");
  }

  // --- commands and quick picks ---------------------------------------------

  async focusWorkbench(): Promise<void> {
    await this.page.locator(".monaco-workbench").first().waitFor({ state: "visible" });
    await this.page.keyboard.press("Escape");
  }

  /** Runs a command by its palette title, as a user does: F1, type, Enter on the matching row. */
  async runCommand(title: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press("F1");
    const input = this.page.locator(".quick-input-widget .quick-input-box input");
    await input.waitFor({ state: "visible", timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator(".quick-input-widget .quick-input-list .monaco-list-row", { hasText: title }).first();
    await row.waitFor({ state: "visible", timeout: 15_000 });
    await input.press("Enter");
  }

  quickPickRows(): Locator {
    return this.page.locator(".quick-input-widget .quick-input-list .monaco-list-row");
  }

  async quickPickTexts(): Promise<string[]> {
    return (await this.quickPickRows().allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
  }

  async waitQuickPick(timeoutMs = 30_000): Promise<string[]> {
    await this.page.locator(".quick-input-widget").waitFor({ state: "visible", timeout: timeoutMs });
    return poll("quick pick rows", timeoutMs, async () => {
      const rows = await this.quickPickTexts();
      return rows.length > 0 ? rows : undefined;
    });
  }

  /**
   * Chooses exactly the quick pick rows whose text matches `pattern` and accepts:
   * in a multi-select pick (rows with role=checkbox) the others are unticked.
   */
  async choosePicks(pattern: RegExp): Promise<string[]> {
    const rows = this.quickPickRows();
    const chosen: string[] = [];
    const multi = (await rows.first().getAttribute("role")) === "checkbox";
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const text = (await row.innerText()).replace(/\s+/g, " ").trim();
      const wanted = pattern.test(text);
      if (wanted) chosen.push(text);
      if (!multi) {
        if (!wanted) continue;
        await row.click();
        return chosen;
      }
      const checked = (await row.getAttribute("aria-checked")) === "true";
      if (checked !== wanted) await row.locator(".monaco-checkbox").first().click();
    }
    if (chosen.length === 0)
      throw new Error(`no quick pick row matches ${pattern}: ${JSON.stringify(await this.quickPickTexts())}`);
    // Right after a checkbox click the OK button can miss the click; Enter on the list accepts, OK is the fallback.
    const widget = this.page.locator(".quick-input-widget");
    await new Promise((r) => setTimeout(r, 300));
    await this.page.keyboard.press("Enter");
    const hidden = await widget.waitFor({ state: "hidden", timeout: 2000 }).then(
      () => true,
      () => false,
    );
    if (!hidden) {
      await widget.locator(".quick-input-action .monaco-button", { hasText: "OK" }).first().click();
      await widget.waitFor({ state: "hidden", timeout: 5000 });
    }
    return chosen;
  }

  // --- notifications --------------------------------------------------------

  /** Clicks a button of the first notification whose text matches `pattern`. */
  async clickNotificationButton(pattern: RegExp, button: string): Promise<void> {
    const toast = this.page.locator(".notifications-toasts .notification-toast").filter({ hasText: pattern }).first();
    await toast.locator(".monaco-button", { hasText: button }).first().click();
  }

  async notificationButtons(pattern: RegExp): Promise<string[]> {
    const toast = this.page.locator(".notifications-toasts .notification-toast").filter({ hasText: pattern }).first();
    return (await toast.locator(".monaco-button").allInnerTexts()).map((t) => t.trim());
  }

  async notificationTexts(): Promise<string[]> {
    const toasts = await this.page
      .locator(".notifications-toasts .notification-toast, .notifications-center .notification-list-item")
      .allInnerTexts();
    return toasts.map((t) => t.replace(/\s+/g, " ").trim());
  }

  async waitNotification(what: string, pattern: RegExp, timeoutMs: number): Promise<string> {
    return poll(
      `a notification ${what} (${pattern})`,
      timeoutMs,
      async () => (await this.notificationTexts()).find((t) => pattern.test(t)),
      async () => JSON.stringify(await this.notificationTexts()),
    );
  }

  /**
   * Records every distinct text that appears in notifications, the status bar and progress
   * indicators from now on, so that short-lived progress is not missed by polling.
   */
  async startRecordingTexts(): Promise<void> {
    await this.page.evaluate(`(() => {
      window.__gdSeen = [];
      const targets = () => document.querySelectorAll('.notifications-toasts, .notifications-center, #workbench\\\\.parts\\\\.statusbar, .monaco-progress-container');
      const record = () => {
        for (const el of targets()) {
          const t = (el.innerText || '').replace(/\\s+/g, ' ').trim();
          if (t && !window.__gdSeen.includes(t)) window.__gdSeen.push(t);
        }
      };
      record();
      window.__gdObserver = new MutationObserver(record);
      window.__gdObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
  }

  async recordedTexts(): Promise<string[]> {
    const seen: unknown = await this.page.evaluate("window.__gdSeen || []");
    return Array.isArray(seen) ? seen.filter((s): s is string => typeof s === "string") : [];
  }

  // --- editors --------------------------------------------------------------

  async openFile(relativePath: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press("Control+P");
    const input = this.page.locator(".quick-input-widget .quick-input-box input");
    await input.waitFor({ state: "visible", timeout: 10_000 });
    await input.fill(relativePath);
    const base = path.basename(relativePath);
    await this.page
      .locator(".quick-input-widget .quick-input-list .monaco-list-row", { hasText: base })
      .first()
      // Quick Open searches the files first: a loaded machine makes that slow.
      .waitFor({ timeout: 30_000 });
    await input.press("Enter");
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${base}"]`).waitFor({ timeout: 15_000 });
    await this.page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor({ timeout: 15_000 });
  }

  /** Ctrl+G `line:column` in the active editor. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.page.locator(".editor-instance .monaco-editor textarea").first().focus();
    await this.page.keyboard.press("Control+G");
    const input = this.page.locator(".quick-input-widget .quick-input-box input");
    await input.waitFor({ state: "visible", timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await input.press("Enter");
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10_000 });
  }

  /** Sets a breakpoint with F9 on `line` of the active editor and waits for its glyph. */
  async toggleBreakpoint(line: number): Promise<void> {
    const before = await this.breakpointGlyphs().count();
    await this.goToLine(line);
    await this.page.keyboard.press("F9");
    await poll(`a breakpoint glyph on line ${line}`, 10_000, async () =>
      (await this.breakpointGlyphs().count()) > before ? true : undefined,
    );
  }

  breakpointGlyphs(): Locator {
    // VS Code 1.100 draws breakpoints as glyph-margin widgets.
    return this.page.locator(
      ".editor-instance .monaco-editor .codicon-debug-breakpoint, .editor-instance .monaco-editor .codicon-debug-breakpoint-unverified",
    );
  }

  async hoverAt(line: number, column: number): Promise<string> {
    await this.goToLine(line, column);
    await this.page.keyboard.press("Control+K");
    await this.page.keyboard.press("Control+I");
    const hover = this.page
      .locator(".monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents")
      .first();
    await hover.waitFor({ state: "visible", timeout: 5_000 });
    return (await hover.innerText()).trim();
  }

  /** Opens a new integrated terminal (the user's interactive shell) and types a command line into it. */
  async typeInNewTerminal(commandLine: string): Promise<void> {
    await this.runCommand("Terminal: Create New Terminal");
    const terminal = this.page.locator(".terminal-wrapper.active .xterm, .integrated-terminal .xterm").first();
    await terminal.waitFor({ state: "visible", timeout: 20_000 });
    await terminal.click();
    await this.page.keyboard.type(commandLine);
    await this.page.keyboard.press("Enter");
  }

  // --- debugging ------------------------------------------------------------

  async startDebugging(): Promise<void> {
    await this.page
      .locator(".editor-instance .monaco-editor textarea")
      .first()
      .focus()
      .catch(() => this.focusWorkbench());
    await this.page.keyboard.press("F5");
  }

  /**
   * The stopped state a user sees: the Continue button in the debug toolbar and the
   * top-frame line decoration. A build or launch failure in the Debug Console ends the wait at once.
   */
  async waitStopped(timeoutMs: number): Promise<void> {
    await poll(
      "the debugger to stop (debug toolbar with Continue, top stack frame decoration)",
      timeoutMs,
      async () => {
        const toolbar = await this.page.locator(".debug-toolbar .codicon-debug-continue").count();
        const frame = await this.page
          .locator(".monaco-editor .codicon-debug-stackframe, .monaco-editor .debug-top-stack-frame-line")
          .count();
        if (toolbar > 0 && frame > 0) return true;
        const console = await this.debugConsoleText().catch(() => "");
        if (/Build Error|could not launch process|Failed to launch/i.test(console))
          throw new Error(`the launch failed:\n${console}`);
        return undefined;
      },
      async () =>
        `notifications ${JSON.stringify(await this.notificationTexts())}; status bar: ${await this.statusBarText()}`,
    );
  }

  async callStackState(): Promise<string> {
    const states = await this.page
      .locator(".debug-call-stack .state, .debug-call-stack .monaco-list-row")
      .allInnerTexts();
    return states.join(" | ").replace(/\s+/g, " ");
  }

  /** Rows of the Variables view, as `name = value` texts. */
  async variables(): Promise<string[]> {
    const rows = await this.page.locator(".debug-variables .monaco-list-row").allInnerTexts();
    return rows.map((t) => t.replace(/\s+/g, " ").trim());
  }

  async waitVariable(name: string, value: string, timeoutMs: number): Promise<string> {
    return poll(
      `the Variables view to show ${name} = ${value}`,
      timeoutMs,
      // VS Code 1.100 renders a variable as `name = value`.
      async () =>
        (await this.variables()).find((row) => new RegExp(`^${name}\\s*[:=]\\s`).test(row) && row.includes(value)),
      async () => JSON.stringify(await this.variables()),
    );
  }

  /** What the Debug Console shows (build errors, dlv's output). */
  async debugConsoleText(): Promise<string> {
    return (await this.page.locator(".repl .monaco-list-row").allInnerTexts()).join("\n");
  }

  async stopDebugging(): Promise<void> {
    if ((await this.page.locator(".debug-toolbar").count()) === 0) return;
    await this.page.keyboard.press("Shift+F5");
  }

  // --- artifacts ------------------------------------------------------------

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(this.artifactsDir, { recursive: true });
    const file = path.join(this.artifactsDir, `${name}.png`);
    // Let toasts and hovers finish fading in.
    await new Promise((r) => setTimeout(r, 600));
    await this.page.screenshot({ path: file });
    return file;
  }

  /** A close-up of the first notification whose text matches `pattern`, for the README. */
  async screenshotNotification(name: string, pattern: RegExp): Promise<string> {
    fs.mkdirSync(this.artifactsDir, { recursive: true });
    const file = path.join(this.artifactsDir, `${name}.png`);
    await new Promise((r) => setTimeout(r, 600));
    await this.page
      .locator(".notifications-toasts .notification-toast")
      .filter({ hasText: pattern })
      .first()
      .screenshot({ path: file });
    return file;
  }

  /** A close-up of the readiness item with its tooltip open, for the README. */
  async screenshotReadiness(name: string): Promise<string> {
    fs.mkdirSync(this.artifactsDir, { recursive: true });
    const file = path.join(this.artifactsDir, `${name}.png`);
    await this.readinessTooltip();
    await new Promise((r) => setTimeout(r, 600));
    const boxes = [
      await this.readinessItem.first().boundingBox(),
      await this.page.locator(".workbench-hover, .monaco-hover:not(.hidden)").first().boundingBox(),
    ].filter((b): b is NonNullable<typeof b> => b !== null);
    const viewport = this.page.viewportSize() ?? { width: 1400, height: 900 };
    const pad = 12;
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - pad);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - pad);
    const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + pad);
    const bottom = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + pad);
    await this.page.screenshot({ path: file, clip: { x, y, width: right - x, height: bottom - y } });
    return file;
  }
}
