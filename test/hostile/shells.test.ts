// Login shells as users really have them: noisy, slow, interactive, odd.
// Every case runs a real shell on real rc files and compares what Go Doctor
// captured, variable by variable, with what the shell wrote to a file itself.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { captureLoginEnv } from "../../src/core/shell/loginShell";
import { removeDir, tempDir, writeFile } from "../support/fixtures";
import {
  DUMP_VAR,
  TEST_SHELLS,
  comparable,
  dumpLine,
  exportLine,
  gone,
  killPids,
  readDump,
  rcFile,
  shellPath,
  uniqueSleepSeconds,
  writeRc,
} from "../support/shellHome";
import type { Env } from "../../src/core/base/envPath";

const root = tempDir("gd-hostile-");
after(() => removeDir(root));

let cases = 0;
interface Case {
  home: string;
  dump: string;
  env: Record<string, string>;
}
function newCase(shell: string, extra: Record<string, string> = {}): Case {
  const dir = path.join(root, `case-${++cases}`);
  const home = path.join(dir, "home");
  const dump = path.join(dir, "dump.env0");
  fs.mkdirSync(home, { recursive: true });
  return {
    home,
    dump,
    env: { HOME: home, PATH: "/usr/bin:/bin", LANG: "C.UTF-8", SHELL: shell, [DUMP_VAR]: dump, ...extra },
  };
}

async function capture(env: Env, timeoutMs = 8000) {
  return captureLoginEnv({ processEnv: env, enabled: true, timeoutMs });
}

/** The capture succeeded and holds exactly what the shell exported when its rc file ended. */
function assertMatchesDump(r: Awaited<ReturnType<typeof capture>>, dump: string): void {
  assert.equal(r.source, "login-shell", JSON.stringify(r.findings, null, 1));
  assert.deepEqual(comparable(r.env), comparable(readDump(dump)));
}

// Values that break naive `env` parsing, passed in from the editor's env so that every shell re-exports them.
const WEIRD: Record<string, string> = {
  GD_NEWLINES: "line one\nline two\n\nGD_FAKE=not a variable",
  GD_EQUALS: "a=b==c=",
  GD_QUOTES: `it's "quoted" \`tick\` $HOME \\n`,
  GD_UNICODE: "héllo wörld ✓ 日本語 🚀",
  GD_EMPTY: "",
};

describe("noisy rc files", { concurrency: true }, () => {
  for (const shell of TEST_SHELLS) {
    it(`${shell}: banners, ANSI colour and fake markers on stdout and stderr do not leak into the environment`, async () => {
      const c = newCase(shellPath(shell), WEIRD);
      const fake = `GoDoctorEnv${"0".repeat(24)}`;
      writeRc(c.home, {
        [rcFile(shell)]: [
          `printf '\\033[1;32m*** Welcome to %s ***\\033[0m\\n' ${shell}`,
          `echo '${fake}{"PATH":"/fake/bin","GD_FAKE":"1"}${fake}'`,
          // csh has no stderr-only redirection.
          shell === "tcsh"
            ? `sh -c "printf '\\033[31mdeprecated plugin\\033[0m\\n' >&2"`
            : `printf '\\033[31mdeprecated plugin\\033[0m\\n' >&2`,
          `echo 'GD_FAKE=1'`,
          exportLine(shell, "GD_FROM_RC", "noisy"),
          dumpLine(shell),
          `echo 'goodbye ${fake}'`,
        ].join("\n"),
      });
      const r = await capture(c.env);
      assertMatchesDump(r, c.dump);
      assert.equal(r.env.GD_FAKE, undefined);
      assert.equal(r.env.GD_FROM_RC, "noisy");
      for (const [name, value] of Object.entries(WEIRD)) assert.equal(r.env[name], value, name);
      assert.match(r.evidence[0]?.output ?? "", /Welcome to/);
      assert.match(r.evidence[0]?.output ?? "", /deprecated plugin/);
    });
  }
});

