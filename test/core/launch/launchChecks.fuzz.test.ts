// Property tests for launch.json handling: generated JSONC documents (comments,
// trailing commas, CRLF, BOM, tabs) and random mutations of them.
// GD_FUZZ_RUNS raises the number of runs per property (default 2000).
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import * as jsonc from "jsonc-parser";
import { analyzeLaunchText, checkLaunchText } from "../../../src/core/launch/launchChecks";
import { applyJsoncEdit, parseJsonc } from "../../../src/core/launch/jsoncEdits";
import { removeDir, tempDir, writeFile, writeModule } from "../../support/fixtures";

const RUNS = Number(process.env.GD_FUZZ_RUNS ?? "2000");
const root = tempDir("gd-launch-fuzz-");
const ws = writeModule(path.join(root, "ws"));
writeFile(path.join(ws, "lib", "lib.go"), "package lib\n");
const file = path.join(ws, ".vscode", "launch.json");
after(() => removeDir(root));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const key = fc.string({ maxLength: 8 }).filter((k) => k !== "__proto__");
const { json } = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.string({ maxLength: 12 }),
    fc.array(tie("json"), { maxLength: 3 }),
    fc.dictionary(key, tie("json"), { maxKeys: 3 }),
  ),
}));

const attribute = fc.oneof(
  fc.record({
    k: fc.constant("mode"),
    v: fc.oneof(
      fc.constantFrom("auto", "debug", "test", "exec", "replay", "core", "local", "remote", "degub", ""),
      json,
    ),
  }),
  fc.record({ k: fc.constant("request"), v: fc.oneof(fc.constantFrom("launch", "attach", "lanch"), json) }),
  fc.record({
    k: fc.constant("program"),
    v: fc.oneof(
      fc.constantFrom(
        "${workspaceFolder}",
        "${workspaceFolder}/lib",
        "lib",
        "${file}",
        "${env:HOME}",
        "/nonexistent",
        "${workspaceFolder}/go.mod",
        "main.go",
      ),
      json,
    ),
  }),
  fc.record({
    k: fc.constantFrom(
      "dlvLoadConfig",
      "apiVersion",
      "dlvPath",
      "host",
      "port",
      "cwd",
      "envFile",
      "substitutePath",
      "env",
      "args",
      "buildFlags",
      "debugAdapter",
      "traceDirPath",
      "coreFilePath",
      "processId",
    ),
    v: json,
  }),
  fc.record({ k: key, v: json }),
);

const config = fc
  .tuple(fc.constantFrom("go", "go", "go", "node"), fc.array(attribute, { maxLength: 7 }))
  .map(([type, attrs]) => {
    const out: { [k: string]: Json } = { type };
    for (const { k, v } of attrs) if (k !== "type") out[k] = v;
    return out;
  });

const style = fc.record({
  eol: fc.constantFrom("\n", "\r\n"),
  indent: fc.constantFrom("  ", "    ", "\t"),
  bom: fc.boolean(),
  trailingCommas: fc.boolean(),
  /** Which gaps between properties get a comment line (bit i: before property i). */
  comments: fc.nat(),
});
type Style = { eol: string; indent: string; bom: boolean; trailingCommas: boolean; comments: number };

