// Locating go, dlv and gopls on a simulated Windows and macOS: go.exe in the
// Windows install locations (Program Files, ~/sdk, scoop), /etc/paths on
// macOS, dlv.exe under GOPATH\bin. The go answering `version` is a stand-in:
// nothing here can run a Windows binary.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { goInstallDirs, sdkDirs } from "../../../src/core/go/goInstallDirs";
import { locateGo } from "../../../src/core/go/goLocator";
import { locateTool } from "../../../src/core/tools/toolLocator";
import { goAnswers, simulatedPlatform, WINDOWS_EDITOR_ENV } from "../../support/simulatedPlatform";

const windowsEnv = WINDOWS_EDITOR_ENV;

void describe("go, dlv and gopls on simulated Windows and macOS", () => {
  void it("Windows: go.exe in %ProgramFiles%\\Go\\bin is found with `Path` lacking it, and GD014 says so", async () => {
    const goExe = "C:\\Program Files\\Go\\bin\\go.exe";
    const { platform } = simulatedPlatform("win32", { files: [goExe] });
    const r = await locateGo({
      env: windowsEnv,
      settings: {},
      run: goAnswers({ [goExe]: "1.26.8" }),
      editorPath: windowsEnv.Path,
      platform,
    });
    assert.equal(r.tool.path, goExe);
    assert.equal(r.tool.version, "1.26.8");
    assert.equal(r.tool.candidates[0]?.source, "well-known");
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["GD014"],
    );
    // The fix is the user Path (the dialog or PowerShell, not setx %PATH%) and quitting every window.
    const fix = r.findings[0]?.fixes?.[0];
    assert.ok(fix?.kind === "manual");
    assert.equal(fix.title, "Add C:\\Program Files\\Go\\bin to your user Path");
    assert.match(fix.detail, /Edit environment variables for your account/);
    assert.match(fix.detail, /SetEnvironmentVariable\("Path", .*";C:\\Program Files\\Go\\bin", "User"\)/);
    assert.match(fix.detail, /Reload Window or a new window is not enough/);
  });

  void it("Windows: the go.exe on `Path` wins and is on PATH, whatever the case of the entry", async () => {
    const goExe = "C:\\Program Files\\Go\\bin\\go.exe";
    const { platform } = simulatedPlatform("win32", { files: [goExe] });
    const env = { ...windowsEnv, Path: `${windowsEnv.Path};c:\\program files\\go\\bin` };
    const r = await locateGo({ env, settings: {}, run: goAnswers({}), platform, wellKnownDirs: [] });
    // Not answering here: found through Path, and not a second time as a well-known copy.
    assert.deepEqual(
      r.tool.candidates.map((c) => [c.path, c.source, c.onPath]),
      [["c:\\program files\\go\\bin\\go.exe", "PATH", true]],
    );
  });

  void it("Windows: the install locations, in order, from the environment, and ~/sdk newest first", () => {
    const { platform } = simulatedPlatform("win32", {
      dirs: { "C:\\Users\\gopher\\sdk": ["go1.25.3", "go1.26.8", "notgo"] },
    });
    assert.deepEqual(goInstallDirs(platform, { ...windowsEnv, ChocolateyInstall: "C:\\ProgramData\\chocolatey" }), [
      "C:\\Program Files\\Go\\bin",
      "C:\\Go\\bin",
      "C:\\Users\\gopher\\go\\bin",
      "C:\\Users\\gopher\\scoop\\shims",
      "C:\\Users\\gopher\\scoop\\apps\\go\\current\\bin",
      "C:\\ProgramData\\chocolatey\\bin",
    ]);
    assert.deepEqual(sdkDirs(platform, windowsEnv), [
      "C:\\Users\\gopher\\sdk\\go1.26.8\\bin",
      "C:\\Users\\gopher\\sdk\\go1.25.3\\bin",
    ]);
  });

  void it("Windows: a go.exe only under scoop is found", async () => {
    const goExe = "C:\\Users\\gopher\\scoop\\apps\\go\\current\\bin\\go.exe";
    const { platform } = simulatedPlatform("win32", { files: [goExe] });
    const r = await locateGo({ env: windowsEnv, settings: {}, run: goAnswers({ [goExe]: "1.26.8" }), platform });
    assert.equal(r.tool.path, goExe);
  });

  void it("macOS: /etc/paths and /etc/paths.d are searched after the usual places", async () => {
    const goBin = "/usr/local/custom-go/bin/go";
    const { platform } = simulatedPlatform("darwin", {
      files: [goBin],
      texts: { "/etc/paths": "/usr/local/bin\n/usr/bin\n/bin\n", "/etc/paths.d/go": "/usr/local/custom-go/bin\n" },
      dirs: { "/etc/paths.d": ["go"] },
    });
    const dirs = goInstallDirs(platform, { HOME: "/Users/gopher" });
    assert.deepEqual(dirs.slice(0, 2), ["/opt/homebrew/bin", "/usr/local/go/bin"]);
    assert.ok(dirs.includes("/usr/local/custom-go/bin"));
    assert.equal(dirs.filter((d) => d === "/usr/local/bin").length, 1, "no duplicates");
    const r = await locateGo({
      env: { HOME: "/Users/gopher", PATH: "/usr/bin:/bin" },
      settings: {},
      run: goAnswers({ [goBin]: "1.26.8" }),
      platform,
    });
    assert.equal(r.tool.path, goBin);
  });

  void it("Windows: dlv.exe is looked for under GOPATH\\bin (from USERPROFILE) and on `Path`", async () => {
    const inGopath = "C:\\Users\\gopher\\go\\bin\\dlv.exe";
    const onPath = "C:\\Tools\\dlv.exe";
    const { platform } = simulatedPlatform("win32", { files: [inGopath, onPath] });
    const r = await locateTool("dlv", {
      env: { ...windowsEnv, Path: `${windowsEnv.Path};C:\\Tools` },
      goEnv: null,
      goBinary: null,
      settings: {},
      run: goAnswers({}),
      platform,
    });
    assert.deepEqual(
      r.tool.candidates.map((c) => [c.path, c.source]),
      [
        [inGopath, "GOPATH/bin"],
        [onPath, "PATH"],
      ],
    );
  });
});
