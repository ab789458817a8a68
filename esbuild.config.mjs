// Bundles the CLI (dist/cli.js) and the extension (dist/extension.js, `vscode` external).
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: production ? false : "linked",
  minify: production,
  legalComments: "none",
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build does not.
  mainFields: ["module", "main"],
  logLevel: "warning",
};

const targets = [
  { ...common, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" } },
];
if (existsSync("src/extension/extension.ts")) {
  targets.push({
    ...common,
    entryPoints: ["src/extension/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
  });
}
if (watch) {
  // `npm run watch`: rebuild on every save, for the extension host started from .vscode/launch.json.
  for (const t of targets) await (await esbuild.context({ ...t, logLevel: "info" })).watch();
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
