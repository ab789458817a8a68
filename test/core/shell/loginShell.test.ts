import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { after, describe, it } from "node:test";
import { runProcess, type RunProcess } from "../../../src/core/base/process";
import { captureLoginEnv } from "../../../src/core/shell/loginShell";
import { captureCommand, loginFlags, quoteWord, shellKind } from "../../../src/core/shell/shellCommand";
import { parseCapture, parseEnv0, parseEnvDump, parseEnvLines } from "../../../src/core/shell/shellOutput";
import { parseProcStat } from "../../../src/core/base/procStat";
import { fakeTool, removeDir, tempDir } from "../../support/fixtures";
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
  type TestShell,
} from "../../support/shellHome";

const root = tempDir("gd-shellenv-");
after(() => removeDir(root));

let homes = 0;
function newHome(): { home: string; dump: string } {
  const dir = path.join(root, `case-${++homes}`);
  return { home: path.join(dir, "home"), dump: path.join(dir, "dump.env0") };
}

function baseEnv(home: string, dump: string, shell: string): Record<string, string> {
  return { HOME: home, PATH: "/usr/bin:/bin", LANG: "C.UTF-8", SHELL: shell, [DUMP_VAR]: dump };
}

describe("shellKind, flags and quoting", () => {
  it("recognises shell families by name, including versioned and login-style names", () => {
    assert.equal(shellKind("/bin/bash"), "posix");
    assert.equal(shellKind("/usr/local/bin/zsh-5.9"), "posix");
    assert.equal(shellKind("-zsh"), "posix");
    assert.equal(shellKind("/usr/bin/tcsh"), "csh");
    assert.equal(shellKind("/opt/homebrew/bin/fish"), "fish");
    assert.equal(shellKind("/usr/sbin/nologin"), "unknown");
    assert.deepEqual(loginFlags("csh"), ["-i", "-c"]);
    assert.deepEqual(loginFlags("fish"), ["-l", "-i", "-c"]);
    assert.deepEqual(loginFlags("posix"), ["-i", "-l", "-c"]);
  });

  it("refuses a marker that a shell could mangle", () => {
    assert.throws(() => captureCommand("/bin/sh", "a b", "/usr/bin/node"));
  });

  it("falls back to env -0, and awk where env refuses -0, when there is no usable node", () => {
    const cmd = captureCommand("/usr/bin/fish", "M1", undefined);
    assert.equal(cmd.format, "env");
    assert.match(cmd.argv[4] ?? "", /^echo M1; env -0 \|\| awk '.*'; echo M1$/);
    assert.deepEqual(cmd.argv.slice(0, 4), ["/usr/bin/fish", "-l", "-i", "-c"]);
  });

  // Each family's quoting, checked by the real shell echoing the word back.
  const nasty = `it's a "node" $HOME \`id\` !! back\\slash ünï`;
  for (const shell of ["bash", "sh", "zsh", "fish", "tcsh"] as const) {
    it(`quotes a word with quotes, $, backticks, ! and non-ASCII for ${shell}`, async () => {
      const kind = shellKind(shellPath(shell));
      const r = await runProcess([shellPath(shell), "-c", `printf '%s' ${quoteWord(kind, nasty)}`], {
        timeoutMs: 5000,
        env: { PATH: "/usr/bin:/bin", HOME: root, LANG: "C.UTF-8" },
      });
      assert.equal(r.stdout, nasty, r.stderr);
    });
  }
});

