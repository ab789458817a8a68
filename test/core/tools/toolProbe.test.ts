import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { liveChildCount, type ProcessResult, type RunProcess } from "../../../src/core/base/process";
import { probeTool } from "../../../src/core/tools/toolProbe";
import {
  fakeTool,
  goBinary,
  goVersion,
  hermeticEnv,
  realDlv,
  realGopls,
  removeDir,
  tempDir,
} from "../../support/fixtures";
import { copyWithBuildGo, linkTool, quietHome } from "../../support/toolLayout";

describe("probeTool on real tools", () => {
  let root: string;
  let env: Record<string, string>;
  before(() => {
    root = tempDir();
    env = hermeticEnv(quietHome(path.join(root, "home")));
  });
  after(() => removeDir(root));

  it("reads dlv's version, the Go it was built with, its module version and build settings", async () => {
    const r = await probeTool("dlv", linkTool(realDlv, path.join(root, "a"), "dlv"), env, goBinary);
    assert.equal(r.candidate.probeError, undefined);
    assert.equal(r.candidate.version, "1.27.2");
    assert.equal(r.candidate.builtWith, goVersion);
    assert.equal(r.candidate.moduleVersion, "v1.27.2");
    assert.equal(r.candidate.buildSettings?.["-compiler"], "gc");
    assert.deepEqual(r.evidence.map((e) => e.command.slice(1).join(" ")).sort(), [
      "version",
      `version -m ${path.join(root, "a", "dlv")}`,
    ]);
  });

  it("reads gopls's version from gopls version -json", async () => {
    const r = await probeTool("gopls", realGopls, env, goBinary);
    assert.deepEqual(
      {
        version: r.candidate.version,
        builtWith: r.candidate.builtWith,
        moduleVersion: r.candidate.moduleVersion,
        error: r.candidate.probeError,
      },
      { version: "0.23.0", builtWith: goVersion, moduleVersion: "v0.23.0", error: undefined },
    );
  });

  it("takes the build Go from go version -m, which records the toolchain that built the file", async () => {
    const old = copyWithBuildGo(realGopls, path.join(root, "old"), "gopls", "1.25.8");
    const r = await probeTool("gopls", old, env, goBinary);
    assert.equal(r.candidate.builtWith, "1.25.8");
    assert.equal(r.candidate.version, "0.23.0");
  });

  it("still reads the version without a go command, using gopls's own GoVersion", async () => {
    const r = await probeTool("gopls", realGopls, env, null);
    assert.equal(r.candidate.version, "0.23.0");
    assert.equal(r.candidate.builtWith, goVersion);
    assert.equal(r.candidate.moduleVersion, undefined);
  });

  it("falls back to plain gopls version when -json is refused, as old releases do", async () => {
    const dir = path.join(root, "oldgopls");
    fs.mkdirSync(dir);
    const file = fakeTool(
      dir,
      "gopls",
      `if [ "$2" = "-json" ]; then echo "flag provided but not defined: -json" >&2; exit 2; fi
printf 'golang.org/x/tools/gopls v0.11.0\\n    golang.org/x/tools/gopls@v0.11.0 h1:abc=\\n'`,
    );
    const r = await probeTool("gopls", file, env, goBinary);
    assert.equal(r.candidate.probeError, undefined);
    assert.equal(r.candidate.version, "0.11.0");
    assert.equal(r.evidence.filter((e) => e.command[0] === file).length, 2);
  });
});

