// The extension bundle: its size, and how long `require` of it takes in a fresh
// Node process with a stand-in `vscode` module, against requiring an empty
// module in the same kind of process, same run. Goals: ≤ 400 KB, ≤ 20 ms.
// Prints figures; asserts nothing.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const bundle = path.join(root, "dist", "extension.js");
const RUNS = 15;

/** A child that installs a `vscode` stand-in (every property, call and `new` yields itself), then times one require. */
const CHILD = `
const Module = require("node:module");
const stub = new Proxy(function () {}, {
  get: (_t, k) => (k === "prototype" ? {} : k === Symbol.toPrimitive ? () => 0 : stub),
  apply: () => stub,
  construct: () => ({}),
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "vscode" ? "vscode" : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: stub };
const target = process.argv[1];
const t0 = performance.now();
require(target);
process.stdout.write(String(performance.now() - t0));
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

function timeRequire(file: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++)
    out.push(Number(execFileSync(process.execPath, ["-e", CHILD, file], { encoding: "utf8" })));
  return out;
}

function main(): void {
  if (!fs.existsSync(bundle)) {
    console.log(
      `bundle: ${path.relative(root, bundle)} is missing; run \`node esbuild.config.mjs --production\` first`,
    );
    return;
  }
  const size = fs.statSync(bundle).size;
  const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gd-bench-")), "empty.js");
  fs.writeFileSync(empty, "module.exports = {};\n");
  try {
    // Alternate so that machine noise hits both series alike.
    const base: number[] = [];
    const ext: number[] = [];
    for (let i = 0; i < 3; i++) {
      base.push(...timeRequire(empty).slice(0, RUNS / 3));
      ext.push(...timeRequire(bundle).slice(0, RUNS / 3));
    }
    const b = median(base);
    const e = median(ext);
    console.log(`bundle size: ${(size / 1024).toFixed(1)} KB (goal ≤ 400 KB)`);
    console.log(`require time, median of ${ext.length} fresh processes: ${e.toFixed(1)} ms (goal ≤ 20 ms)`);
    console.log(
      `baseline (empty module, same run): ${b.toFixed(2)} ms; bundle minus baseline: ${(e - b).toFixed(1)} ms`,
    );
  } finally {
    fs.rmSync(path.dirname(empty), { recursive: true, force: true });
  }
}

main();