describe("odd values", { concurrency: true }, () => {
  it("values set in an rc file with newlines, '=', quotes and non-ASCII survive exactly", async () => {
    const c = newCase(shellPath("bash"));
    writeRc(c.home, {
      ".bash_profile": [
        `export GD_NL=$'first\\nsecond\\r\\nthird'`,
        `export GD_EQ='x=1=2'`,
        `export GD_Q="single ' double \\" back \\\\ dollar \\$"`,
        `export GD_U='Ωmega ümlaut 中文'`,
        dumpLine("bash"),
      ].join("\n"),
    });
    const r = await capture(c.env);
    assertMatchesDump(r, c.dump);
    assert.equal(r.env.GD_NL, "first\nsecond\r\nthird");
    assert.equal(r.env.GD_EQ, "x=1=2");
    assert.equal(r.env.GD_Q, `single ' double " back \\ dollar $`);
    assert.equal(r.env.GD_U, "Ωmega ümlaut 中文");
  });

  it("a 100 KB value comes back whole", async () => {
    const c = newCase(shellPath("bash"));
    writeRc(c.home, {
      ".bash_profile": `export GD_BIG="$(head -c 100000 /dev/zero | tr '\\0' x)é"\n${dumpLine("bash")}`,
    });
    const r = await capture(c.env);
    assertMatchesDump(r, c.dump);
    assert.equal(r.env.GD_BIG?.length, 100001);
  });

  it("5,000 variables come back, each with its value", async () => {
    const c = newCase(shellPath("bash"));
    writeRc(c.home, {
      ".bash_profile": `for i in $(seq 1 5000); do export GD_V$i="value $i"; done\n${dumpLine("bash")}`,
    });
    const r = await capture(c.env);
    assertMatchesDump(r, c.dump);
    const mine = Object.keys(r.env).filter((k) => /^GD_V\d+$/.test(k));
    assert.equal(mine.length, 5000);
    assert.equal(r.env.GD_V4321, "value 4321");
  });

  for (const shell of ["bash", "fish", "tcsh"] as const) {
    it(`${shell}: PATH directories with spaces and non-ASCII names are kept as they are`, async () => {
      const c = newCase(shellPath(shell));
      writeRc(c.home, {
        [rcFile(shell)]:
          `${exportLine(shell, "PATH", "$HOME/my tools/bin:$HOME/outils été/bin:$PATH")}\n${dumpLine(shell)}`,
      });
      const r = await capture(c.env);
      assertMatchesDump(r, c.dump);
      assert.deepEqual(r.env.PATH?.split(":").slice(0, 2), [`${c.home}/my tools/bin`, `${c.home}/outils été/bin`]);
    });
  }
});

describe("rc files that wait for input", { concurrency: true }, () => {
  for (const shell of ["bash", "zsh"] as const) {
    it(`${shell}: an rc that reads standard input gets end-of-file at once`, async () => {
      const c = newCase(shellPath(shell));
      writeRc(c.home, {
        [rcFile(shell)]: `read -r answer\ncat > /dev/null\nexport GD_ANSWER="[$answer]"\n${dumpLine(shell)}`,
      });
      const r = await capture(c.env);
      assertMatchesDump(r, c.dump);
      assert.equal(r.env.GD_ANSWER, "[]");
      assert.ok(r.durationMs < 5000, `took ${r.durationMs} ms`);
    });

    it(`${shell}: an rc that prompts on the terminal does not hang, because there is none`, async () => {
      const c = newCase(shellPath(shell));
      writeRc(c.home, {
        [rcFile(shell)]:
          `printf 'Update plugins? [y/N] '\nread -r answer < /dev/tty\nexport GD_PROMPTED=yes\n${dumpLine(shell)}`,
      });
      const r = await capture(c.env);
      assertMatchesDump(r, c.dump);
      assert.equal(r.env.GD_PROMPTED, "yes");
      assert.ok(r.durationMs < 5000, `took ${r.durationMs} ms`);
    });
  }

  it("fish: an rc that reads standard input gets end-of-file at once", async () => {
    const c = newCase(shellPath("fish"));
    writeRc(c.home, { [rcFile("fish")]: `read -l answer\nset -gx GD_ANSWER "[$answer]"\n${dumpLine("fish")}` });
    const r = await capture(c.env);
    assertMatchesDump(r, c.dump);
    assert.equal(r.env.GD_ANSWER, "[]");
  });
});

describe("rc files that leave processes behind", { concurrency: true }, () => {
  // tcsh puts a background job in a process group of its own: only the capture's sweep reaches it.
  for (const shell of TEST_SHELLS) {
    it(`${shell}: a background child holding stdout open neither delays the capture nor outlives it`, async () => {
      const c = newCase(shellPath(shell));
      const sleep = uniqueSleepSeconds();
      writeRc(c.home, {
        [rcFile(shell)]: `sleep ${sleep} &\n${exportLine(shell, "GD_AFTER_BG", "yes")}\n${dumpLine(shell)}`,
      });
      const r = await capture(c.env);
      const left = await gone(sleep);
      killPids(left);
      assertMatchesDump(r, c.dump);
      // Far below the sleep: the capture did not wait for the child to close stdout.
      assert.ok(r.durationMs < 5000, `took ${r.durationMs} ms`);
      assert.deepEqual(left, [], `the rc's background sleep outlived the capture`);
    });
  }

  it("bash with job control (`set -m`): the job's own process group is swept too", async () => {
    const c = newCase(shellPath("bash"));
    const sleep = uniqueSleepSeconds();
    writeRc(c.home, { ".bash_profile": `set -m\nsleep ${sleep} &\n${dumpLine("bash")}` });
    const r = await capture(c.env);
    const left = await gone(sleep);
    killPids(left);
    assertMatchesDump(r, c.dump);
    assert.deepEqual(left, []);
  });

  it("a daemon the rc started on purpose (its own session, like ssh-agent) is left running", async () => {
    const c = newCase(shellPath("bash"));
    const sleep = uniqueSleepSeconds(20);
    writeRc(c.home, { ".bash_profile": `setsid sleep ${sleep} > /dev/null 2>&1 < /dev/null &\n${dumpLine("bash")}` });
    const r = await capture(c.env);
    await new Promise((res) => setTimeout(res, 200));
    const alive = await gone(sleep, 0);
    killPids(alive);
    assertMatchesDump(r, c.dump);
    assert.equal(alive.length, 1, "the daemon was killed");
  });
});

