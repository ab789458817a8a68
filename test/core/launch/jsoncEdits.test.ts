import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as jsonc from "jsonc-parser";
import {
  applyJsoncEdit,
  applyLaunchFix,
  detectFormatting,
  lineColumnAt,
  parseJsonc,
} from "../../../src/core/launch/jsoncEdits";
import { removeDir, tempDir, writeFile } from "../../support/fixtures";

const LAUNCH = `{
    // Use IntelliSense to learn about possible attributes.
    "version": "0.2.0",
    "configurations": [
        {
            "name": "Launch Package", // the usual one
            "type": "go",
            "request": "launch",
            "mode": "auto",
            /* legacy knobs below */
            "dlvPath": "/opt/dlv/bin/dlv",
            "program": "\${workspaceFolder}",
            "apiVersion": 2,
        },
    ],
}
`;

/** Asserts that `after` equals `before` except for one contiguous span, and returns that span. */
function changedSpan(before: string, after: string): { removed: string; added: string } {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  )
    suffix++;
  return { removed: before.slice(prefix, before.length - suffix), added: after.slice(prefix, after.length - suffix) };
}

function variants(): { name: string; text: string }[] {
  return [
    { name: "LF", text: LAUNCH },
    { name: "CRLF", text: LAUNCH.replace(/\n/g, "\r\n") },
    { name: "BOM", text: "\uFEFF" + LAUNCH },
    { name: "BOM+CRLF+tabs", text: "\uFEFF" + LAUNCH.replace(/ {4}/g, "\t").replace(/\n/g, "\r\n") },
  ];
}

describe("applyJsoncEdit", () => {
  it("removing the last attribute also removes the comma before it, keeping comments", () => {
    const text = '{\n  "a": 1, // one\n  // about b\n  "b": 2 // two\n}\n';
    const r = applyJsoncEdit(text, ["b"], undefined);
    assert.deepEqual(r, { ok: true, text: '{\n  "a": 1 // one\n  // about b\n}\n' });
  });

  it("removes an attribute in the middle of a one-line object", () => {
    assert.deepEqual(applyJsoncEdit('{"a": 1, "b": 2, "c": 3}', ["b"], undefined), {
      ok: true,
      text: '{"a": 1, "c": 3}',
    });
  });

  for (const { name, text } of variants()) {
    it(`removes one attribute and leaves every other byte alone (${name})`, () => {
      const r = applyJsoncEdit(text, ["configurations", 0, "dlvPath"], undefined);
      assert.ok(r.ok, r.ok ? "" : r.reason);
      // Exactly the attribute's line goes; every comment and every other byte stays.
      const line = /[ \t]*"dlvPath": "\/opt\/dlv\/bin\/dlv",\r?\n/.exec(text)![0];
      assert.equal(r.text, text.replace(line, ""));
      assert.equal(r.text.startsWith("\uFEFF"), text.startsWith("\uFEFF"));
      assert.equal(r.text.includes("\r\n"), text.includes("\r\n"));
      assert.equal(r.text.replace(/\r\n/g, "").includes("\n"), !text.includes("\r\n"), "no mixed line endings");
      const after = parseJsonc(r.text);
      assert.equal(after.error, undefined);
      const value = jsonc.getNodeValue(after.root!) as { configurations: Record<string, unknown>[] };
      assert.deepEqual(Object.keys(value.configurations[0]), [
        "name",
        "type",
        "request",
        "mode",
        "program",
        "apiVersion",
      ]);
      const again = applyJsoncEdit(r.text, ["configurations", 0, "dlvPath"], undefined);
      assert.ok(again.ok);
      assert.equal(again.text, r.text, "second application is a no-op");
    });

    it(`replaces one value in place (${name})`, () => {
      const r = applyJsoncEdit(text, ["configurations", 0, "mode"], "debug");
      assert.ok(r.ok, r.ok ? "" : r.reason);
      assert.deepEqual(changedSpan(text, r.text), { removed: "auto", added: "debug" });
      const again = applyJsoncEdit(r.text, ["configurations", 0, "mode"], "debug");
      assert.ok(again.ok);
      assert.equal(again.text, r.text);
    });

    it(`adds a property with the file's own indentation and line ending (${name})`, () => {
      const r = applyJsoncEdit(
        text,
        ["configurations", 0, "substitutePath"],
        [{ from: "${workspaceFolder}", to: "example.com/hello" }],
      );
      assert.ok(r.ok, r.ok ? "" : r.reason);
      const span = changedSpan(text, r.text);
      assert.equal(span.removed, "");
      const eol = text.includes("\r\n") ? "\r\n" : "\n";
      assert.ok(span.added.includes(eol));
      if (!text.includes("\r\n")) assert.ok(!span.added.includes("\r"));
      const value = jsonc.getNodeValue(parseJsonc(r.text).root!) as { configurations: { substitutePath: unknown }[] };
      assert.deepEqual(JSON.parse(JSON.stringify(value.configurations[0].substitutePath)), [
        { from: "${workspaceFolder}", to: "example.com/hello" },
      ]);
      assert.ok(r.text.includes("// the usual one") && r.text.includes("/* legacy knobs below */"));
      const again = applyJsoncEdit(
        r.text,
        ["configurations", 0, "substitutePath"],
        [{ from: "${workspaceFolder}", to: "example.com/hello" }],
      );
      assert.ok(again.ok);
      assert.equal(again.text, r.text);
    });
  }

  it("refuses malformed text and says where it breaks", () => {
    const broken = LAUNCH.replace('"type": "go",', '"type": "go"');
    const r = applyJsoncEdit(broken, ["configurations", 0, "dlvPath"], undefined);
    assert.equal(r.ok, false);
    assert.match(r.ok ? "" : r.reason, /cannot be parsed at line 8, column 13: ',' expected/);
  });

  it("refuses a path through a value that is not a container", () => {
    const r = applyJsoncEdit(LAUNCH, ["version", "x"], 1);
    assert.equal(r.ok, false);
    assert.match(r.ok ? "" : r.reason, /version is a string, not an object/);
  });

  it("removing something that is not there changes nothing", () => {
    const r = applyJsoncEdit(LAUNCH, ["configurations", 0, "dlvLoadConfig"], undefined);
    assert.deepEqual(r, { ok: true, text: LAUNCH });
  });
});

