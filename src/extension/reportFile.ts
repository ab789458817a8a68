// The report as JSON for "Copy Report" and "Save Report": redacted once more
// with the secrets of the environment it was made in, and written atomically
// so that a reader polling the file (GO_DOCTOR_REPORT_FILE) never sees half of it.

import * as fs from "node:fs";
import * as path from "node:path";
import { redactDeep, secretValues } from "../core/base/redact";
import type { Report } from "../core/model/report";
import type { Env } from "../core/base/envPath";

export function reportJson(report: Report, env: Env): string {
  return `${JSON.stringify(redactDeep(report, secretValues(env)), null, 2)}\n`;
}

export function writeReportFile(file: string, report: Report, env: Env): void {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, reportJson(report, env));
  fs.renameSync(tmp, target);
}