describe("rc files that replace or break the shell", { concurrency: true }, () => {
  for (const target of ["zsh", "fish"] as const) {
    it(`an rc that execs ${target} gives GD002 quickly, with the process env`, async () => {
      const c = newCase(shellPath("bash"));
      writeRc(c.home, { ".bash_profile": `echo 'switching to ${target}'\nexec ${shellPath(target)}` });
      const r = await capture(c.env);
      assert.equal(r.source, "process");
      assert.equal(r.env, c.env);
      assert.deepEqual(
        r.findings.map((f) => f.code),
        ["GD002"],
      );
      assert.match(r.findings[0].message, /no environment/);
      assert.ok(r.findings[0].details?.includes(`switching to ${target}`));
      assert.ok(r.durationMs < 5000, `took ${r.durationMs} ms`);
    });
  }

  it("an rc that execs a login shell in place of itself gives GD002, not a hang", async () => {
    const c = newCase(shellPath("bash"));
    writeRc(c.home, { ".bash_profile": `exec ${shellPath("zsh")} -l`, ".zprofile": "export GD_ZSH=1" });
    const r = await capture(c.env, 3000);
    assert.equal(r.source, "process");
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["GD002"],
    );
  });
});

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) makeWritable(path.join(dir, e.name));
}

describe("rc files that pull the ground away", { concurrency: true }, () => {
  it("an rc that unsets PATH still gives its environment: the printer is run by absolute path", async () => {
    const c = newCase(shellPath("bash"));
    writeRc(c.home, { ".bash_profile": `${dumpLine("bash")}\nunset PATH` });
    const r = await capture(c.env);
    assert.equal(r.source, "login-shell");
    assert.equal(r.env.PATH, undefined);
    assert.deepEqual(r.drift.PATH, ["/usr/bin:/bin", undefined]);
    assert.equal(r.findings.find((f) => f.code === "GD003")?.severity, "warning");
  });

  it("an rc that sends stdout to /dev/null gives GD002 quickly, not a made-up environment", async () => {
    const c = newCase(shellPath("bash"));
    writeRc(c.home, { ".bash_profile": "echo 'quiet mode' >&2\nexec > /dev/null" });
    const r = await capture(c.env);
    assert.equal(r.source, "process");
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["GD002"],
    );
    assert.ok(r.findings[0].details?.includes("quiet mode"));
    assert.ok(r.durationMs < 5000, `took ${r.durationMs} ms`);
  });
});

describe("a read-only HOME", { concurrency: true }, () => {
  // As root, permissions do not stop writes: the shell then runs as nobody through a wrapper
  // that keeps the shell's name (the flags depend on it).
  const asRoot = process.getuid?.() === 0;
  const roRoot = tempDir("gd-rohome-");
  after(() => {
    makeWritable(roRoot);
    removeDir(roRoot);
  });
  fs.chmodSync(roRoot, 0o755);

  for (const shell of ["bash", "zsh", "fish", "tcsh"] as const) {
    it(`${shell}: starts, cannot write its history or state, and still gives its environment`, async () => {
      const dir = path.join(roRoot, shell);
      const home = path.join(dir, "home");
      const out = path.join(dir, "out");
      fs.mkdirSync(out, { recursive: true });
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(out, 0o777);
      const dump = path.join(out, "dump.env0");
      const probe = path.join(home, "probe");
      const touch = shell === "fish" || shell === "tcsh" ? `touch "$HOME/probe"` : `touch "$HOME/probe" 2>/dev/null`;
      writeRc(home, { [rcFile(shell)]: `${touch}\n${exportLine(shell, "GD_RO", "yes")}\n${dumpLine(shell)}` });
      for (const d of [home, path.dirname(path.join(home, rcFile(shell)))]) fs.chmodSync(d, 0o555);
      let shellToRun = shellPath(shell);
      if (asRoot) {
        shellToRun = writeFile(
          path.join(dir, "wrap", shell),
          `#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups ${shellPath(shell)} "$@"\n`,
          0o755,
        );
        fs.chmodSync(path.dirname(shellToRun), 0o755);
      }
      const env = { HOME: home, PATH: "/usr/bin:/bin", LANG: "C.UTF-8", SHELL: shellToRun, [DUMP_VAR]: dump };
      const r = await capture(env);
      assertMatchesDump(r, dump);
      assert.equal(r.env.GD_RO, "yes");
      assert.equal(fs.existsSync(probe), false, "HOME was writable after all");
    });
  }
});
