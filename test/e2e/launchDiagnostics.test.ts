// launch.json diagnostics in the real editor: the problem shows on the exact
// attribute with its code, and the quick fix edits only that node, keeping comments.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { parse, type ParseError } from "jsonc-parser";
import { withEditor } from "./harness/run";
import { Scenario } from "./harness/scenario";
import { poll } from "./harness/workbench";
import { realDlv, writeFile } from "../support/fixtures";

test(
  "launch.json: dlvPath is flagged GD080 in the Problems view and the quick fix removes only that attribute",
  { timeout: 240_000 },
  async () => {
    const s = new Scenario("11-launch-diagnostics");
    s.setUp();
    const launch = path.join(s.workspace, ".vscode", "launch.json");
    const original = [
      "{",
      "  // kept: a comment before the configurations",
      '  "version": "0.2.0",',
      '  "configurations": [',
      "    {",
      '      "name": "Launch hello", // kept: trailing comment',
      '      "type": "go",',
      '      "request": "launch",',
      '      "mode": "debug",',
      '      "program": "${workspaceFolder}",',
      `      "dlvPath": "${realDlv}"`,
      "    }",
      "  ]",
      "}",
      "",
    ].join("\n");
    writeFile(launch, original);

    await withEditor(s, {}, async (editor) => {
      const wb = editor.workbench;
      await wb.openFile(".vscode/launch.json");
      await wb.runCommand("View: Focus Problems (Errors, Warnings, Infos)");
      const problems = editor.page.locator(".markers-panel .monaco-list-row");
      const row = await poll(
        "a GD080 problem for dlvPath",
        60_000,
        async () => {
          const texts = await problems.allInnerTexts();
          return texts.find((t) => /GD080/.test(t) && /dlvPath/.test(t));
        },
        async () => JSON.stringify(await problems.allInnerTexts()),
      );
      assert.match(row, /\[Ln 11/, `on the dlvPath line: ${row}`);
      await editor.screenshot("problem");

      // The quick fix, as a user reaches it: cursor on the attribute, then Quick Fix.
      await wb.openFile(".vscode/launch.json");
      await wb.goToLine(11, 8);
      await wb.runCommand("Quick Fix...");
      const actions = editor.page.locator(".action-widget .monaco-list-row");
      await poll("a quick fix for dlvPath", 20_000, async () => ((await actions.count()) > 0 ? true : undefined));
      const titles = await actions.allInnerTexts();
      const index = titles.findIndex((t) => /dlvPath|alternateTools/i.test(t));
      assert.ok(index >= 0, `a quick fix about dlvPath is offered: ${JSON.stringify(titles)}`);
      // The widget takes keys, not clicks: move the focus to that fix, then Enter.
      for (let i = 0; i < titles.length; i++) {
        const focused =
          (await editor.page.locator(".action-widget .monaco-list-row.focused").first().getAttribute("aria-label")) ??
          "";
        if (/dlvPath|alternateTools/i.test(focused)) break;
        await editor.page.keyboard.press("ArrowDown");
      }
      await editor.page.keyboard.press("Enter");
      await editor.page.keyboard.press("Control+S");
      // The editor's save truncates, then writes: only a whole file (it parses) counts.
      const edited = await poll("launch.json saved without dlvPath", 20_000, async () => {
        const text = fs.readFileSync(launch, "utf8");
        const errors: ParseError[] = [];
        parse(text, errors, { allowTrailingComma: true });
        return text.includes("dlvPath") || errors.length > 0 || text.trim() === "" ? undefined : text;
      });
      assert.ok(edited.includes("// kept: a comment before the configurations"));
      assert.ok(edited.includes('"name": "Launch hello", // kept: trailing comment'));
      assert.ok(edited.includes('"program": "${workspaceFolder}"'));
      await editor.screenshot("fixed");
    });
  },
);