/** Renders JSONC with own-line comments numbered in order, so each can be found again. */
function render(value: { [k: string]: Json }, s: Style): string {
  let n = 0;
  const comment = (depth: number): string[] => {
    n++;
    if (!(s.comments & (1 << n % 30))) return [];
    return [s.indent.repeat(depth) + (n % 2 ? `// comment ${n}` : `/* comment ${n} */`)];
  };
  const value2 = (v: Json, depth: number): string => {
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    const pad = s.indent.repeat(depth + 1);
    const entries = Array.isArray(v)
      ? v.map((x) => value2(x, depth + 1))
      : Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${value2(x, depth + 1)}`);
    if (entries.length === 0) return Array.isArray(v) ? "[]" : "{}";
    const lines: string[] = [];
    entries.forEach((e, i) => {
      lines.push(...comment(depth + 1));
      lines.push(pad + e + (i < entries.length - 1 || s.trailingCommas ? "," : ""));
    });
    const [open, close] = Array.isArray(v) ? ["[", "]"] : ["{", "}"];
    return [open, ...lines, s.indent.repeat(depth) + close].join(s.eol);
  };
  return (s.bom ? "\uFEFF" : "") + value2(value, 0) + s.eol;
}

const document = fc.record({ configs: fc.array(config, { minLength: 1, maxLength: 4 }), style });

function commentsOf(text: string): string[] {
  return [...text.matchAll(/(\/\/|\/\*) comment \d+/g)].map((m) => m[0]).sort();
}

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

describe("checkLaunchText (property)", () => {
  it("never throws; every finding is GD080–GD083 with a location inside the text", async () => {
    await fc.assert(
      fc.asyncProperty(document, async ({ configs, style: s }) => {
        const text = render({ version: "0.2.0", configurations: configs }, s);
        const analysed = await analyzeLaunchText(file, text, ws);
        const body = s.bom ? text.slice(1) : text;
        const lines = body.split(/\r\n|\n/).length;
        for (const { finding, offset, length } of analysed.findings) {
          assert.match(finding.code, /^GD08[0-3]$/);
          assert.ok(["error", "warning", "info"].includes(finding.severity));
          assert.ok(finding.message.length > 0);
          assert.ok(finding.location && finding.location.line! >= 1 && finding.location.line! <= lines);
          assert.ok(offset >= 0 && offset + length <= body.length);
          for (const fix of finding.fixes ?? []) {
            if (fix.kind !== "launch") continue;
            // Every suggested edit applies cleanly to the text it was computed from.
            const r = applyJsoncEdit(text, fix.path, fix.value);
            assert.ok(r.ok, r.ok ? "" : r.reason);
          }
        }
        assert.equal(analysed.parseError, undefined);
      }),
      { numRuns: RUNS },
    );
  });

  it("a document with a syntax error gives exactly one parse error and no edit is possible", async () => {
    await fc.assert(
      fc.asyncProperty(
        document,
        fc.nat(),
        fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "x", "/*"),
        async ({ configs, style: s }, at, junk) => {
          const text = render({ version: "0.2.0", configurations: configs }, s);
          const pos = (s.bom ? 1 : 0) + (at % (text.length - (s.bom ? 1 : 0)));
          const broken = text.slice(0, pos) + junk + text.slice(pos);
          const findings = await checkLaunchText(file, broken, ws);
          if (parseJsonc(broken).error === undefined) return; // the junk happened to be harmless (e.g. inside a string)
          assert.equal(findings.length, 1);
          assert.match(findings[0].message, /cannot be parsed at line \d+/);
          const edit = applyJsoncEdit(broken, ["configurations", 0, "mode"], "debug");
          assert.equal(edit.ok, false);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("arbitrary text never throws", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const findings = await checkLaunchText(file, text, ws);
        assert.ok(Array.isArray(findings));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("applyJsoncEdit (property)", () => {
  const edit = fc.record({
    configIndex: fc.nat(),
    keyIndex: fc.nat(),
    newKey: fc.option(key, { nil: undefined }),
    value: fc.option(json, { nil: undefined }),
  });

  it("changes exactly the target, keeps comments, line endings and BOM, touches no other configuration, and is idempotent", () => {
    fc.assert(
      fc.property(document, edit, ({ configs, style: s }, e) => {
        const doc = { version: "0.2.0", configurations: configs };
        const text = render(doc, s);
        const ci = e.configIndex % configs.length;
        const keys = Object.keys(configs[ci]);
        const k = e.newKey ?? keys[e.keyIndex % keys.length];
        const r = applyJsoncEdit(text, ["configurations", ci, k], e.value);
        assert.ok(r.ok, r.ok ? "" : r.reason);

        const expected = plain(doc) as { configurations: Record<string, unknown>[] };
        if (e.value === undefined) delete expected.configurations[ci][k];
        else expected.configurations[ci][k] = plain(e.value);
        const parsed = parseJsonc(r.text);
        assert.equal(parsed.error, undefined);
        assert.deepStrictEqual(plain(jsonc.getNodeValue(parsed.root!)), expected);

        // Comments inside the replaced or removed node go with it; every other one stays.
        const target = jsonc.findNodeAtLocation(parseJsonc(text).root!, ["configurations", ci, k]);
        const body0 = s.bom ? text.slice(1) : text;
        const inside = target?.parent
          ? commentsOf(body0.slice(target.parent.offset, target.parent.offset + target.parent.length))
          : [];
        const kept = commentsOf(text).filter((c) => !inside.includes(c));
        assert.deepEqual(commentsOf(r.text), kept);
        assert.equal(r.text.startsWith("\uFEFF"), s.bom);
        if (s.eol === "\r\n") assert.ok(!/[^\r]\n/.test(r.text), "no bare LF in a CRLF file");
        else assert.ok(!r.text.includes("\r"), "no CR in an LF file");

        // Bytes before and after the edited configuration object are untouched.
        const body = s.bom ? text.slice(1) : text;
        const node = jsonc.findNodeAtLocation(parseJsonc(text).root!, ["configurations", ci])!;
        const prefix = body.slice(0, node.offset);
        const suffix = body.slice(node.offset + node.length);
        const outBody = s.bom ? r.text.slice(1) : r.text;
        assert.ok(outBody.startsWith(prefix), "prefix unchanged");
        assert.ok(outBody.endsWith(suffix), "suffix unchanged");

        const again = applyJsoncEdit(r.text, ["configurations", ci, k], e.value);
        assert.ok(again.ok);
        assert.equal(again.text, r.text, "second application is a no-op");
      }),
      { numRuns: RUNS },
    );
  });
});