describe("quoteWord against real shells, on random words", { concurrency: true }, () => {
  const special = fc.constantFrom(
    "'",
    '"',
    "\\",
    "$",
    "`",
    "!",
    "!!",
    " ",
    "\t",
    "\r",
    "*",
    "?",
    "[",
    "]",
    "{",
    "}",
    "~",
    "#",
    ";",
    "&",
    "|",
    "<",
    ">",
    "(",
    ")",
    "%",
    "^",
    "=",
    "é",
    "日",
    "🚀",
  );
  const word = fc
    .string({ unit: fc.oneof(special, fc.string({ unit: "grapheme", maxLength: 1 })), maxLength: 24 })
    .filter((w) => !/[\0\n]/.test(w));
  const words = fc.sample(word, { numRuns: 150, seed: 20261125 });

  for (const shell of TEST_SHELLS) {
    it(`${shell} gives back every word exactly`, async () => {
      const kind = shellKind(shellPath(shell));
      const program = words.map((w) => `printf '%s\\n' ${quoteWord(kind, w)}`).join("\n");
      // With the capture's own flags: interactive csh expands history where a non-interactive one would not.
      const r = await runProcess([shellPath(shell), ...loginFlags(kind), program], {
        timeoutMs: 10000,
        env: { PATH: "/usr/bin:/bin", HOME: root, LANG: "C.UTF-8" },
      });
      assert.deepEqual(r.stdout.split("\n").slice(0, -1), words, r.stderr);
    });
  }
});

describe("parseCapture", () => {
  it("takes the block between the first and last marker and keeps the rest as noise", () => {
    const r = parseCapture(`banner\nMK{"A":"1","B":"x=MK=y"}MKbye`, "MK", "json");
    assert.deepEqual(r, { ok: true, env: { A: "1", B: "x=MK=y" }, noise: "banner\nbye" });
  });

  it("rejects output without markers, broken JSON and non-string values", () => {
    assert.equal(parseCapture("no env here", "MK", "json").ok, false);
    assert.equal(parseCapture(`MK{"A":MK`, "MK", "json").ok, false);
    assert.equal(parseCapture(`MK{"A":1}MK`, "MK", "json").ok, false);
  });

  it("reads env -0 output, values with newlines and '=' included", () => {
    assert.deepEqual(parseEnv0("\nA=1\0B=x\ny=z\0"), { A: "1", B: "x\ny=z" });
    assert.equal(parseEnv0("\n"), undefined);
    assert.equal(parseEnv0("\nnot-an-entry\0"), undefined);
  });

  it("reads the awk fallback's lines, newlines spelled with the marker; tells the two dumps apart by the NUL", () => {
    assert.deepEqual(parseEnvLines("\nA=1\nB=xMKny=z\nC=\n", "MK"), { A: "1", B: "x\ny=z", C: "" });
    assert.equal(parseEnvLines("\n", "MK"), undefined);
    assert.equal(parseEnvLines("\nA=1\nno entry\n", "MK"), undefined);
    assert.equal(parseEnvLines("\nA=1", "MK"), undefined, "cut off before its last newline");
    assert.deepEqual(parseEnvDump("\nA=MKn\0", "MK"), { A: "MKn" }, "env -0 ran: nothing to unescape");
    assert.deepEqual(parseEnvDump("\nA=MKn\n", "MK"), { A: "\n" });
  });

  it("reads /proc stat lines whose command names contain spaces and parentheses", () => {
    assert.deepEqual(parseProcStat("42 (a) b (c)) S 1 40 39 0 -1"), {
      comm: "a) b (c)",
      state: "S",
      ppid: 1,
      pgrp: 40,
      session: 39,
      starttime: NaN,
    });
  });
});

