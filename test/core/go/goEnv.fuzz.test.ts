// Property tests for the parsers behind the go-command checks: go env JSON and
// env files, go.mod/go.work, GOPROXY, GOTOOLCHAIN and go list's JSON stream.
// Each takes any text without throwing, and round-trips what it should.
// GD_FUZZ_RUNS raises the run count.

import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { diagnoseGoEnvFailure, parseGoEnvFile, parseGoEnvJson } from "../../../src/core/go/goEnv";
import { absolutizeGoWork, goModLookup, parseGoMod } from "../../../src/core/go/goMod";
import { fileProxyDir, parseGoProxy } from "../../../src/core/go/goProxy";
import { parseJsonStream } from "../../../src/core/checks/modules";
import { parseGoToolchain, toolchainVersion } from "../../../src/core/go/toolchain";

const numRuns = Number(process.env.GD_FUZZ_RUNS ?? "") || 2000;

const fragments = fc.constantFrom(
  "module ",
  "go ",
  "toolchain ",
  "require ",
  "replace ",
  "use ",
  "(",
  ")",
  "=>",
  "// indirect",
  "//",
  "\n",
  "\t",
  " ",
  "example.com/m",
  "v1.2.3",
  "1.22",
  "go1.23.1",
  "default",
  '"',
  "`",
  "\\",
  "{",
  "}",
  '"Err":',
  ",",
  "|",
  "off",
  "direct",
  "https://",
  "file://",
  "proxy.golang.org",
  "GOPROXY=",
  "GOTOOLCHAIN=",
  "#",
  "=",
  "+auto",
  "+path",
  "local",
  "\r",
  "é",
  "\u0000",
);
const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.array(fragments, { maxLength: 50 }).map((p) => p.join("")),
);

const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/);
const envValue = fc.string({ maxLength: 40 }).filter((s) => !s.includes("\n"));
const modPath = fc.stringMatching(/^[a-z]{1,8}\.(com|org)(\/[a-z0-9]{1,6}){0,3}$/);
const semverTag = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map(([a, b, c]) => `v${a}.${b}.${c}`);
const goVer = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.nat(40), fc.option(fc.nat(20), { nil: undefined }))
  .map(([a, b, c]) => (c === undefined ? `${a}.${b}` : `${a}.${b}.${c}`));