describe("probeTool turns every broken file into probeError", () => {
  let root: string;
  let env: Record<string, string>;
  let n = 0;
  const dir = (): string => {
    const d = path.join(root, `case${n++}`);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  before(() => {
    root = tempDir();
    env = hermeticEnv(quietHome(path.join(root, "home")));
  });
  after(() => removeDir(root));

  const cases: { name: string; make: () => string; error: RegExp; timeoutMs?: number }[] = [
    {
      name: "a hang",
      make: () => fakeTool(dir(), "dlv", "sleep 60"),
      error: /did not answer within 0\.5 s/,
      timeoutMs: 500,
    },
    {
      name: "a crash by signal",
      make: () => fakeTool(dir(), "dlv", "kill -SEGV $$"),
      error: /crashed \(killed by SIGSEGV\)/,
    },
    {
      name: "10 MB of output",
      make: () => fakeTool(dir(), "dlv", "head -c 10000000 /dev/zero | tr '\\0' x"),
      error: /printed more than 256 KiB/,
    },
    { name: "no output", make: () => fakeTool(dir(), "dlv", "exit 0"), error: /printed nothing/ },
    {
      name: "garbage with exit 0",
      make: () => fakeTool(dir(), "dlv", "echo 'Segmentation fault (core dumped)'; exit 0"),
      error: /not a Delve version: "Segmentation fault/,
    },
    {
      name: "a non-zero exit",
      make: () => fakeTool(dir(), "dlv", "echo 'dlv: unknown command' >&2; exit 3"),
      error: /exited with code 3: dlv: unknown command/,
    },
    {
      name: "a symlink loop",
      make: () => {
        const d = dir();
        fs.symlinkSync(path.join(d, "dlv2"), path.join(d, "dlv"));
        fs.symlinkSync(path.join(d, "dlv"), path.join(d, "dlv2"));
        return path.join(d, "dlv");
      },
      error: /^a symbolic link loop$/,
    },
    {
      name: "a broken symlink",
      make: () => {
        const d = dir();
        fs.symlinkSync(path.join(d, "gone"), path.join(d, "dlv"));
        return path.join(d, "dlv");
      },
      error: /^a broken symbolic link \(to .*gone\)$/,
    },
    {
      name: "no execute bit",
      make: () => {
        const file = fakeTool(dir(), "dlv", "echo hi");
        fs.chmodSync(file, 0o644);
        return file;
      },
      error: /^not executable/,
    },
    {
      name: "a directory named dlv",
      make: () => {
        const d = path.join(dir(), "dlv");
        fs.mkdirSync(d);
        return d;
      },
      error: /^a directory, not a program$/,
    },
    { name: "a missing file", make: () => path.join(dir(), "dlv"), error: /^no such file$/ },
    {
      name: "another program",
      make: () => linkTool(realGopls, dir(), "dlv"),
      error: /not a Delve version.*go version -m says this file is golang\.org\/x\/tools\/gopls/,
    },
  ];

  for (const c of cases) {
    it(`reports ${c.name}`, async () => {
      const file = c.make();
      const started = performance.now();
      const timeoutMs = c.timeoutMs ?? 10_000;
      const r = await probeTool("dlv", file, env, goBinary, undefined, { timeoutMs });
      assert.match(r.candidate.probeError ?? "(no error)", c.error);
      assert.equal(r.candidate.version, undefined);
      assert.ok(r.evidence.length > 0, "evidence explains the failure");
      assert.ok(performance.now() - started < timeoutMs + 2000, "the probe is bounded by its timeout");
      assert.equal(liveChildCount(), 0, "no child is left running");
    });
  }

  it("reports a hanging gopls once, without a second plain try", async () => {
    const file = fakeTool(dir(), "gopls", "sleep 60");
    const started = performance.now();
    const r = await probeTool("gopls", file, env, goBinary, undefined, { timeoutMs: 500 });
    assert.match(r.candidate.probeError ?? "", /gopls version -json.*did not answer/);
    assert.ok(performance.now() - started < 4000, "bounded by its timeout");
    assert.equal(r.evidence.filter((e) => e.command[0] === file).length, 1);
  });
});

describe("probeTool under random process results", () => {
  it("never throws, and gives either a version or a reason", async () => {
    const result = fc.record({
      stdout: fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          "Delve Debugger\nVersion: 1.27.2\n",
          '{"Main":{"Version":"v0.23.0"}}',
          "golang.org/x/tools/gopls v0.23.0\n",
        ),
      ),
      stderr: fc.string({ maxLength: 50 }),
      exitCode: fc.option(fc.integer({ min: 0, max: 255 })),
      signal: fc.option(fc.constantFrom<NodeJS.Signals>("SIGSEGV", "SIGKILL")),
      timedOut: fc.boolean(),
      cancelled: fc.boolean(),
      truncated: fc.boolean(),
      spawnError: fc.option(
        fc.record({ code: fc.constantFrom("ENOENT", "EACCES"), message: fc.string({ maxLength: 20 }) }),
        { nil: undefined },
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<"dlv" | "gopls">("dlv", "gopls"),
        fc.array(result, { minLength: 3, maxLength: 3 }),
        async (name, results) => {
          let i = 0;
          const run: RunProcess = async (argv) => ({
            ...(results[i++ % 3] as Omit<ProcessResult, "argv" | "durationMs">),
            argv,
            durationMs: 1,
          });
          const r = await probeTool(name, name === "dlv" ? realDlv : realGopls, {}, goBinary, run);
          assert.notEqual(
            r.candidate.version === undefined,
            r.candidate.probeError === undefined,
            JSON.stringify(r.candidate),
          );
        },
      ),
      { numRuns: Number(process.env.GD_FUZZ_RUNS ?? "") || 500 },
    );
  });
});
