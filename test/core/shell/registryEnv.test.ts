// Windows' stale environment (GD003): Go installed after VS Code started is on
// the registry's Path but not on the editor's. Fixture `reg query` output
// (CRLF, REG_SZ and REG_EXPAND_SZ) on a simulated Windows.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunProcess } from "../../../src/core/base/process";
import { diagnose } from "../../../src/core/diagnosis/diagnose";
import {
  expandWindowsVars,
  parseRegQuery,
  registryPath,
  staleWindowsEnvironment,
} from "../../../src/core/shell/registryEnv";
import { removeDir, tempDir, writeModule } from "../../support/fixtures";
import { simulatedPlatform, WINDOWS_EDITOR_ENV } from "../../support/simulatedPlatform";

const MACHINE =
  "\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment\r\n    Path    REG_EXPAND_SZ    %SystemRoot%\\system32;%SystemRoot%;C:\\Program Files\\Go\\bin\r\n\r\n";
const USER =
  "\r\nHKEY_CURRENT_USER\\Environment\r\n    Path    REG_EXPAND_SZ    %USERPROFILE%\\go\\bin;%NOSUCH%\\bin;\r\n\r\n";

/** `reg query` answering from fixtures; `fail` makes it exit 1 as it does for a missing value. */
function reg(fail = false): RunProcess {
  return (argv) => {
    const key = argv[2] ?? "";
    const stdout = fail ? "" : key.startsWith("HKLM") ? MACHINE : key.startsWith("HKCU") ? USER : "";
    return Promise.resolve({
      argv,
      exitCode: argv[0] === "reg" && stdout ? 0 : 1,
      signal: null,
      stdout,
      stderr: stdout ? "" : "ERROR: The system was unable to find the specified registry key or value.\r\n",
      timedOut: false,
      cancelled: false,
      truncated: false,
      durationMs: 2,
    });
  };
}

void describe("the registry's environment on Windows (GD003)", () => {
  const goExe = "C:\\Program Files\\Go\\bin\\go.exe";

  void it("reads REG_SZ and REG_EXPAND_SZ values from CRLF output and expands %VARS% case-insensitively", async () => {
    assert.deepEqual(parseRegQuery(USER), [
      { name: "Path", type: "REG_EXPAND_SZ", value: "%USERPROFILE%\\go\\bin;%NOSUCH%\\bin;" },
    ]);
    assert.deepEqual(parseRegQuery("    GOPATH    REG_SZ    D:\\go\r\n    Empty    REG_SZ\r\n"), [
      { name: "GOPATH", type: "REG_SZ", value: "D:\\go" },
      { name: "Empty", type: "REG_SZ", value: "" },
    ]);
    const { platform } = simulatedPlatform("win32");
    assert.equal(
      expandWindowsVars("%userprofile%\\x;%NOSUCH%", WINDOWS_EDITOR_ENV, platform),
      "C:\\Users\\gopher\\x;%NOSUCH%",
    );
    assert.equal(
      await registryPath(reg(), WINDOWS_EDITOR_ENV, platform),
      "C:\\Windows\\system32;C:\\Windows;C:\\Program Files\\Go\\bin;C:\\Users\\gopher\\go\\bin;%NOSUCH%\\bin;",
    );
  });

  void it("Go installed after the editor started: GD003 names the directory and says to quit every window", async () => {
    const { platform } = simulatedPlatform("win32", { files: [goExe] });
    const found = await staleWindowsEnvironment(reg(), WINDOWS_EDITOR_ENV, platform);
    assert.equal(found?.length, 1);
    assert.equal(found[0]?.code, "GD003");
    assert.match(found[0]?.message ?? "", /C:\\Program Files\\Go\\bin/);
    assert.equal(found[0]?.fixes?.[0]?.title, "Quit every VS Code window and start it again");
    // Started after the install: nothing to say. A registry that cannot be read: cannot tell.
    const fresh = { ...WINDOWS_EDITOR_ENV, Path: `${WINDOWS_EDITOR_ENV.Path};c:\\program files\\go\\bin` };
    assert.deepEqual(await staleWindowsEnvironment(reg(), fresh, platform), []);
    assert.equal(await staleWindowsEnvironment(reg(true), WINDOWS_EDITOR_ENV, platform), null);
  });

  void it("in the diagnosis: the editor environment row reports it, unverified, and no gate closes", async () => {
    const root = tempDir("gd-registry-");
    try {
      const report = await diagnose({
        folder: writeModule(root),
        processEnv: { ...WINDOWS_EDITOR_ENV },
        settings: {},
        shell: { enabled: false, timeoutMs: 1_000 },
        run: reg(),
        platform: simulatedPlatform("win32", { files: [goExe] }).platform,
      });
      const row = report.checks.find((c) => c.id === "editorEnv");
      assert.equal(row?.summary, "behind the registry's Path");
      const gd003 = row?.findings.find((f) => f.code === "GD003");
      assert.equal(gd003?.severity, "warning");
      assert.ok(gd003?.unverified);
      assert.ok(report.gates.debug.open && report.gates.language.open);
    } finally {
      removeDir(root);
    }
  });
});
