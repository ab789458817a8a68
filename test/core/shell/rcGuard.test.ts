import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { runProcess } from "../../../src/core/base/process";
import { applyGuard, planGuard, type GuardEdit } from "../../../src/core/shell/rcGuard";
import { removeDir, tempDir, writeFile } from "../../support/fixtures";
import { shellPath } from "../../support/shellHome";

const root = tempDir("gd-guard-");
after(() => removeDir(root));

let n = 0;
function rc(content: string, name = ".zshrc"): string {
  return writeFile(path.join(root, `case-${++n}`, name), content);
}

function planned(file: string, line: number, shell = "/usr/bin/zsh"): GuardEdit {
  const plan = planGuard({ file, line, shell });
  assert.ok(plan.ok, plan.ok ? "" : plan.message);
  return plan;
}

function backups(file: string): string[] {
  return fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith(".bak"));
}

/** Runs `script` in the real shell with or without the resolving variable; returns what it printed. */
async function runRc(shell: string, script: string, resolving: boolean): Promise<string> {
  const r = await runProcess([shellPath(shell as "bash"), "-c", script], {
    timeoutMs: 5000,
    env: { PATH: "/usr/bin:/bin", HOME: root, ...(resolving ? { VSCODE_RESOLVING_ENVIRONMENT: "1" } : {}) },
  });
  assert.equal(r.exitCode, 0, r.stderr);
  return r.stdout;
}

describe("planning a guard only reads", () => {
  it("plans the one-line guard for a simple command and leaves the file alone", () => {
    const text = "# my zshrc\nexport A=1\n  nvm use default\nalias ll='ls -l'\n";
    const file = rc(text);
    const plan = planned(file, 3);
    assert.deepEqual(plan.replacement, ['  [ -n "$VSCODE_RESOLVING_ENVIRONMENT" ] || nvm use default']);
    assert.equal(plan.warning, undefined);
    assert.equal(fs.readFileSync(file, "utf8"), text);
    assert.deepEqual(backups(file), []);
  });

  it("wraps a line with a comment, && or a command substitution in an if block", () => {
    const file = rc('eval "$(pyenv init -)"  # pyenv\nsource a && source b\n');
    assert.deepEqual(planned(file, 1).replacement, [
      'if [ -z "$VSCODE_RESOLVING_ENVIRONMENT" ]; then',
      '  eval "$(pyenv init -)"  # pyenv',
      "fi",
    ]);
    assert.equal(planned(file, 2).replacement.length, 3);
  });

  it("warns instead when the line sets PATH or a GO variable, or the profile says something below it does", () => {
    const file = rc('export PATH="$HOME/go/bin:$PATH"\nsource ~/.goenv\n');
    assert.match(planned(file, 1).warning ?? "", /PATH or a GO variable/);
    const plan = planGuard({ file, line: 2, shell: "/bin/zsh", setsGoVar: true });
    assert.ok(plan.ok && plan.warning);
  });

  const refusals: [string, string, number, string, RegExp][] = [
    ["a line past the end", "a\nb\n", 3, "/bin/bash", /has only 2 lines/],
    ["line 0", "a\n", 0, "/bin/bash", /not a line number/],
    ["a comment", "# slow\n", 1, "/bin/bash", /blank or a comment/],
    ["a continued line", "nvm use \\\n  default\n", 2, "/bin/bash", /continues the one above/],
    ["a line that continues", "nvm use \\\n  default\n", 1, "/bin/bash", /block/],
    ["an if", "if true; then\n  x\nfi\n", 1, "/bin/bash", /block/],
    ["a function header", "slow() {\n  sleep 1\n}\n", 1, "/bin/bash", /block/],
    ["a here-document line", "cat <<EOF\nsleep 1\nEOF\n", 2, "/bin/bash", /here-document/],
    ["a guarded line", '[ -n "$VSCODE_RESOLVING_ENVIRONMENT" ] || x\n', 1, "/bin/bash", /already checks/],
    ["a binary file", "a\0b\n", 1, "/bin/bash", /not UTF-8 text/],
    ["an unknown shell", "x\n", 1, "/usr/bin/nu", /does not know how nu/],
    ["a fish block", "function f\n  sleep 1\nend\n", 1, "/usr/bin/fish", /block/],
  ];
  for (const [what, content, line, shell, why] of refusals) {
    it(`refuses ${what} with a GD004 message`, () => {
      const file = rc(content);
      const plan = planGuard({ file, line, shell });
      assert.equal(plan.ok, false);
      assert.match(plan.ok ? "" : plan.message, /^GD004: /);
      assert.match(plan.ok ? "" : plan.message, why);
      assert.equal(fs.readFileSync(file, "utf8"), content);
    });
  }

  it("refuses a file that does not exist", () => {
    const plan = planGuard({ file: path.join(root, "missing"), line: 1, shell: "/bin/bash" });
    assert.ok(!plan.ok && /^GD004: .*cannot be read \(ENOENT\)/.test(plan.message));
  });
});

describe("applying a guard", () => {
  it("writes a backup first, keeps comments, CRLF line ends and the mode, and changes only the line", () => {
    const text = "# header comment\r\nexport A=1 # keep me\r\nnvm use default\r\n# trailer\r\n";
    const file = rc(text);
    fs.chmodSync(file, 0o640);
    const r = applyGuard(planned(file, 3));
    assert.ok(r.ok, r.ok ? "" : r.message);
    assert.equal(fs.readFileSync(r.backup, "utf8"), text);
    assert.equal(
      fs.readFileSync(file, "utf8"),
      '# header comment\r\nexport A=1 # keep me\r\n[ -n "$VSCODE_RESOLVING_ENVIRONMENT" ] || nvm use default\r\n# trailer\r\n',
    );
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
  });

  it("edits the target of a symlinked rc file and keeps the link", () => {
    const target = rc("nvm use default\n", "dotfiles-zshrc");
    const link = path.join(path.dirname(target), ".zshrc");
    fs.symlinkSync(target, link);
    const r = applyGuard(planned(link, 1));
    assert.ok(r.ok);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.match(fs.readFileSync(target, "utf8"), /VSCODE_RESOLVING_ENVIRONMENT/);
  });

  it("refuses, and writes nothing, when the file changed after planning", () => {
    const file = rc("a\nsleep 1\n");
    const plan = planned(file, 2);
    fs.appendFileSync(file, "b\n");
    const r = applyGuard(plan);
    assert.ok(!r.ok && /^GD004: .*changed since/.test(r.message));
    assert.equal(fs.readFileSync(file, "utf8"), "a\nsleep 1\nb\n");
    assert.deepEqual(backups(file), []);
  });

  // The guard itself, run by each real shell: skipped while resolving, run otherwise.
  const cases: [string, string][] = [
    ["bash", "echo ran"],
    ["zsh", "echo ran # with a comment"],
    ["sh", "echo ran"],
    ["fish", "echo ran"],
    ["fish", "echo ran; echo twice"],
    ["tcsh", "echo ran"],
    ["tcsh", "echo ran; echo twice"],
  ];
  for (const [shell, line] of cases) {
    it(`${shell} skips the guarded line "${line}" only while the editor resolves the environment`, async () => {
      const file = rc(`${line}\n`, `rc-${shell}`);
      const r = applyGuard(planned(file, 1, shellPath(shell as "bash")));
      assert.ok(r.ok);
      const script = fs.readFileSync(file, "utf8");
      assert.equal(await runRc(shell, script, true), "");
      assert.match(await runRc(shell, script, false), /^ran\n/);
    });
  }
});
