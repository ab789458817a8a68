import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MASK, MASKED, redactDeep, redactText, secretValues, unmasked } from "../../../src/core/base/redact";

describe("redaction", () => {
  it("masks values of credential-named variables wherever they appear", () => {
    const env = { GITHUB_TOKEN: "abc123secretvalue", PATH: "/usr/bin", MY_PASSWORD: "hunter2hunter2" };
    const secrets = secretValues(env);
    const text = "token abc123secretvalue used; pw=hunter2hunter2; PATH=/usr/bin";
    const out = redactText(text, secrets);
    assert.ok(!out.includes("abc123secretvalue"));
    assert.ok(!out.includes("hunter2hunter2"));
    assert.ok(out.includes("/usr/bin"));
  });

  it("masks NAME=value pairs, URL credentials and token shapes", () => {
    const out = redactText(
      "AWS_SECRET_ACCESS_KEY=xyz GOPROXY=https://user:pa55word@proxy.example.com ghp_0123456789abcdefghij0123456789abcd GOFLAGS=-mod=mod",
    );
    assert.ok(!out.includes("xyz"));
    assert.ok(!out.includes("pa55word"));
    assert.ok(!out.includes("ghp_0123456789"));
    assert.ok(out.includes("GOFLAGS=-mod=mod"));
    assert.ok(out.includes(`https://user:${MASK}@proxy.example.com`));
  });

  it("masks environment-style keys in JSON but not ordinary keys named key", () => {
    const value = {
      drift: { NPM_TOKEN: { process: "t0ken-value-1", login: null } },
      fix: { key: "go.alternateTools", value: "/x" },
      API_KEY: "k-123456",
    };
    const out = redactDeep(value, ["t0ken-value-1"]);
    assert.equal(out.API_KEY, MASK);
    assert.equal(out.fix.key, "go.alternateTools");
    assert.equal(out.drift.NPM_TOKEN.process, MASK);
  });
});

describe("unmasked: a fix from the redacted report never writes the mask", () => {
  it("puts masked strings back from the user's own value at the same place", () => {
    assert.deepEqual(
      unmasked({ GITHUB_TOKEN: MASK, PATH: "/go/bin:/usr/bin" }, { GITHUB_TOKEN: "ghp_real", PATH: "/usr/bin" }),
      { GITHUB_TOKEN: "ghp_real", PATH: "/go/bin:/usr/bin" },
    );
    assert.deepEqual(unmasked(["a", `x${MASK}`], ["a", "x-secret"]), ["a", "x-secret"]);
    assert.equal(unmasked("plain", undefined), "plain");
    assert.equal(unmasked(undefined, "anything"), undefined);
  });

  it("answers MASKED when the user's value is not there to put back", () => {
    assert.equal(unmasked({ DB_PASSWORD: MASK }, {}), MASKED);
    assert.equal(unmasked({ nested: { key: MASK } }, { nested: 3 }), MASKED);
  });
});