describe("lineColumnAt and detectFormatting", () => {
  it("counts CRLF, LF and lone CR as one line break each", () => {
    assert.deepEqual(lineColumnAt("a\r\nb\nc\rd", 7), { line: 4, column: 1 });
    assert.deepEqual(lineColumnAt("a\r\nb", 4), { line: 2, column: 2 });
  });
  it("reads tabs, two-space indents and CRLF from the text", () => {
    assert.deepEqual(detectFormatting('{\r\n\t"a": 1\r\n}'), { eol: "\r\n", insertSpaces: false, tabSize: 4 });
    assert.deepEqual(detectFormatting('{\n  "a": {\n    "b": 1\n  }\n}'), {
      eol: "\n",
      insertSpaces: true,
      tabSize: 2,
    });
  });
});

describe("applyLaunchFix", () => {
  it("rewrites the file atomically and a second run is a no-op", async () => {
    const dir = tempDir();
    try {
      const file = writeFile(path.join(dir, ".vscode", "launch.json"), "\uFEFF" + LAUNCH.replace(/\n/g, "\r\n"));
      const fix = {
        kind: "launch" as const,
        title: "Remove apiVersion",
        file,
        path: ["configurations", 0, "apiVersion"],
        value: undefined,
      };
      const r = await applyLaunchFix(fix);
      assert.ok(r.ok);
      const written = fs.readFileSync(file, "utf8");
      assert.equal(written, r.text);
      assert.ok(!written.includes("apiVersion"));
      assert.ok(written.startsWith("\uFEFF"));
      const mtime = fs.statSync(file).mtimeMs;
      const again = await applyLaunchFix(fix);
      assert.ok(again.ok);
      assert.equal(fs.readFileSync(file, "utf8"), written);
      assert.equal(fs.statSync(file).mtimeMs, mtime, "not rewritten");
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ["launch.json"], "no temporary file left");
    } finally {
      removeDir(dir);
    }
  });

  it("refuses a malformed file and leaves it byte-identical", async () => {
    const dir = tempDir();
    try {
      const broken = Buffer.from('\uFEFF{\r\n  // comment\r\n  "configurations": [ { "dlvPath": "/x" \r\n', "utf8");
      const file = path.join(dir, "launch.json");
      fs.writeFileSync(file, broken);
      const r = await applyLaunchFix({
        kind: "launch",
        title: "Remove dlvPath",
        file,
        path: ["configurations", 0, "dlvPath"],
        value: undefined,
      });
      assert.equal(r.ok, false);
      assert.match(r.ok ? "" : r.reason, /cannot be parsed at line/);
      assert.ok(fs.readFileSync(file).equals(broken));
    } finally {
      removeDir(dir);
    }
  });

  it("reports a missing file instead of creating it", async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, "launch.json");
      const r = await applyLaunchFix({ kind: "launch", title: "x", file, path: ["a"], value: 1 });
      assert.equal(r.ok, false);
      assert.equal(fs.existsSync(file), false);
    } finally {
      removeDir(dir);
    }
  });
});
