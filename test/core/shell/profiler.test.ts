import * as assert from "node:assert/strict";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { captureLoginEnv } from "../../../src/core/shell/loginShell";
import { profileLoginShell, type ProfileRun } from "../../../src/core/shell/profiler";
import { profileIfSlow } from "../../../src/core/shell/slowShell";
import type { CostlyLine } from "../../../src/core/shell/profileParse";
import { removeDir, tempDir } from "../../support/fixtures";
import { rcFile, shellPath, writeRc, type TestShell } from "../../support/shellHome";

const root = tempDir("gd-profile-");
after(() => removeDir(root));

let homes = 0;
function newHome(): string {
  return path.join(root, `case-${++homes}`, "home");
}

function envFor(home: string, shell: TestShell): Record<string, string> {
  return { HOME: home, PATH: "/usr/bin:/bin", LANG: "C.UTF-8", SHELL: shellPath(shell) };
}

/** The planted sleep, in seconds: long enough that a loaded machine's scheduling stays inside the 20 %. */
const SLEEP = 1;

function lineAt(run: ProfileRun, file: string, line: number): CostlyLine {
  const found = run.profile.lines.find((l) => l.file === file && l.line === line);
  assert.ok(found, `${file}:${line} not in ${JSON.stringify(run.profile.lines.slice(0, 5))}`);
  return found;
}

/** The planted sleep's cost: at least the sleep, and within 20 % of it. */
function assertSleepCost(l: CostlyLine, sleep = SLEEP): void {
  assert.ok(l.ms >= sleep * 1000, `${l.file}:${l.line} cost ${l.ms} ms, less than the ${sleep} s sleep`);
  assert.ok(
    l.ms <= sleep * 1000 * 1.2,
    `${l.file}:${l.line} cost ${l.ms} ms, more than 20 % over the ${sleep} s sleep`,
  );
}

/** Profiles the shell, and captures it plainly: the environments must be identical, SHLVL included. */
async function profileAndCapture(shell: TestShell, home: string, timeoutMs = 10_000): Promise<ProfileRun> {
  const env = envFor(home, shell);
  const run = await profileLoginShell({ shell: shellPath(shell), processEnv: env, enabled: true, timeoutMs });
  const plain = await captureLoginEnv({ processEnv: env, enabled: true, timeoutMs });
  assert.equal(plain.source, "login-shell", JSON.stringify(plain.findings));
  assert.ok(run.env, `the profiled ${shell} printed no environment: ${run.evidence.output}`);
  assert.deepEqual(run.env, plain.env);
  return run;
}

