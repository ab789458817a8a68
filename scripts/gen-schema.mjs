// Writes docs/report.schema.json from the zod schema in src/core/model/report.ts.
import * as esbuild from "esbuild";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const out = await esbuild.build({
  entryPoints: ["src/core/model/report.ts"],
  bundle: true,
  platform: "node",
  format: "cjs",
  write: false,
});
const mod = { exports: {} };
new Function("module", "exports", "require", out.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
writeFileSync("docs/report.schema.json", JSON.stringify(mod.exports.reportJsonSchema(), null, 2) + "\n");
console.log("wrote docs/report.schema.json");
