// Stand-in go, dlv and gopls binaries that fail in every way a real install can:
// each yields its finding within its time limit, the other checks still report,
// and nothing the diagnosis started is left running.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { diagnose } from "../../src/core/diagnosis/diagnose";
import type { Report } from "../../src/core/model/report";
import {
  fakeTool,
  goBinary,
  goTelemetryOff,
  processesWithHome,
  realDlv,
  realGopls,
  removeDir,
  tempDir,
  writeModule,
} from "../support/fixtures";

type Tool = "go" | "dlv" | "gopls";

const faults: Record<string, (dir: string, name: Tool) => void> = {
  hangs: (dir, name) => void fakeTool(dir, name, "exec sleep 60"),
  "dies by signal": (dir, name) => void fakeTool(dir, name, "kill -SEGV $$"),
  "prints 10 MB": (dir, name) => void fakeTool(dir, name, "head -c 10000000 /dev/zero | tr '\\0' x"),
  "prints nothing": (dir, name) => void fakeTool(dir, name, "exit 0"),
  "prints garbage with exit 0": (dir, name) => void fakeTool(dir, name, "echo 'lorem ipsum dolor'; echo '{not json'"),
  "is a symlink loop": (dir, name) => {
    fs.symlinkSync(path.join(dir, `${name}.loop`), path.join(dir, name));
    fs.symlinkSync(path.join(dir, name), path.join(dir, `${name}.loop`));
  },
  "lacks the execute bit": (dir, name) => void fakeTool(dir, name, "echo never").valueOf(),
  "is a directory": (dir, name) => fs.mkdirSync(path.join(dir, name)),
};

const expected: Record<Tool, string[]> = { go: ["GD011", "GD010"], dlv: ["GD025", "GD020"], gopls: ["GD031", "GD030"] };

async function diagnoseWithBroken(
  tool: Tool,
  fault: string,
): Promise<{ report: Report; ms: number; leftovers: number[]; fake: string }> {
  const root = tempDir("gd-hostile-tool-");
  try {
    const home = path.join(root, "home");
    const fakes = path.join(root, "fakes");
    const real = path.join(root, "real");
    fs.mkdirSync(home);
    goTelemetryOff(home);
    fs.mkdirSync(fakes);
    fs.mkdirSync(real);
    faults[fault](fakes, tool);
    if (fault === "lacks the execute bit") fs.chmodSync(path.join(fakes, tool), 0o644);
    for (const [name, file] of [
      ["dlv", realDlv],
      ["gopls", realGopls],
    ] as const)
      if (name !== tool) fs.symlinkSync(file, path.join(real, name));
    const module = writeModule(path.join(root, "hello"));
    const env = {
      HOME: home,
      PATH: `${fakes}:${real}:${tool === "go" ? "" : `${path.dirname(goBinary)}:`}/usr/bin:/bin`,
      GOTOOLCHAIN: "local",
      GOPROXY: "off",
      GOFLAGS: "-modcacherw",
      GOCACHE: path.join(root, "gocache"),
    };
    const started = Date.now();
    const report = await diagnose({
      folder: module,
      processEnv: env,
      settings: {},
      shell: { enabled: false, timeoutMs: 1000 },
    });
    const ms = Date.now() - started;
    await new Promise((r) => setTimeout(r, 300));
    return { report, ms, leftovers: processesWithHome(home), fake: path.join(fakes, tool) };
  } finally {
    removeDir(root);
  }
}

describe("broken tool binaries", () => {
  for (const tool of ["go", "dlv", "gopls"] as const) {
    for (const fault of Object.keys(faults)) {
      it(`a ${tool} that ${fault} is reported, bounded in time, and the rest still reports`, async () => {
        const { report, ms, leftovers, fake } = await diagnoseWithBroken(tool, fault);
        assert.ok(ms < 20_000, `took ${ms} ms`);
        assert.deepEqual(leftovers, [], "no process of the diagnosis is left running");
        const codes = expected[tool];
        const finding = report.findings.find((f) => codes.includes(f.code) && JSON.stringify(f).includes(fake));
        assert.ok(
          finding,
          `expected one of ${codes.join("/")} naming ${fake}; got ${report.findings.map((f) => f.code).join(", ")}`,
        );
        assert.ok(!report.findings.some((f) => f.code === "GD099"), "no check crashed");
        // The other tools are still found and probed.
        if (tool !== "dlv") assert.equal(report.tools.dlv.version, "1.27.2");
        if (tool !== "gopls") assert.equal(report.tools.gopls.version, "0.23.0");
        if (tool === "go") assert.ok(report.tools.go.path, "a working go is still used");
      });
    }
  }
});
