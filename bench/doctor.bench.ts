// `npm run bench`: wall time of a full diagnosis of a healthy module against the
// floor measured in the same run: Node's own start-up (`node -e 0`) plus the
// critical path — a plain bash script that runs the same external commands the
// diagnosis needs: the login shell, then `go env -json`, then the tool probes in
// parallel. A Node CLI cannot beat that sum. Prints medians and the ratio; asserts nothing.

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Report } from "../src/core/model/report";

const root = path.resolve(__dirname, "..", "..");
const cli = path.join(root, "dist", "cli.js");
const runs = Number(process.env.GD_BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function q(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "gd-bench-"));
try {
  const moduleDir = path.join(work, "hello");
  fs.mkdirSync(moduleDir);
  fs.writeFileSync(path.join(moduleDir, "go.mod"), "module example.com/hello\n\ngo 1.22\n");
  fs.writeFileSync(
    path.join(moduleDir, "main.go"),
    'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n',
  );
  // A HOME whose login profile puts the real dlv and gopls on PATH, as a user's would.
  const toolsBin = path.join(root, ".cache", "tools-gopath", "bin");
  const home = path.join(work, "home");
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, ".bash_profile"), `export PATH="${toolsBin}:$PATH"\n`);
  const env = { HOME: home, PATH: process.env.PATH ?? "/usr/bin:/bin", SHELL: "/bin/bash", LANG: "C.UTF-8" };

  // One diagnosis tells which commands the critical path is made of.
  const first = spawnSync(process.execPath, [cli, "--json", moduleDir], { env, encoding: "utf8", maxBuffer: 64 << 20 });
  const report = JSON.parse(first.stdout) as Report;
  const byCheck = (id: string) => report.checks.find((c) => c.id === id)?.evidence ?? [];
  const shellCmd = byCheck("shell")[0]?.command;
  const goBinary = report.tools.go.path ?? "go";
  // Evidence without an exit code names what was read or searched, not a command.
  const probes = ["dlv", "gopls", "modules", "variables"]
    .flatMap(byCheck)
    .filter((e) => e.exitCode !== undefined)
    .map((e) => e.command);
  const lines = ["#!/usr/bin/env bash", `cd ${q(moduleDir)}`];
  if (shellCmd) lines.push(`${shellCmd.map(q).join(" ")} >/dev/null 2>&1 </dev/null`);
  lines.push(`${q(goBinary)} env -json >/dev/null`);
  for (const p of probes) lines.push(`${p.map(q).join(" ")} >/dev/null 2>&1 &`);
  lines.push("wait");
  const script = path.join(work, "critical-path.sh");
  fs.writeFileSync(script, lines.join("\n") + "\n", { mode: 0o755 });

  const cold: number[] = [];
  const base: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate, so drift in machine load hits every side alike.
    node.push(time(() => execFileSync(process.execPath, ["-e", "0"], { stdio: "ignore" })));
    base.push(time(() => execFileSync("bash", [script], { env, stdio: "ignore" })));
    cold.push(time(() => spawnSync(process.execPath, [cli, "--json", moduleDir], { env, stdio: "ignore" })));
  }
  const n = median(node);
  const b = median(base) + n;
  const d = median(cold);
  console.log(`diagnosis of a healthy module (${runs} runs, median)`);
  console.log(`  node -e 0: ${n.toFixed(0)} ms`);
  console.log(
    `  + critical path (bash: login shell → go env -json → ${probes.length} probes in parallel): ${(b - n).toFixed(0)} ms = floor ${b.toFixed(0)} ms`,
  );
  console.log(`  go-doctor --json (Node start-up included):                         ${d.toFixed(0)} ms`);
  console.log(`  ratio: ${(d / b).toFixed(2)}x (goal ≤ 1.15x)`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
