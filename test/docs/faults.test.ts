import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { FAULTS, faultDocAnchor } from "../../src/core/model/faults";
import { projectRoot } from "../support/fixtures";

const page = fs.readFileSync(path.join(projectRoot, "docs", "faults.md"), "utf8");

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function sections(): Map<string, string> {
  const out = new Map<string, string>();
  const parts = page.split(/^## /m).slice(1);
  for (const part of parts) {
    const heading = part.slice(0, part.indexOf("\n"));
    assert.ok(!out.has(heading), `heading "${heading}" appears twice`);
    out.set(heading, part.slice(heading.length + 1));
  }
  return out;
}

describe("docs/faults.md", () => {
  it("has one section per fault code, in catalogue order, and none for unknown codes", () => {
    const codeHeadings = [...sections().keys()].filter((h) => /^GD/.test(h));
    assert.deepEqual(codeHeadings, [...FAULTS.keys()]);
  });

  it("anchors each section where faultDocAnchor and the report panel link to", () => {
    for (const code of FAULTS.keys()) {
      assert.equal(`docs/faults.md#${githubAnchor(code)}`, faultDocAnchor(code));
    }
  });

  it("opens each section with the catalogue's title, slug and severity", () => {
    const all = sections();
    for (const [code, info] of FAULTS) {
      const body = all.get(code) ?? "";
      const first = body.trim().split("\n")[0];
      assert.ok(first.startsWith(`**${info.title}** · \`${info.slug}\` · `), `${code}: ${first}`);
      assert.ok(first.includes(info.severity), `${code} does not state its usual severity ${info.severity}`);
    }
  });

  it("tells, for every code, what the user sees, why, how it is detected and how to fix it", () => {
    const all = sections();
    for (const code of FAULTS.keys()) {
      const body = all.get(code) ?? "";
      for (const part of [
        "**What you see.**",
        "**Why it happens.**",
        "**How Go Doctor detects it.**",
        "**How to fix it.**",
        "**What Fix Environment and `go-doctor --fix` do.**",
      ]) {
        assert.ok(body.includes(part), `${code} lacks ${part}`);
      }
    }
  });

  it("lists every code in its table of contents with a working link", () => {
    for (const [code, info] of FAULTS) {
      assert.ok(
        page.includes(`| [${code}](#${code.toLowerCase()}) | ${info.title} | ${info.severity} |`),
        `${code} missing from the table`,
      );
    }
  });
});
