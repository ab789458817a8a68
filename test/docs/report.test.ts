import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { reportSchema, SCHEMA_VERSION } from "../../src/core/model/report";
import { projectRoot } from "../support/fixtures";

const page = fs.readFileSync(path.join(projectRoot, "docs", "report.md"), "utf8");
const documented = (field: string): boolean => page.includes(`| \`${field}\` |`);

describe("docs/report.md", () => {
  it("documents every top-level field of the report and every field of a check", () => {
    for (const key of Object.keys(reportSchema.shape))
      assert.ok(documented(key), `top-level field ${key} is not documented`);
    const check = reportSchema.shape.checks.def.element.shape;
    for (const key of Object.keys(check)) assert.ok(documented(key), `check field ${key} is not documented`);
    for (const key of Object.keys(reportSchema.shape.env.shape))
      assert.ok(documented(key), `env field ${key} is not documented`);
  });

  it("states the current schema version and the exit codes", () => {
    assert.ok(page.includes(`currently \`${SCHEMA_VERSION}\``));
    for (const code of ["0", "1", "2"]) assert.match(page, new RegExp(`^\\| ${code} \\| `, "m"));
  });

  it("shows an example that is a valid report apart from what it marks as cut", () => {
    const json = /```json\n([\s\S]*?)\n```/.exec(page)?.[1];
    assert.ok(json);
    const example = JSON.parse(json) as { checks: { findings: unknown[] }[] };
    for (const c of example.checks) c.findings = [];
    const parsed = reportSchema.safeParse(example);
    assert.ok(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues, null, 1));
  });
});
