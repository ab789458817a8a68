// Bundles the CLI (dist/cli.js) and the extension (dist/extension.js, `vscode` external), with the
// language client library in a file of its own (dist/languageClientLib.js), loaded only when needed.
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
  // Loaded only when Go Doctor starts gopls itself (src/extension/languageClient.ts requires it by path).
  targets.push({
    ...common,
    entryPoints: ["src/extension/languageClientLib.ts"],
    outfile: "dist/languageClientLib.js",
    external: ["vscode"],
  });
}
if (watch) {
  // `npm run watch`: rebuild on every save, for the extension host started from .vscode/launch.json.
  for (const t of targets) await (await esbuild.context({ ...t, logLevel: "info" })).watch();
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
