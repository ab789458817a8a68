// `npm run bench`: what the start-up profiler (GD004) costs on top of the plain
// capture of the same login shell with the same rc files, measured in the same
// run, alternating plain and profiled: medians and the ratio for each shell.
// The rc does what slow rc files do: a loop of assignments, function calls,
// a sourced file, and one slow command. Prints figures; asserts nothing.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import which from "which";
import { captureLoginEnv } from "../src/core/shell/loginShell";
import { profileLoginShell } from "../src/core/shell/profiler";

const runs = Number(process.env.GD_BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const posixRc = (plugin: string): string =>
  [
    "x=0",
    "bump() { x=$((x + $1)); }",
    "i=0",
    "while [ $i -lt 300 ]; do bump $i; i=$((i + 1)); done",
    `. ${plugin}`,
    "sleep 0.2",
    "export BENCH_DONE=$x",
  ].join("\n") + "\n";

const fishRc = (plugin: string): string =>
  [
    "set -g x 0",
    "function bump; set -g x (math $x + $argv[1]); end",
    "for i in (seq 0 299); bump $i; end",
    `source ${plugin}`,
    "sleep 0.2",
    "set -gx BENCH_DONE $x",
  ].join("\n") + "\n";

const shells: { name: string; rc: string; write: (plugin: string) => string; plugin: string }[] = [
  { name: "bash", rc: ".bash_profile", write: posixRc, plugin: "for n in 1 2 3 4 5; do y=$n; done" },
  { name: "zsh", rc: ".zshrc", write: posixRc, plugin: "for n in 1 2 3 4 5; do y=$n; done" },
  { name: "fish", rc: ".config/fish/config.fish", write: fishRc, plugin: "for n in 1 2 3 4 5; set -g y $n; end" },
];

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gd-bench-profile-"));
  try {
    console.log(`profiled / plain login-shell run, same rc, ${runs} runs each (medians)`);
    for (const s of shells) {
      const shell = which.sync(s.name);
      const home = path.join(work, s.name);
      const plugin = path.join(home, "plugin.sh");
      fs.mkdirSync(path.dirname(path.join(home, s.rc)), { recursive: true });
      fs.writeFileSync(plugin, `${s.plugin}\n`);
      fs.writeFileSync(path.join(home, s.rc), s.write(plugin));
      const processEnv = { HOME: home, PATH: "/usr/bin:/bin", SHELL: shell, LANG: "C.UTF-8" };
      const plain: number[] = [];
      const profiled: number[] = [];
      let traced = 0;
      for (let i = 0; i < runs; i++) {
        let t = performance.now();
        await captureLoginEnv({ processEnv, enabled: true, timeoutMs: 30_000 });
        plain.push(performance.now() - t);
        t = performance.now();
        const run = await profileLoginShell({ shell, processEnv, enabled: true, timeoutMs: 30_000 });
        profiled.push(performance.now() - t);
        traced = run.profile.lines.reduce((n, l) => n + l.runs, 0);
      }
      const [p, q] = [median(plain), median(profiled)];
      console.log(
        `${s.name.padEnd(5)} plain ${p.toFixed(0).padStart(5)} ms  profiled ${q.toFixed(0).padStart(5)} ms  ratio ${(q / p).toFixed(2)}  (${traced} traced commands)`,
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
