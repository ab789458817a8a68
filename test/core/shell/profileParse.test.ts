import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  parseXtrace,
  profileFromFish,
  profileFromXtrace,
  setsGoVariable,
  type TraceEntry,
} from "../../../src/core/shell/profileParse";

const T = "GDTabc123";
const at = (s: number): string => (1_800_000_000 + s).toFixed(6);
const line = (s: number, depth: number, n: number, file: string, cmd: string, plus = "+"): string =>
  `${plus}${T}\t${at(s)}\t${depth}\t${n}\t${file}\t${cmd}`;

function profile(entries: TraceEntry[], endS = 10) {
  return profileFromXtrace(entries, {
    startMs: (1_800_000_000 - 0.05) * 1000,
    endMs: (1_800_000_000 + endS) * 1000,
    isEnd: (e) => e.depth === 0 && e.command === `: ${T}end`,
  });
}

describe("parseXtrace", () => {
  it("reads bash's repeated first character, a decimal comma and keeps tabs inside the command", () => {
    const text = [
      line(0, 1, 3, "/h/.bashrc", "sleep 1", "+++"),
      `+${T}\t1800000001,250000\t1\t4\t/h/.bashrc\tprintf 'a\\tb'\twith tab`,
      "rc output on stderr",
      "second line of a multi-line command",
    ].join("\n");
    const e = parseXtrace(text, T);
    assert.equal(e.length, 2);
    assert.deepEqual(e[0], { atMs: 1_800_000_000_000, depth: 1, line: 3, file: "/h/.bashrc", command: "sleep 1" });
    assert.equal(e[1].atMs, 1_800_000_001_250);
    assert.equal(e[1].command, "printf 'a\\tb'\twith tab");
  });

  it("ignores lines with another tag and refuses a tag that is not plain letters and digits", () => {
    assert.deepEqual(parseXtrace(`+GDTother\t${at(0)}\t1\t1\t/f\tx`, T), []);
    assert.throws(() => parseXtrace("", "a.b"));
  });
});

describe("profileFromXtrace", () => {
  const text = [
    line(0, 0, 2, "", ". /h/.zshrc"),
    line(0.1, 1, 1, "/h/.zshrc", "source /h/plugin.zsh"),
    line(0.2, 2, 5, "/h/plugin.zsh", "PATH=/h/bin:/usr/bin"),
    line(0.3, 2, 6, "/h/plugin.zsh", "nvm_load"),
    line(0.4, 3, 10, "/h/nvm.sh", "sleep 1"),
    line(1.4, 1, 2, "/h/.zshrc", "slow"),
    line(1.5, 2, 20, "/h/.zshrc", "slow_inner"),
    line(1.6, 3, 20, "/h/.zshrc", "sleep 0.5"),
    line(2.1, 1, 3, "/h/.zshrc", "export A=1"),
    line(2.2, 0, 3, "", `: ${T}end`),
    line(2.3, 0, 3, "", "node -e ..."),
  ].join("\n");
  const p = profile(parseXtrace(text, T));
  const cost = (file: string, n: number) => p.lines.find((l) => l.file === file && l.line === n);

  it("charges a source line and a call with everything below them, and lists the lines inside too", () => {
    assert.equal(cost("/h/.zshrc", 1)?.ms, 1300);
    assert.equal(cost("/h/plugin.zsh", 6)?.ms, 1100);
    assert.equal(cost("/h/nvm.sh", 10)?.ms, 1000);
    assert.equal(cost("/h/.zshrc", 2)?.ms, 700);
    assert.deepEqual(
      p.lines.slice(0, 3).map((l) => `${l.file}:${l.line}`),
      ["/h/.zshrc:1", "/h/plugin.zsh:6", "/h/nvm.sh:10"],
    );
  });

  it("counts a line nested in itself once, and stops at the capture program", () => {
    const line20 = cost("/h/.zshrc", 20);
    assert.equal(line20?.runs, 2);
    assert.equal(line20?.ms, 600);
    assert.equal(cost("/h/.zshrc", 3)?.ms, 100);
    assert.ok(p.complete);
    assert.equal(p.totalMs, 2250);
    assert.ok(!p.lines.some((l) => l.file === ""), "Go Doctor's own script is not listed");
  });

  it("marks a line whose subtree sets PATH, and files by their own time", () => {
    assert.equal(cost("/h/.zshrc", 1)?.setsGoVar, true);
    assert.equal(cost("/h/plugin.zsh", 5)?.setsGoVar, true);
    assert.equal(cost("/h/.zshrc", 2)?.setsGoVar, false);
    assert.deepEqual(
      p.files.map((f) => f.file),
      ["/h/.zshrc", "/h/plugin.zsh", "/h/nvm.sh"],
    );
    assert.equal(p.files.find((f) => f.file === "/h/nvm.sh")?.ms, 1000);
  });

  it("charges the last line with the time until the shell was stopped when the trace never ends", () => {
    const stopped = profile(parseXtrace([line(0, 1, 2, "/h/.zshrc", "sleep 30")].join("\n"), T), 5);
    assert.equal(stopped.complete, false);
    assert.equal(stopped.lines[0].ms, 5000);
    assert.match(stopped.notes.join(" "), /never reached the end/);
  });
});

describe("profileFromFish", () => {
  const files: Record<string, string[]> = {
    "/h/.config/fish/config.fish": ["set -gx A 1", "source ~/.other.fish", "if status is-interactive", "  slow", "end"],
    "/h/.other.fish": ["# other", "sleep 0.1"],
  };
  const text = [
    "Time\tSum\tCommand",
    "50\t300\t> builtin source /h/.config/fish/config.fish",
    "10\t10\t-> set -gx A 1",
    "20\t100020\t-> source ~/.other.fish",
    "100000\t100000\t--> sleep 0.1",
    "5\t200005\t-> if status is-interactive...",
    "3\t3\t--> status is-interactive",
    "2\t200002\t--> slow",
    "200000\t200000\t---> sleep 0.2",
  ].join("\n");
  const p = profileFromFish(
    text,
    (w) => w.replace(/^~/, "/h"),
    (f) => files[f],
  );

  it("places each command by its text in the file that sourced it", () => {
    const names = p.lines.map((l) => `${l.file}:${l.line} ${l.ms}`);
    assert.ok(names.includes("/h/.config/fish/config.fish:2 100"), names.join(", "));
    assert.ok(names.includes("/h/.other.fish:2 100"), names.join(", "));
    assert.ok(names.includes("/h/.config/fish/config.fish:3 200"), names.join(", "));
    assert.ok(names.includes("/h/.config/fish/config.fish:4 200"), names.join(", "));
  });

  it("leaves out commands that are not whole lines of a file (an if's test, a function body elsewhere)", () => {
    assert.ok(!p.lines.some((l) => l.line === 0));
  });
});

describe("setsGoVariable", () => {
  it("recognises PATH and GO* assignments in each shell's syntax", () => {
    for (const yes of [
      "export PATH=/x:$PATH",
      "PATH=/x",
      "export GOPATH=/go",
      "GOFLAGS=-mod=mod",
      "typeset -x GOBIN=/b",
      "path+=(/x)",
      "set -gx PATH /x $PATH",
      "set -x GOROOT /usr/local/go",
      "setenv GOPATH /go",
      "fish_add_path /x",
      "export PATH",
    ])
      assert.ok(setsGoVariable(yes), yes);
    for (const no of ["nvm use default", "echo $PATH", "export NVM_DIR=/n", "set -gx EDITOR vim", "MYPATH=/x"])
      assert.ok(!setsGoVariable(no), no);
  });
});
