// The platform seam, with Windows and macOS simulated on Linux: environment
// keys, PATH lookups of go.exe, home, tree kill and the process lister.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanEnv, isOnPath, lookupOnPath, pathEntries } from "../../../src/core/base/envPath";
import { hostPlatform, parsePsOutput, platformFor } from "../../../src/core/base/platform";
import type { RunProcess } from "../../../src/core/base/process";
import { simulatedPlatform, WINDOWS_EDITOR_ENV } from "../../support/simulatedPlatform";

const windowsEnv = {
  ...WINDOWS_EDITOR_ENV,
  Path: 'C:\\Windows\\system32;C:\\Program Files\\Go\\bin;.;"C:\\Tools\\Quoted";C:\\Users\\gopher\\go\\bin',
};

void describe("the platform seam", () => {
  void it("the host is Linux here, with path.posix and the environment as it is", () => {
    const host = hostPlatform();
    assert.equal(host.name, "linux");
    assert.equal(host.path.sep, "/");
    const env = { Path: "/a", PATH: "/b" };
    assert.deepEqual(host.normaliseEnv(env), env, "Linux keys are case-sensitive: both stay");
    assert.equal(host.getEnv(env, "PATH"), "/b");
  });

  void it("Windows: `Path` is read as PATH and normalised once, so a child never gets both", () => {
    const win = platformFor("win32");
    assert.equal(win.getEnv(windowsEnv, "PATH"), windowsEnv.Path);
    assert.equal(win.getEnv(windowsEnv, "userprofile"), "C:\\Users\\gopher");
    const clean = cleanEnv({ ...windowsEnv, PATH: "C:\\Go\\bin" }, win);
    assert.deepEqual(
      Object.keys(clean).filter((k) => k.toUpperCase() === "PATH"),
      ["PATH"],
    );
    assert.equal(clean.PATH, "C:\\Go\\bin", "the key added last is the one meant");
    assert.equal(cleanEnv(windowsEnv, win).PATH, windowsEnv.Path);
    assert.equal(clean.USERPROFILE, "C:\\Users\\gopher", "other keys keep their spelling");
  });

  void it("Windows: PATH entries split on `;` and compare case-insensitively", () => {
    const win = platformFor("win32");
    const env = win.normaliseEnv(windowsEnv);
    assert.equal(pathEntries(env, win).length, 5);
    assert.ok(isOnPath("c:\\program files\\go\\BIN\\", env, win));
    assert.ok(!isOnPath("C:\\Program Files\\Go", env, win));
    assert.ok(!isOnPath("/c/program files/go/bin", env, platformFor("linux")));
  });

  void it("Windows: a lookup finds go.exe and go.com only, in absolute entries, once per file whatever its case", async () => {
    const { platform } = simulatedPlatform("win32", {
      files: [
        "C:\\Program Files\\Go\\bin\\go.exe",
        "C:\\Program Files\\Go\\bin\\go.bat",
        "C:\\Users\\gopher\\go\\bin\\go.com",
        "C:\\Tools\\Quoted\\go.exe",
      ],
    });
    const env = { ...windowsEnv, Path: `${windowsEnv.Path};c:\\program files\\go\\bin` };
    const hits = (await lookupOnPath("go", env, platform)).map((h) => h.path);
    assert.deepEqual(hits, [
      "C:\\Program Files\\Go\\bin\\go.exe",
      "C:\\Tools\\Quoted\\go.exe",
      "C:\\Users\\gopher\\go\\bin\\go.com",
    ]);
    assert.equal(platform.executable("dlv"), "dlv.exe");
    assert.equal(platform.executable("gopls.exe"), "gopls.exe");
    assert.deepEqual(platform.executableNames("go"), ["go.exe", "go.com"]);
  });

  void it("home is USERPROFILE on Windows and HOME elsewhere", () => {
    assert.equal(platformFor("win32").home(windowsEnv), "C:\\Users\\gopher");
    assert.equal(platformFor("linux").home(windowsEnv), undefined);
    assert.equal(platformFor("darwin").home({ HOME: "/Users/gopher" }), "/Users/gopher");
  });

  void it("macOS compares directories case-folded, as its default file system does; Linux does not", () => {
    assert.ok(platformFor("darwin").sameDir("/Users/Gopher/go/bin/", "/users/gopher/go/bin"));
    assert.ok(!platformFor("linux").sameDir("/home/Gopher", "/home/gopher"));
  });

  void it("the tree kill: taskkill /T /F on Windows; the process group, then the process, elsewhere", () => {
    const win = simulatedPlatform("win32");
    win.platform.killTree(4242);
    assert.deepEqual(win.spawned, [["taskkill", "/T", "/F", "/PID", "4242"]]);
    assert.deepEqual(win.signals, []);
    const mac = simulatedPlatform("darwin", { alive: [77] });
    mac.platform.killTree(77);
    assert.deepEqual(mac.signals, [
      [-77, "SIGKILL"],
      [77, "SIGKILL"],
    ]);
  });

  void it("the process lister: `ps -axo` on macOS (commands with spaces), /proc on Linux, none on Windows", async () => {
    const ps =
      "  1     0     1 /sbin/launchd\n 501   1   501 /Applications/Visual Studio Code.app/Contents/MacOS/Electron\n 777 501   777 gopls\n";
    const calls: string[][] = [];
    const run: RunProcess = (argv) => {
      calls.push(argv);
      return Promise.resolve({
        argv,
        exitCode: 0,
        signal: null,
        stdout: ps,
        stderr: "",
        timedOut: false,
        cancelled: false,
        truncated: false,
        durationMs: 3,
      });
    };
    const listed = await simulatedPlatform("darwin").platform.listProcesses(run);
    assert.deepEqual(calls, [["ps", "-axo", "pid=,ppid=,pgid=,comm="]]);
    assert.deepEqual(listed?.[1], {
      pid: 501,
      ppid: 1,
      pgid: 501,
      comm: "/Applications/Visual Studio Code.app/Contents/MacOS/Electron",
    });
    assert.deepEqual(parsePsOutput("garbage\n\n 12 1 12 zsh\r\n"), [{ pid: 12, ppid: 1, pgid: 12, comm: "zsh" }]);

    const linux = simulatedPlatform("linux", {
      dirs: { "/proc": ["self", "4000", "4001"] },
      texts: {
        "/proc/4000/stat": "4000 (go pls) S 1 4000 4000 0 -1",
        "/proc/4001/stat": "4001 (dlv) S 4000 4000 4000 0",
      },
    });
    assert.deepEqual(
      (await linux.platform.listProcesses(run))?.map((p) => [p.pid, p.ppid, p.comm]),
      [
        [4000, 1, "go pls"],
        [4001, 4000, "dlv"],
      ],
    );
    assert.equal(await simulatedPlatform("win32").platform.listProcesses(run), null);
    assert.ok(
      ((await hostPlatform().listProcesses(run)) ?? []).some((p) => p.pid === process.pid),
      "the real /proc",
    );
  });
});
