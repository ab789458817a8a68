import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseArgs, UsageError } from "../../src/cli/args";
import { withoutNpmPath } from "../../src/cli/main";

describe("go-doctor arguments", () => {
  it("takes a folder and flags in any order", () => {
    const a = parseArgs(["--json", "proj", "-v", "--shell-timeout", "2.5"]);
    assert.deepEqual(a.folders, ["proj"]);
    assert.equal(a.json, true);
    assert.equal(a.verbose, true);
    assert.equal(a.shellTimeoutMs, 2500);
  });

  it("takes several folders and workspace files, in order", () => {
    assert.deepEqual(parseArgs(["a", "--json", "b", "w.code-workspace"]).folders, ["a", "b", "w.code-workspace"]);
  });

  it("accepts --shell-timeout=S", () => {
    assert.equal(parseArgs(["--shell-timeout=3"]).shellTimeoutMs, 3000);
  });

  for (const bad of [
    ["--shell-timeout"],
    ["--shell-timeout", "abc"],
    ["--shell-timeout", "-1"],
    ["--bogus"],
    ["--yes"],
  ]) {
    it(`refuses ${JSON.stringify(bad)} with a usage error`, () => {
      assert.throws(() => parseArgs(bad), UsageError);
    });
  }
});

describe("running under npm run doctor", () => {
  it("drops the PATH entries npm adds, so they are not reported as drift from the login shell", () => {
    const env = {
      npm_lifecycle_event: "doctor",
      PATH: "/p/node_modules/.bin:/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:/usr/local/go/bin:/usr/bin",
    };
    assert.equal(withoutNpmPath(env).PATH, "/usr/local/go/bin:/usr/bin");
    assert.equal(
      withoutNpmPath({ PATH: "/p/node_modules/.bin:/usr/bin" }).PATH,
      "/p/node_modules/.bin:/usr/bin",
      "untouched outside npm",
    );
  });
});