describe("profiling a login shell names the slow line", () => {
  it("bash: a sleep on line 3 of .bash_profile", async () => {
    const home = newHome();
    writeRc(home, { ".bash_profile": `export A=1\necho rc says hi\nsleep ${SLEEP}\nexport B=2` });
    const run = await profileAndCapture("bash", home);
    assert.equal(run.method, "bash-xtrace");
    const l = lineAt(run, path.join(home, ".bash_profile"), 3);
    assertSleepCost(l);
    assert.equal(run.profile.lines[0], l, "the sleep is the costliest line");
    assert.equal(l.command, `sleep ${SLEEP}`);
    assert.ok(run.profile.complete);
  });

  it("bash: a function defined in one file and called from .bash_profile is charged to the call line too", async () => {
    const home = newHome();
    writeRc(home, {
      ".bash_profile": `. ~/.funcs.sh\nexport A=1\nslow_init\nexport B=2`,
      ".funcs.sh": `# helpers\nslow_init() {\n  sleep ${SLEEP}\n}`,
    });
    const run = await profileAndCapture("bash", home);
    assertSleepCost(lineAt(run, path.join(home, ".bash_profile"), 3));
    assertSleepCost(lineAt(run, path.join(home, ".funcs.sh"), 3));
  });

  it("zsh: a sleep on line 2 of .zshrc, with the rc printing to stdout and stderr", async () => {
    const home = newHome();
    writeRc(home, { ".zshrc": `echo to stdout\nsleep ${SLEEP}\necho to stderr >&2\nexport A=1` });
    const run = await profileAndCapture("zsh", home);
    assert.equal(run.method, "zsh-xtrace");
    const l = lineAt(run, path.join(home, ".zshrc"), 2);
    assertSleepCost(l);
    assert.equal(run.profile.lines[0], l);
  });

  it("zsh: a line of a file .zshrc sources is named in that file, and the source line is charged with it", async () => {
    const home = newHome();
    writeRc(home, {
      ".zshrc": `export A=1\nsource ~/.plugins/slow.zsh\nexport B=2`,
      ".plugins/slow.zsh": `typeset -g X=1\n\nsleep ${SLEEP}`,
    });
    const run = await profileAndCapture("zsh", home);
    assertSleepCost(lineAt(run, path.join(home, ".plugins/slow.zsh"), 3));
    assertSleepCost(lineAt(run, path.join(home, ".zshrc"), 2));
  });

  it("zsh: a function from another file, called in .zshrc, is charged to the call line and shown inside", async () => {
    const home = newHome();
    writeRc(home, {
      ".zshrc": `source ~/.funcs.zsh\nexport A=1\nload_nvm\n`,
      ".funcs.zsh": `load_nvm() {\n  local x=1\n  sleep ${SLEEP}\n}`,
    });
    const run = await profileAndCapture("zsh", home);
    const call = lineAt(run, path.join(home, ".zshrc"), 3);
    const inner = lineAt(run, path.join(home, ".funcs.zsh"), 3);
    assertSleepCost(call);
    assertSleepCost(inner);
    assert.ok(run.profile.lines.indexOf(call) < run.profile.lines.indexOf(inner), "the call ranks above its body");
  });

  it("zsh: an rc that sets PS4 itself is named as the point where the trace changed", async () => {
    const home = newHome();
    writeRc(home, { ".zshrc": `sleep ${SLEEP}\nPS4='%N> '\nexport A=1` });
    const run = await profileAndCapture("zsh", home);
    assertSleepCost(lineAt(run, path.join(home, ".zshrc"), 1));
    assert.ok(
      run.profile.notes.some((n) => n.startsWith(`${path.join(home, ".zshrc")}:2 changes the trace`)),
      JSON.stringify(run.profile.notes),
    );
  });

  it("bash: an rc that turns set -x on and off keeps the lines before it named, and says where tracing stopped", async () => {
    const home = newHome();
    writeRc(home, { ".bash_profile": `sleep ${SLEEP}\nset -x\nexport A=1\nset +x\nexport B=2` });
    const run = await profileAndCapture("bash", home);
    assertSleepCost(lineAt(run, path.join(home, ".bash_profile"), 1));
    assert.ok(
      run.profile.notes.some((n) => n.startsWith(`${path.join(home, ".bash_profile")}:4 changes the trace`)),
      JSON.stringify(run.profile.notes),
    );
  });

  it("fish: a sleep on line 3 of config.fish", async () => {
    const home = newHome();
    writeRc(home, { [rcFile("fish")]: `set -gx A 1\n# a comment\nsleep ${SLEEP}\nset -gx B 2` });
    const run = await profileAndCapture("fish", home);
    assert.equal(run.method, "fish-profile");
    const l = lineAt(run, path.join(home, rcFile("fish")), 3);
    assertSleepCost(l);
    assert.equal(run.profile.lines[0], l);
  });

  it("dash: .profile is timed as a whole, and the finding says lines need bash, zsh or fish", async () => {
    const home = newHome();
    writeRc(home, { ".profile": `A=1; export A\nsleep ${SLEEP}` });
    const run = await profileAndCapture("sh", home);
    assert.equal(run.profile.granularity, "file");
    assertSleepCost(lineAt(run, path.join(home, ".profile"), 0));
    assert.ok(run.profile.notes.some((n) => /bash, zsh and fish/.test(n)));
  });

  it("dash: the file $ENV names is read after .profile, as a login shell does, and timed too", async () => {
    const home = newHome();
    writeRc(home, { ".profile": "A=1; export A", ".shrc": `B=2; export B\nsleep ${SLEEP}` });
    const env = { ...envFor(home, "sh"), ENV: path.join(home, ".shrc") };
    const run = await profileLoginShell({ shell: shellPath("sh"), processEnv: env, enabled: true, timeoutMs: 10_000 });
    const plain = await captureLoginEnv({ processEnv: env, enabled: true, timeoutMs: 10_000 });
    assert.deepEqual(run.env, plain.env);
    assert.equal(run.env?.B, "2");
    assertSleepCost(lineAt(run, path.join(home, ".shrc"), 0));
  });

  it("tcsh: .tcshrc is timed as a whole", async () => {
    const home = newHome();
    writeRc(home, { ".tcshrc": `setenv A 1\nsleep ${SLEEP}` });
    const run = await profileAndCapture("tcsh", home);
    assert.equal(run.profile.granularity, "file");
    assertSleepCost(lineAt(run, path.join(home, ".tcshrc"), 0));
  });
});