describe("captureLoginEnv with each real shell", { concurrency: true }, () => {
  const rcFor = (shell: TestShell): Record<string, string> => {
    const lines = [
      exportLine(shell, "PATH", "$HOME/go tools/bin:$PATH"),
      exportLine(shell, "GD_FROM_RC", `set by ${shell}`),
      dumpLine(shell),
    ];
    // zsh reads .zprofile before .zshrc: put the PATH there, as users do.
    if (shell === "zsh") return { ".zprofile": lines[0], ".zshrc": lines.slice(1).join("\n") };
    return { [rcFile(shell)]: lines.join("\n") };
  };

  for (const shell of TEST_SHELLS) {
    it(`captures a PATH addition and a variable from ${shell}'s rc files exactly`, async () => {
      const { home, dump } = newHome();
      writeRc(home, rcFor(shell));
      const env = baseEnv(home, dump, shellPath(shell));
      const r = await captureLoginEnv({ processEnv: env, enabled: true, timeoutMs: 10000 });

      assert.equal(r.source, "login-shell", JSON.stringify(r.findings));
      assert.equal(r.shell, shellPath(shell));
      assert.equal(r.env.GD_FROM_RC, `set by ${shell}`);
      assert.equal(r.env.PATH?.split(":")[0], `${home}/go tools/bin`);
      assert.deepEqual(comparable(r.env), comparable(readDump(dump)));
      assert.equal(r.env.VSCODE_RESOLVING_ENVIRONMENT, undefined);
      assert.equal(r.env.GO_DOCTOR_RESOLVING_ENVIRONMENT, undefined);
      assert.deepEqual(
        r.findings.filter((f) => f.code !== "GD003"),
        [],
      );
      assert.ok(r.durationMs > 0 && r.durationMs < 10000);
      assert.equal(r.evidence.length, 1);
      assert.deepEqual(r.evidence[0]?.command, r.argv);
    });
  }

  it("uses the account's login shell when SHELL is not set, without a finding", async () => {
    const { home, dump } = newHome();
    writeRc(home, {
      ".bash_profile": "export GD_FROM_RC=passwd",
      ".profile": "export GD_FROM_RC=passwd",
      ".zshrc": "export GD_FROM_RC=passwd",
    });
    const { SHELL: _unset, ...env } = baseEnv(home, dump, "");
    const r = await captureLoginEnv({ processEnv: env, enabled: true, timeoutMs: 10000 });
    assert.equal(r.shell, os.userInfo().shell);
    assert.equal(r.source, "login-shell");
    assert.equal(r.env.GD_FROM_RC, "passwd");
    assert.deepEqual(
      r.findings.filter((f) => f.code !== "GD003"),
      [],
    );
  });

  it("tells rc files that it is resolving the environment", async () => {
    const { home, dump } = newHome();
    writeRc(home, {
      ".bash_profile": `[ "$GO_DOCTOR_RESOLVING_ENVIRONMENT" = 1 ] && [ "$VSCODE_RESOLVING_ENVIRONMENT" = 1 ] && export GD_SAW_FLAGS=yes`,
    });
    const r = await captureLoginEnv({
      processEnv: baseEnv(home, dump, shellPath("bash")),
      enabled: true,
      timeoutMs: 10000,
    });
    assert.equal(r.env.GD_SAW_FLAGS, "yes");
  });

  it("does nothing when disabled", async () => {
    const env = { HOME: root, PATH: "/usr/bin", SHELL: "/bin/bash" };
    const r = await captureLoginEnv({ processEnv: env, enabled: false, timeoutMs: 10000 });
    assert.deepEqual(r, {
      source: "process",
      env,
      shell: undefined,
      argv: undefined,
      durationMs: r.durationMs,
      findings: [],
      evidence: [],
      drift: {},
    });
  });

  it("stops quietly when cancelled, without a finding", async () => {
    const { home, dump } = newHome();
    const sleep = uniqueSleepSeconds();
    writeRc(home, { ".bash_profile": `sleep ${sleep}` });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const r = await captureLoginEnv({
      processEnv: baseEnv(home, dump, shellPath("bash")),
      enabled: true,
      timeoutMs: 10000,
      signal: controller.signal,
    });
    assert.equal(r.source, "process");
    assert.deepEqual(r.findings, []);
    assert.ok(r.durationMs < 2000, `took ${r.durationMs} ms`);
    const left = await gone(sleep);
    killPids(left);
    assert.deepEqual(left, []);
  });

  it("treats an injected runProcess that throws as a failed shell, not a crash", async () => {
    const throwing: RunProcess = async () => {
      throw new Error("boom");
    };
    const env = { HOME: root, PATH: "/usr/bin", SHELL: "/bin/zsh" };
    const r = await captureLoginEnv({ processEnv: env, enabled: true, timeoutMs: 1000, runProcess: throwing });
    assert.equal(r.source, "process");
    assert.equal(r.env, env);
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["GD002"],
    );
    assert.match(r.findings[0].message, /\/bin\/zsh\b.*boom/);
  });

  it("gives fallback shells only the time left of one overall timeout", async () => {
    const seen: { shell: string; timeoutMs: number }[] = [];
    const slowMissing: RunProcess = async (argv, options) => {
      seen.push({ shell: argv[0], timeoutMs: options.timeoutMs });
      await new Promise((res) => setTimeout(res, 300));
      return {
        argv,
        exitCode: null,
        signal: null,
        stdout: "",
        stderr: "",
        timedOut: false,
        cancelled: false,
        truncated: false,
        spawnError: { code: "ENOENT", message: `spawn ${argv[0]} ENOENT` },
        durationMs: 300,
      };
    };
    const r = await captureLoginEnv({
      processEnv: { HOME: root, SHELL: "/gone/zsh" },
      enabled: true,
      timeoutMs: 3000,
      runProcess: slowMissing,
    });
    assert.deepEqual(
      seen.map((s) => s.shell),
      ["/gone/zsh", "/bin/bash", "/bin/sh"],
    );
    assert.ok(
      // Each fallback gets what the one before it left (each used 300 ms); the first
      // gets all of it, less only what a loaded machine took before it started.
      seen[0].timeoutMs > 2500 &&
        seen[0].timeoutMs <= 3000 &&
        seen[1].timeoutMs <= seen[0].timeoutMs - 290 &&
        seen[2].timeoutMs <= seen[1].timeoutMs - 290,
      JSON.stringify(seen),
    );
    assert.equal(r.source, "process");
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["GD002"],
    );
    assert.deepEqual(r.findings[0].details, [
      "ENOENT: spawn /gone/zsh ENOENT",
      "Fallback /bin/bash: ENOENT: spawn /bin/bash ENOENT",
      "Fallback /bin/sh: ENOENT: spawn /bin/sh ENOENT",
    ]);
  });
});

