import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseArgs, UsageError } from "../../src/cli/args";

describe("go-doctor arguments", () => {
  it("takes a folder and flags in any order", () => {
    const a = parseArgs(["--json", "proj", "-v", "--shell-timeout", "2.5"]);
    assert.equal(a.folder, "proj");
    assert.equal(a.json, true);
    assert.equal(a.verbose, true);
    assert.equal(a.shellTimeoutMs, 2500);
  });

  it("accepts --shell-timeout=S", () => {
    assert.equal(parseArgs(["--shell-timeout=3"]).shellTimeoutMs, 3000);
  });

  for (const bad of [["--shell-timeout"], ["--shell-timeout", "abc"], ["--shell-timeout", "-1"], ["--bogus"], ["a", "b"], ["--yes"]]) {
    it(`refuses ${JSON.stringify(bad)} with a usage error`, () => {
      assert.throws(() => parseArgs(bad), UsageError);
    });
  }
});
