// The extension under test is the packaged .vsix, built once per run with
// `npm run package` exactly as a release is. GO_DOCTOR_E2E_VSIX names a
// prebuilt one instead.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../../support/fixtures";

const execFileAsync = promisify(execFile);

let packaged: Promise<string> | undefined;

export function packagedVsix(): Promise<string> {
  packaged ??= build();
  return packaged;
}

async function build(): Promise<string> {
  const given = process.env.GO_DOCTOR_E2E_VSIX;
  if (given) return path.resolve(given);
  const vsix = path.join(projectRoot, "dist", "go-doctor.vsix");
  try {
    await execFileAsync("npm", ["run", "package"], { cwd: projectRoot, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm run package failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  }
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}