describe("GD001: a login shell that does not finish", { concurrency: true }, () => {
  for (const shell of ["bash", "zsh", "fish", "tcsh"] as const) {
    it(`gives up on ${shell} after the timeout, names the shell, and leaves no process behind`, async () => {
      const { home, dump } = newHome();
      const sleep = uniqueSleepSeconds();
      writeRc(home, { [rcFile(shell)]: `echo loading plugins\nsleep ${sleep}` });
      const env = baseEnv(home, dump, shellPath(shell));
      const started = Date.now();
      const r = await captureLoginEnv({ processEnv: env, enabled: true, timeoutMs: 1500 });
      const elapsed = Date.now() - started;

      assert.ok(elapsed < 2500, `took ${elapsed} ms`);
      assert.equal(r.source, "process");
      assert.equal(r.env, env);
      assert.deepEqual(
        r.findings.map((f) => [f.code, f.severity]),
        [["GD001", "warning"]],
      );
      assert.match(r.findings[0].message, new RegExp(`${shellPath(shell)} -[il].*1500 ms`));
      assert.match(r.findings[0].details?.join("\n") ?? "", /loading plugins/);
      assert.equal(r.evidence[0]?.timedOut, true);
      const left = await gone(sleep);
      killPids(left);
      assert.deepEqual(left, [], "the rc's sleep outlived the capture");
    });
  }
});