describe("GD004 from a slow capture", () => {
  /** Captures `shell` with `rc`, then lets profileIfSlow decide with `threshold` and `profileMs`. */
  async function captureThenProfile(
    shell: TestShell,
    rc: string,
    o: { captureMs?: number; profileMs?: number; threshold: number },
  ) {
    const home = newHome();
    writeRc(home, { [rcFile(shell)]: rc });
    const env = envFor(home, shell);
    const captured = await captureLoginEnv({ processEnv: env, enabled: true, timeoutMs: o.captureMs ?? 10_000 });
    const after = await profileIfSlow(captured, {
      processEnv: env,
      timeoutMs: o.profileMs ?? o.captureMs ?? 10_000,
      thresholdMs: o.threshold,
    });
    return { home, captured, after, gd004: after.findings.find((x) => x.code === "GD004") };
  }

  it("a quick shell is not profiled: the capture comes back unchanged", async () => {
    const r = await captureThenProfile("bash", "export A=1", { threshold: 5_000 });
    assert.equal(r.after, r.captured);
  });

  it("a slow shell is not profiled when the diagnosis has no time left for a second run", async () => {
    const r = await captureThenProfile("bash", "sleep 0.3", { threshold: 100, profileMs: 100 });
    assert.equal(r.after, r.captured);
  });

  it("a shell over the threshold gets GD004 naming the line, with the guard as the fix", async () => {
    const r = await captureThenProfile("bash", `export A=1\nsleep ${SLEEP}\nexport B=2`, { threshold: 200 });
    const f = r.gd004;
    assert.ok(f, JSON.stringify(r.after.findings));
    assert.equal(f.severity, "warning");
    assert.match(f.details?.[0] ?? "", new RegExp(`^~/\\.bash_profile:2  1\\.[01]\\d s  sleep ${SLEEP}$`));
    assert.ok(
      f.details?.some((d) => /^total \d+\.\d\d s \(bash xtrace\)$/.test(d)),
      f.details?.join("\n"),
    );
    assert.ok(
      f.details?.some((d) => /^by file: ~\/\.bash_profile 1\.[01]\d s/.test(d)),
      f.details?.join("\n"),
    );
    assert.deepEqual(f.location, { file: path.join(r.home, ".bash_profile"), line: 2 });
    assert.match(
      f.fixes?.[0]?.kind === "manual" ? f.fixes[0].detail : "",
      /replace line 2, `sleep 1`, with `\[ -n "\$VSCODE_RESOLVING_ENVIRONMENT" \] \|\| sleep 1`\./,
    );
    assert.deepEqual(r.after.env, r.captured.env);
  });

  it("a shell that times out gets GD001 and GD004 with the line it was stuck on", async () => {
    const r = await captureThenProfile("zsh", "export A=1\nsleep 30\nexport B=2", { captureMs: 1500, threshold: 1000 });
    assert.ok(r.captured.findings.some((x) => x.code === "GD001"));
    const f = r.gd004;
    assert.ok(f, JSON.stringify(r.after.findings));
    assert.match(f.message, /did not finish starting/);
    assert.match(f.details?.[0] ?? "", /^~\/\.zshrc:2 +\d+\.\d\d s {2}sleep 30$/);
    assert.match(f.details?.join("\n") ?? "", /stopped before the end/);
  });
});
