// The extension under test is the packaged .vsix, built with `npm run package`
// exactly as a release is. scripts/setup-code-server.sh packages it before the
// test run starts, because packaging rewrites dist/ and other test files run
// dist/cli.js concurrently; here it is only rebuilt when the sources are newer
// (a developer running this file alone). GO_DOCTOR_E2E_VSIX names another one.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../../support/fixtures";

const execFileAsync = promisify(execFile);

export const defaultVsix = path.join(projectRoot, "dist", "go-doctor.vsix");

let packaged: Promise<string> | undefined;

export function packagedVsix(): Promise<string> {
  packaged ??= build();
  return packaged;
}

async function build(): Promise<string> {
  const given = process.env.GO_DOCTOR_E2E_VSIX;
  if (given) return path.resolve(given);
  if (!isStale(defaultVsix)) return defaultVsix;
  try {
    await execFileAsync("npm", ["run", "package"], { cwd: projectRoot, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm run package failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  }
  if (!fs.existsSync(defaultVsix)) throw new Error(`npm run package did not produce ${defaultVsix}`);
  return defaultVsix;
}

/** Missing, or older than a source of the bundle or the manifest. */
function isStale(vsix: string): boolean {
  let built: number;
  try {
    built = fs.statSync(vsix).mtimeMs;
  } catch {
    return true;
  }
  const newer = (file: string): boolean => {
    const st = fs.statSync(file);
    if (st.isDirectory()) return fs.readdirSync(file).some((e) => newer(path.join(file, e)));
    return st.mtimeMs > built;
  };
  return ["src", "package.json", "README.md", "esbuild.config.mjs"].some(
    (f) => fs.existsSync(path.join(projectRoot, f)) && newer(path.join(projectRoot, f)),
  );
}