describe("GD002: a login shell that cannot be used", { concurrency: true }, () => {
  it("falls back to /bin/bash when SHELL names a missing file, and says so", async () => {
    const { home, dump } = newHome();
    writeRc(home, { ".bash_profile": `export GD_FROM_RC=fallback\n${dumpLine("bash")}` });
    const r = await captureLoginEnv({
      processEnv: baseEnv(home, dump, "/nonexistent/zsh"),
      enabled: true,
      timeoutMs: 10000,
    });
    assert.equal(r.source, "login-shell");
    assert.equal(r.shell, "/bin/bash");
    assert.equal(r.env.GD_FROM_RC, "fallback");
    const gd002 = r.findings.filter((f) => f.code === "GD002");
    assert.equal(gd002.length, 1);
    assert.equal(gd002[0]?.severity, "warning");
    assert.match(gd002[0].message, /\/nonexistent\/zsh could not be started.*ENOENT.*used \/bin\/bash instead/);
    assert.equal(r.evidence.length, 2);
  });

  it("falls back when SHELL is not a shell at all (/bin/true prints nothing)", async () => {
    const { home, dump } = newHome();
    writeRc(home, { ".bash_profile": "export GD_FROM_RC=fallback" });
    const r = await captureLoginEnv({ processEnv: baseEnv(home, dump, "/bin/true"), enabled: true, timeoutMs: 10000 });
    assert.equal(r.source, "login-shell");
    assert.equal(r.env.GD_FROM_RC, "fallback");
    assert.match(
      r.findings.find((f) => f.code === "GD002")!.message,
      /\/bin\/true -i -l -c\) did not print its environment.*no environment.*used \/bin\/bash/,
    );
  });

  it("falls back when SHELL is nologin, as for a service account", async () => {
    const { home, dump } = newHome();
    writeRc(home, { ".bash_profile": "export GD_FROM_RC=fallback" });
    const r = await captureLoginEnv({
      processEnv: baseEnv(home, dump, "/usr/sbin/nologin"),
      enabled: true,
      timeoutMs: 10000,
    });
    assert.equal(r.source, "login-shell");
    assert.equal(r.env.GD_FROM_RC, "fallback");
    const gd002 = r.findings.find((f) => f.code === "GD002");
    assert.match(
      gd002?.message ?? "",
      /\/usr\/sbin\/nologin -i -l -c\) did not print its environment \(exit code 1.*used \/bin\/bash/,
    );
    assert.ok(gd002?.details?.some((d) => /not available/.test(d)));
  });

  it("uses the process env when the rc file exits 3, with the exit code and the rc's output", async () => {
    const { home, dump } = newHome();
    writeRc(home, { ".bash_profile": "echo 'cannot find nvm' >&2\nexit 3" });
    const env = baseEnv(home, dump, shellPath("bash"));
    const r = await captureLoginEnv({ processEnv: env, enabled: true, timeoutMs: 10000 });
    assert.equal(r.source, "process");
    assert.equal(r.env, env);
    assert.deepEqual(
      r.findings.map((f) => [f.code, f.severity]),
      [["GD002", "warning"]],
    );
    assert.match(r.findings[0].message, /exit code 3/);
    assert.ok(r.findings[0].details?.includes("cannot find nvm"));
    assert.equal(r.evidence[0]?.exitCode, 3);
    // A real shell failing is not replaced by another reading the same files.
    assert.equal(r.evidence.length, 1);
  });

  it("reports the missing shell and the failed fallback together when neither works", async () => {
    const { home, dump } = newHome();
    writeRc(home, { ".bash_profile": "exit 3" });
    const r = await captureLoginEnv({
      processEnv: baseEnv(home, dump, "/nonexistent/zsh"),
      enabled: true,
      timeoutMs: 10000,
    });
    assert.equal(r.source, "process");
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["GD002"],
    );
    assert.match(r.findings[0].message, /\/nonexistent\/zsh could not be started.*editor's own environment/);
    assert.ok(r.findings[0].details?.some((d) => /Fallback \/bin\/bash: exit code 3/.test(d)));
  });

  it("uses an environment printed before a late failure, and mentions the failure", async () => {
    const { home, dump } = newHome();
    writeRc(home, { ".bash_profile": "export GD_FROM_RC=early\ntrap 'exit 4' EXIT" });
    const r = await captureLoginEnv({
      processEnv: baseEnv(home, dump, shellPath("bash")),
      enabled: true,
      timeoutMs: 10000,
    });
    assert.equal(r.source, "login-shell");
    assert.equal(r.env.GD_FROM_RC, "early");
    const gd002 = r.findings.find((f) => f.code === "GD002");
    assert.equal(gd002?.severity, "info");
    assert.match(gd002.message, /exit code 4/);
  });
});

