// Property tests: every parser takes any text without throwing or hanging,
// and what it returns is well-formed. GD_FUZZ_RUNS raises the run count.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  compareGo,
  goMinor,
  goSemver,
  parseBuildInfo,
  parseDlvVersion,
  parseGoVersionOutput,
  parseGoplsVersion,
} from "../../../src/core/go/versionText";

const numRuns = Number(process.env.GD_FUZZ_RUNS ?? "") || 2000;

/** Text built from the pieces real outputs are made of, so the fuzzer reaches deep branches. */
const fragments = fc.constantFrom(
  "go version ",
  "go",
  "go1.",
  "1.",
  "26",
  ".8",
  "rc1",
  "beta2",
  "devel ",
  "-abc",
  " linux/amd64",
  "X:foo ",
  "\n",
  "\t",
  "\tmod\t",
  "\tbuild\t",
  "\tpath\t",
  "=",
  '"',
  ": ",
  "-ldflags=",
  "Delve Debugger\n",
  "Version: ",
  "Build: $Id: ",
  " $",
  "golang.org/x/tools/gopls ",
  "v0.23.0",
  "(devel)",
  "{",
  "}",
  '"Main":',
  '"Version":',
  '"GoVersion":',
  ",",
  "[",
  "]",
  "null",
  "\r",
  "\u0000",
  "é",
  " ",
);
const structured = fc.array(fragments, { maxLength: 40 }).map((parts) => parts.join(""));
const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), structured);

const withinTime = (f: () => void): void => {
  const started = performance.now();
  f();
  assert.ok(performance.now() - started < 1000, "a parser took more than a second");
};

describe("version parsers under fuzzing", () => {
  it("parseGoVersionOutput never throws and gives a Go version", () => {
    fc.assert(
      fc.property(text, (t) =>
        withinTime(() => {
          const r = parseGoVersionOutput(t);
          if (r) assert.notEqual(goSemver(r.version), undefined, r.version);
        }),
      ),
      { numRuns },
    );
  });

  it("parseBuildInfo never throws and gives a Go version", () => {
    fc.assert(
      fc.property(text, (t) =>
        withinTime(() => {
          const r = parseBuildInfo(t);
          if (r) assert.notEqual(goSemver(r.goVersion), undefined, r.goVersion);
        }),
      ),
      { numRuns },
    );
  });

  it("parseDlvVersion never throws and gives a semver", () => {
    fc.assert(
      fc.property(text, (t) =>
        withinTime(() => {
          const r = parseDlvVersion(t);
          if (r) assert.match(r.version, /^\d+\.\d+\.\d+/);
        }),
      ),
      { numRuns },
    );
  });

  it("parseGoplsVersion never throws", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          text,
          fc.json().map((j) => j),
        ),
        (t) =>
          withinTime(() => {
            const r = parseGoplsVersion(t);
            if (r) assert.ok(r.version.length > 0);
          }),
      ),
      { numRuns },
    );
  });

  it("goSemver, goMinor and compareGo never throw, and compareGo is an order", () => {
    const goish = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc
        .tuple(fc.nat(30), fc.nat(40), fc.option(fc.nat(20)), fc.option(fc.constantFrom("rc1", "beta2", "rc10")))
        .map(([a, b, c, p]) => `${a}.${b}${c === null ? "" : `.${c}`}${p ?? ""}`),
    );
    fc.assert(
      fc.property(goish, goish, goish, (a, b, c) => {
        goSemver(a);
        goMinor(a);
        assert.equal(Math.sign(compareGo(a, b)), -Math.sign(compareGo(b, a)) || 0);
        assert.equal(compareGo(a, a), 0);
        if (compareGo(a, b) <= 0 && compareGo(b, c) <= 0) assert.ok(compareGo(a, c) <= 0);
      }),
      { numRuns },
    );
  });

  it("parsers stay fast on huge inputs", () => {
    const huge = "go version ".repeat(200_000) + "\tbuild\t" + "=".repeat(1_000_000);
    for (const parse of [parseGoVersionOutput, parseBuildInfo, parseDlvVersion, parseGoplsVersion]) {
      const started = performance.now();
      parse(huge);
      parse("{".repeat(100_000));
      assert.ok(performance.now() - started < 10_000, `${parse.name} took too long`);
    }
  });
});
