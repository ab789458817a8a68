import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { it } from "node:test";
import { reportJsonSchema } from "../../src/core/report";
import { VERSION } from "../../src/core/version";
import { projectRoot } from "../support/fixtures";

it("the version constant matches package.json", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string };
  assert.equal(VERSION, pkg.version);
});

it("docs/report.schema.json is generated from the current zod schema (run npm run schema)", () => {
  const onDisk: unknown = JSON.parse(fs.readFileSync(path.join(projectRoot, "docs", "report.schema.json"), "utf8"));
  assert.deepEqual(onDisk, JSON.parse(JSON.stringify(reportJsonSchema())));
});