describe("without a usable node, env -0", { concurrency: true }, () => {
  for (const shell of TEST_SHELLS) {
    it(`${shell} prints an environment that parses, newlines in values included`, async () => {
      const { home, dump } = newHome();
      fs.mkdirSync(home, { recursive: true });
      const { argv, format } = captureCommand(shellPath(shell), "Mark0123", undefined);
      const env = { ...baseEnv(home, dump, shellPath(shell)), GD_NL: "a\nb=c" };
      const r = await runProcess(argv, { timeoutMs: 10000, env, cwd: home, drainMs: 300 });
      const parsed = parseCapture(r.stdout, "Mark0123", format);
      assert.ok(parsed.ok, `${r.stdout}\n${r.stderr}`);
      assert.equal(parsed.env.GD_NL, "a\nb=c");
      assert.equal(parsed.env.HOME, home);
    });
  }
});

describe("without a usable node, where env refuses -0 (macOS before it took the flag)", { concurrency: true }, () => {
  // A fault binary: BSD env's answer to -0, otherwise the real env.
  const fakeBin = path.join(root, "old-bsd-env");
  fakeTool(
    fakeBin,
    "env",
    [
      'for a in "$@"; do',
      '  if [ "$a" = "-0" ]; then',
      '    echo "env: illegal option -- 0" >&2',
      '    echo "usage: env [-iv] [-P utilpath] [-S string] [-u name] [name=value ...] [utility [argument ...]]" >&2',
      "    exit 1",
      "  fi",
      "done",
      'exec /usr/bin/env "$@"',
    ].join("\n"),
  );

  for (const shell of TEST_SHELLS) {
    it(`${shell} prints its environment through awk, newlines in values included`, async () => {
      const { home, dump } = newHome();
      // After the system profile, which may reset PATH: the rc puts the old env first.
      writeRc(home, { [rcFile(shell)]: exportLine(shell, "PATH", `${fakeBin}:$PATH`) });
      const { argv, format } = captureCommand(shellPath(shell), "Mark0123", undefined);
      const env = { ...baseEnv(home, dump, shellPath(shell)), GD_NL: "a\nb=c\n\nlast", GD_EMPTY: "" };
      const r = await runProcess(argv, { timeoutMs: 10000, env, cwd: home, drainMs: 300 });
      assert.match(r.stderr, /env: illegal option -- 0/, "the old env was the one asked");
      assert.ok(!r.stdout.includes("\0"), "nothing NUL-separated was printed");
      const parsed = parseCapture(r.stdout, "Mark0123", format);
      assert.ok(parsed.ok, `${r.stdout}\n${r.stderr}`);
      assert.equal(parsed.env.GD_NL, "a\nb=c\n\nlast");
      assert.equal(parsed.env.GD_EMPTY, "");
      assert.equal(parsed.env.HOME, home);
      assert.equal(parsed.env.PATH?.split(":")[0], fakeBin);
    });
  }
});

describe("the printing program at an awkward path", { concurrency: true }, () => {
  // Node installed under a directory whose name every shell family must quote differently.
  const dir = path.join(root, `it's "odd" $HOME \`x\` !! dïr`);
  const awkwardNode = path.join(dir, "node");
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(process.execPath, awkwardNode);

  for (const shell of TEST_SHELLS) {
    it(`${shell} runs it and prints a parsable environment`, async () => {
      const { home, dump } = newHome();
      fs.mkdirSync(home, { recursive: true });
      const { argv, format } = captureCommand(shellPath(shell), "Mark0123", awkwardNode);
      const r = await runProcess(argv, {
        timeoutMs: 10000,
        env: baseEnv(home, dump, shellPath(shell)),
        cwd: home,
        drainMs: 300,
      });
      const parsed = parseCapture(r.stdout, "Mark0123", format);
      assert.ok(parsed.ok, `${r.stdout}\n${r.stderr}`);
      assert.equal(parsed.env.HOME, home);
    });
  }
});
