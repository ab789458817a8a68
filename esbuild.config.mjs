// Bundles the CLI (dist/cli.js) and the extension (dist/extension.js, `vscode` external).
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";
import * as path from "node:path";

// zod re-exports every one of its ~120 message locales as `z.locales`; nothing here
// uses them, and they are most of the bundle. Resolve that namespace to English only
// (the default locale, which zod imports on its own anyway).
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: path.join(args.resolveDir, "..", "locales", "en.js") } : undefined,
    );
  },
};

const production = process.argv.includes("--production");
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
  plugins: [zodEnglishOnly],
  logLevel: "warning",
};

const builds = [
  esbuild.build({
    ...common,
    entryPoints: ["src/cli/main.ts"],
    outfile: "dist/cli.js",
    banner: { js: "#!/usr/bin/env node" },
  }),
];
if (existsSync("src/extension/extension.ts")) {
  builds.push(
    esbuild.build({
      ...common,
      entryPoints: ["src/extension/extension.ts"],
      outfile: "dist/extension.js",
      external: ["vscode"],
    }),
  );
}
await Promise.all(builds);
