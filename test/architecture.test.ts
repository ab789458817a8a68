// The layout ARCHITECTURE.md describes, checked: the core's folders in their
// order, imports that only point down that order, no editor in the core, and a
// code map that names every source file.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { projectRoot } from "./support/fixtures";

/** The core's folders, lowest first; a folder may import from itself and any folder with a lower rank. */
const LAYERS: Record<string, number> = {
  base: 0,
  model: 1,
  shell: 2,
  go: 2,
  tools: 3,
  checks: 3,
  launch: 3,
  dap: 4,
  diagnosis: 5,
  readiness: 6,
};

const src = path.join(projectRoot, "src");
const core = path.join(src, "core");

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
    );
}

/** Every module specifier a file imports (static, dynamic and type imports, and re-exports). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import\(|import)\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

void describe("architecture", () => {
  void it("the core is the folders of ARCHITECTURE.md and nothing else", () => {
    const dirs = fs
      .readdirSync(core, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    assert.deepEqual(dirs, Object.keys(LAYERS).sort());
    const loose = fs.readdirSync(core).filter((f) => f.endsWith(".ts"));
    assert.deepEqual(loose, [], "every core file is in a folder");
  });

  void it("the core imports neither vscode nor the extension nor the CLI, and only points down", () => {
    const wrong: string[] = [];
    for (const file of sourceFiles(core)) {
      const layer = path.relative(core, file).split(path.sep)[0];
      for (const spec of importsOf(file)) {
        if (spec === "vscode" || spec.startsWith("vscode-languageclient")) wrong.push(`${file}: ${spec}`);
        if (!spec.startsWith(".")) continue;
        const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep);
        if (target[0] !== "core") {
          wrong.push(`${path.relative(src, file)} imports ${spec} outside the core`);
          continue;
        }
        const to = target[1];
        if (to !== layer && !(LAYERS[to] < LAYERS[layer]))
          wrong.push(`${path.relative(src, file)} (${layer}) imports ${spec} (${to}), which is not below it`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  void it("ARCHITECTURE.md's code map names every source file once, and no file that is gone", () => {
    const doc = fs.readFileSync(path.join(projectRoot, "ARCHITECTURE.md"), "utf8");
    const named = [...doc.matchAll(/^\| `(src\/[^`]+\.ts)` \|/gm)].map((m) => m[1]);
    const files = sourceFiles(src).map((f) => path.relative(projectRoot, f).split(path.sep).join("/"));
    assert.deepEqual(
      named.filter((f, i) => named.indexOf(f) !== i),
      [],
      "named twice",
    );
    assert.deepEqual(
      files.filter((f) => !named.includes(f)),
      [],
      "missing from the code map",
    );
    assert.deepEqual(
      named.filter((f) => !files.includes(f)),
      [],
      "in the code map but not in src/",
    );
  });
});
