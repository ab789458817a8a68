import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { it } from "node:test";
import { reportJsonSchema, reportSchema } from "../../../src/core/model/report";
import { VERSION } from "../../../src/core/model/goDoctorVersion";
import { projectRoot } from "../../support/fixtures";
import { sampleReport } from "../../support/sampleReport";

it("the version constant matches package.json", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string };
  assert.equal(VERSION, pkg.version);
});

it("docs/report.schema.json is generated from the current zod schema (run npm run schema)", () => {
  const onDisk: unknown = JSON.parse(fs.readFileSync(path.join(projectRoot, "docs", "report.schema.json"), "utf8"));
  assert.deepEqual(onDisk, JSON.parse(JSON.stringify(reportJsonSchema())));
});

it("a report whose fix removes a setting (value undefined) still matches the schema after a JSON round trip", () => {
  const report = structuredClone(sampleReport());
  report.findings[0] = {
    ...report.findings[0],
    fixes: [{ kind: "setting", title: "Remove go.goroot", key: "go.goroot", value: undefined, scope: "user" }],
  };
  assert.ok(reportSchema.safeParse(JSON.parse(JSON.stringify(report))).success);
});