describe("fuzzing the go-command parsers", () => {
  it("no parser throws on arbitrary text", () => {
    fc.assert(
      fc.property(text, (t) => {
        parseGoEnvJson(t);
        parseGoEnvFile(t);
        diagnoseGoEnvFailure(t);
        goModLookup(t, "go");
        parseGoMod(t);
        absolutizeGoWork(t, "/ws");
        parseGoProxy(t);
        fileProxyDir(t);
        parseGoToolchain(t);
        toolchainVersion(t);
        parseJsonStream(t);
      }),
      { numRuns },
    );
  });

  it("go env files round-trip; the last assignment of a name wins, as in the go command", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(envName, envValue), { maxLength: 20 }), (pairs) => {
        const expected: Record<string, string> = {};
        for (const [k, v] of pairs) expected[k] = v;
        const file = ["# comment", ...pairs.map(([k, v]) => `${k}=${v}`), "lower=ignored"].join("\n");
        assert.deepEqual(parseGoEnvFile(file), expected);
      }),
      { numRuns },
    );
  });

  it("go env -json output of any string values parses back; anything else is refused", () => {
    fc.assert(
      fc.property(fc.dictionary(envName, fc.string({ maxLength: 40 }), { noNullPrototype: true }), (vars) => {
        assert.deepEqual(parseGoEnvJson(JSON.stringify(vars, null, "\t")), vars);
        assert.equal(parseGoEnvJson(JSON.stringify({ ...vars, GOFLAGS: 1 })), undefined);
      }),
      { numRuns },
    );
  });

  it("go.mod directives written by the go command are read back", () => {
    fc.assert(
      fc.property(
        modPath,
        goVer,
        fc.option(goVer, { nil: undefined }),
        fc.uniqueArray(fc.tuple(modPath, semverTag, fc.boolean()), { maxLength: 8, selector: (r) => r[0] }),
        (module, go, toolchain, requires) => {
          const lines = [`module ${module}`, "", `go ${go}`];
          if (toolchain) lines.push("", `toolchain go${toolchain}`);
          if (requires.length > 0)
            lines.push(
              "",
              "require (",
              ...requires.map(([p, v, ind]) => `\t${p} ${v}${ind ? " // indirect" : ""}`),
              ")",
            );
          const parsed = parseGoMod(lines.join("\n") + "\n");
          assert.equal(parsed.module, module);
          assert.equal(parsed.go, go);
          assert.equal(parsed.goLine, 3);
          assert.equal(parsed.toolchain, toolchain ? `go${toolchain}` : undefined);
          assert.deepEqual(
            parsed.requires,
            requires.map(([path, version, indirect]) => ({ path, version, indirect })),
          );
        },
      ),
      { numRuns },
    );
  });

  it("an absolutized go.work names the same directories, all absolute", () => {
    const rel = fc.stringMatching(/^\.{1,2}(\/[a-z0-9 ]{1,6}){0,3}$/);
    fc.assert(
      fc.property(fc.array(rel, { maxLength: 6 }), fc.boolean(), (uses, block) => {
        const quoted = uses.map((u) => JSON.stringify(u));
        const text = block
          ? `go 1.22\nuse (\n${quoted.map((q) => `\t${q}`).join("\n")}\n)\n`
          : `go 1.22\n${quoted.map((q) => `use ${q}`).join("\n")}\n`;
        const out = parseGoMod(absolutizeGoWork(text, "/ws/root"));
        assert.deepEqual(
          out.uses,
          uses.map((u) => path.posix.resolve("/ws/root", u)),
        );
      }),
      { numRuns },
    );
  });

  it("GOPROXY lists: every entry up to direct/off is kept in order, the rest is reported as ignored", () => {
    const url = fc
      .tuple(fc.constantFrom("https://", "http://"), fc.stringMatching(/^[a-z]{1,10}\.example(\/[a-z]{1,5})?$/))
      .map(([s, h]) => s + h);
    const entry = fc.oneof({ weight: 4, arbitrary: url }, { weight: 1, arbitrary: fc.constantFrom("direct", "off") });
    fc.assert(
      fc.property(fc.array(fc.tuple(entry, fc.constantFrom(",", "|")), { minLength: 1, maxLength: 8 }), (items) => {
        const written = items.map(([e], i) => (i === 0 ? e : `${items[i - 1][1]}${e}`)).join("");
        const names = items.map(([e]) => e);
        const list = parseGoProxy(written);
        assert.equal(list.error, undefined);
        const stop = names.findIndex((e) => e === "direct" || e === "off");
        assert.deepEqual(
          list.entries.map((e) => e.url),
          stop < 0 ? names : names.slice(0, stop + 1),
        );
        assert.deepEqual(list.ignored, stop < 0 ? [] : names.slice(stop + 1));
        // The separator after an entry decides whether any error falls through ("|") or only 404/410 (",").
        list.entries.forEach((e, i) => assert.equal(e.fallBackOnError, i < items.length - 1 && items[i][1] === "|"));
      }),
      { numRuns },
    );
  });

  it("GOTOOLCHAIN values the go command accepts are parsed into minimum and mode", () => {
    fc.assert(
      fc.property(goVer, fc.constantFrom("", "+auto", "+path"), (v, suffix) => {
        const parsed = parseGoToolchain(`go${v}${suffix}`);
        assert.deepEqual(parsed, { min: `go${v}`, mode: suffix.slice(1) });
        assert.equal(toolchainVersion(`go${v}`), v);
      }),
      { numRuns },
    );
  });

  it("go list's JSON stream splits into exactly the values that were printed", () => {
    const value = fc.dictionary(
      fc.string({ maxLength: 8 }),
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.integer(),
        fc.boolean(),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
      ),
      { maxKeys: 5 },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), fc.constantFrom("\n", "", " \n\t"), (values, gap) => {
        const stream = values.map((v) => JSON.stringify(v, null, "\t")).join(gap);
        assert.deepEqual(
          parseJsonStream(stream),
          values.map((v) => JSON.parse(JSON.stringify(v)) as unknown),
        );
      }),
      { numRuns },
    );
  });
});
