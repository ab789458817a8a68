// `npm run bench`: diagnosis time for 1, 10 and 50 modules, both as a go.work
// workspace and as a multi-root workspace of separate folders, in the same run.
// Goal: 50 modules ≤ 3× one module. Prints figures; asserts nothing.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diagnose } from "../src/core/diagnosis/diagnose";
import { diagnoseWorkspace } from "../src/core/diagnosis/workspace";

const root = path.resolve(__dirname, "..", "..");
const toolsBin = path.join(root, ".cache", "tools-gopath", "bin");
const runs = Number(process.env.GD_BENCH_RUNS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function writeModules(dir: string, n: number): string[] {
  const mods: string[] = [];
  for (let i = 0; i < n; i++) {
    const m = path.join(dir, `mod${i}`);
    fs.mkdirSync(m, { recursive: true });
    fs.writeFileSync(path.join(m, "go.mod"), `module example.com/mod${i}\n\ngo 1.22\n`);
    fs.writeFileSync(path.join(m, "main.go"), `package main\n\nfunc main() { println(${i}) }\n`);
    mods.push(m);
  }
  return mods;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gd-scale-"));
  const home = path.join(work, "home");
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, ".bash_profile"), `export PATH="${toolsBin}:$PATH"\nexport GOTOOLCHAIN=local\n`);
  const processEnv = { HOME: home, PATH: process.env.PATH ?? "", SHELL: "/bin/bash", LANG: "C.UTF-8" };
  const base = { processEnv, settings: {}, shell: { enabled: true, timeoutMs: 10_000 } };
  try {
    const rows: string[] = [];
    let one = 0;
    for (const n of [1, 10, 50]) {
      const dir = path.join(work, `ws${n}`);
      const mods = writeModules(dir, n);
      fs.writeFileSync(
        path.join(dir, "go.work"),
        `go 1.22\n\nuse (\n${mods.map((m) => `\t./${path.basename(m)}`).join("\n")}\n)\n`,
      );
      const multi: number[] = [];
      const work1: number[] = [];
      for (let r = 0; r < runs; r++) {
        let t = performance.now();
        await diagnoseWorkspace(mods, base);
        multi.push(performance.now() - t);
        t = performance.now();
        await diagnose({ ...base, folder: dir });
        work1.push(performance.now() - t);
      }
      const m = median(multi);
      if (n === 1) one = m;
      rows.push(
        `  ${String(n).padStart(2)} modules: multi-root ${m.toFixed(0)} ms (${(m / one).toFixed(2)}x one module), go.work ${median(work1).toFixed(0)} ms`,
      );
    }
    console.log(`diagnosis time by workspace size (${runs} runs, median; goal: 50 modules ≤ 3x one module)`);
    for (const r of rows) console.log(r);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
