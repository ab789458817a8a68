// The platform seam, with Windows and macOS simulated on Linux: environment
// keys, PATH lookups of go.exe, home, tree kill and the process lister.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanEnv, isOnPath, lookupOnPath, pathEntries } from "../../../src/core/base/envPath";
import { hostPlatform, platformFor } from "../../../src/core/base/platform";
import { parsePsOutput, parseWin32Processes, pidsWithEnviron, PS_COLUMNS } from "../../../src/core/base/processList";
import { fixtureRunner, simulatedPlatform, WINDOWS_EDITOR_ENV } from "../../support/simulatedPlatform";

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

  void it("the process lister: `ps -axww` on macOS (commands with spaces), /proc on Linux, PowerShell on Windows", async () => {
    const ps = [
      "  1     0     1 Ss   12-03:04:05 /sbin/launchd",
      " 501   1   501 Ss      02:00:00 /Applications/Visual Studio Code.app/Contents/MacOS/Electron",
      " 777 501   501 S+         01:05 gopls",
      " 778 777   778 Z          00:03 (gopls)",
    ].join("\n");
    const { run, calls } = fixtureRunner((argv) => (argv[0] === "ps" ? ps : undefined));
    const listed = await simulatedPlatform("darwin").platform.listProcesses(run);
    assert.deepEqual(calls, [["ps", "-axww", "-o", PS_COLUMNS]]);
    assert.deepEqual(listed?.[1], {
      pid: 501,
      ppid: 1,
      pgid: 501,
      comm: "/Applications/Visual Studio Code.app/Contents/MacOS/Electron",
      ageSeconds: 7200,
      zombie: false,
      sessionGroup: true,
    });
    assert.deepEqual(
      listed?.map((p) => [p.pid, p.ageSeconds, p.zombie, p.sessionGroup]),
      [
        [1, 1_047_845, false, true],
        [501, 7200, false, true],
        [777, 65, false, true],
        [778, 3, true, false],
      ],
      "777 runs in the group of 501, which leads its session",
    );
    assert.deepEqual(parsePsOutput("garbage\n\n 12 1 12 S 0:07 zsh\r\n"), [
      { pid: 12, ppid: 1, pgid: 12, comm: "zsh", zombie: false, ageSeconds: 7, sessionGroup: false },
    ]);

    const linux = simulatedPlatform("linux", {
      dirs: { "/proc": ["self", "4000", "4001"] },
      texts: {
        "/proc/4000/stat": "4000 (go pls) S 1 4000 4000 0 -1",
        "/proc/4001/stat": "4001 (dlv) Z 4000 4000 3999 0",
      },
    });
    assert.deepEqual(
      (await linux.platform.listProcesses(run))?.map((p) => [p.pid, p.ppid, p.comm, p.zombie, p.sessionGroup]),
      [
        [4000, 1, "go pls", false, true],
        [4001, 4000, "dlv", true, false],
      ],
    );
    assert.ok(
      ((await hostPlatform().listProcesses(run)) ?? []).some((p) => p.pid === process.pid),
      "the real /proc",
    );

    const json = '{"ProcessId":4,"ParentProcessId":0,"Name":"System","Started":1765000000000}';
    const win = fixtureRunner((argv) => (argv[0] === "powershell.exe" ? json : undefined));
    const system = await simulatedPlatform("win32").platform.listProcesses(win.run);
    assert.deepEqual(
      system?.map((p) => [p.pid, p.ppid, p.pgid, p.comm]),
      [[4, 0, 4, "System"]],
    );
    assert.equal(win.calls[0]?.[0], "powershell.exe");
    assert.match(win.calls[0]?.at(-1) ?? "", /^Get-CimInstance Win32_Process .*ConvertTo-Json/);
  });

  void it("Windows: PowerShell's JSON, an array or a single object, ages from the creation time; anything else is null", () => {
    const now = 1_765_000_100_000;
    assert.deepEqual(
      parseWin32Processes(
        '[{"ProcessId":0,"ParentProcessId":0,"Name":"System Idle Process","Started":null},' +
          '{"ProcessId":4242,"ParentProcessId":4100,"Name":"gopls.exe","Started":1765000000000}]',
        now,
      ),
      [
        { pid: 0, ppid: 0, pgid: 0, comm: "System Idle Process" },
        { pid: 4242, ppid: 4100, pgid: 4242, comm: "gopls.exe", ageSeconds: 100 },
      ],
    );
    assert.deepEqual(parseWin32Processes('{"ProcessId":4,"ParentProcessId":0,"Name":"System"}', now), [
      { pid: 4, ppid: 0, pgid: 4, comm: "System" },
    ]);
    assert.equal(parseWin32Processes("Get-CimInstance : Access denied\r\n", now), null);
    assert.equal(parseWin32Processes('[{"ProcessId":"4"}]', now), null);
  });

  void it("processes by an environment entry: /proc/<pid>/environ, `ps -E` on macOS; Windows cannot tell", async () => {
    const entry = "GO_DOCTOR_CAPTURE_ID=abc123";
    const stat = (pid: number): string => `${pid} (sleep) S 1 ${pid} 1 0`;
    const linux = simulatedPlatform("linux", {
      dirs: { "/proc": ["10", "11", "12"] },
      texts: {
        "/proc/10/stat": stat(10),
        "/proc/10/environ": `HOME=/h\0${entry}\0`,
        "/proc/11/stat": stat(11),
        "/proc/11/environ": `${entry}9\0`,
        "/proc/12/stat": stat(12),
      },
    });
    const none = fixtureRunner(() => undefined);
    assert.deepEqual(
      (await linux.platform.listProcesses(none.run, { environ: entry }))?.map((p) => p.pid),
      [10],
      "11 holds another token; 12's environ is unreadable",
    );

    const listing = " 20  1 20 Ss 00:05 /bin/sleep\n 21 20 21 S 00:04 /bin/sleep\n 22 1 22 S 00:01 /bin/sleep\n";
    const environments = [
      ` 20 sleep 30 HOME=/Users/g ${entry}`,
      ` 21 sleep 30 ${entry} TERM=xterm`,
      ` 22 sleep 30 X=${entry} Y=1`,
    ].join("\n");
    const mac = fixtureRunner((argv) => (argv[1] === "-axwwE" ? environments : argv[0] === "ps" ? listing : undefined));
    assert.deepEqual(
      (await simulatedPlatform("darwin").platform.listProcesses(mac.run, { environ: entry }))?.map((p) => [
        p.pid,
        p.sessionGroup,
      ]),
      [
        [20, true],
        [21, false],
      ],
      "22 holds it only inside another variable's value",
    );
    assert.deepEqual(
      mac.calls.map((c) => c.slice(0, 2)),
      [
        ["ps", "-axww"],
        ["ps", "-axwwE"],
      ],
    );
    assert.deepEqual(pidsWithEnviron(environments, entry), new Set([20, 21]));

    const win = fixtureRunner(() => "[]");
    assert.equal(await simulatedPlatform("win32").platform.listProcesses(win.run, { environ: entry }), null);
    assert.deepEqual(win.calls, [], "no PowerShell started for nothing");
  });
});
