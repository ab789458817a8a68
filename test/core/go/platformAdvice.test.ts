// Fix texts per platform (GD014's Windows text is in goInstallDirs.test.ts): on Windows PATH is changed in the user environment
// (the dialog or PowerShell, never a shell profile) and every VS Code window
// must close; on macOS the installer's /etc/paths.d and ⌘Q; Linux keeps its
// shell-profile lines.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkVariables } from "../../../src/core/checks/goVariables";
import { locateGo } from "../../../src/core/go/goLocator";
import type { Finding } from "../../../src/core/model/findings";
import { goAnswers, simulatedPlatform, WINDOWS_EDITOR_ENV } from "../../support/simulatedPlatform";

function fixText(f: Finding | undefined): string {
  const fix = f?.fixes?.[0];
  assert.ok(fix?.kind === "manual", `a manual fix on ${f?.code ?? "no finding"}`);
  return `${fix.title}\n${fix.detail}`;
}

void describe("fix texts per platform", () => {
  void it("Windows GD010: the MSI or winget, then quit every VS Code window", async () => {
    const { platform } = simulatedPlatform("win32");
    const r = await locateGo({ env: WINDOWS_EDITOR_ENV, settings: {}, run: goAnswers({}), platform });
    const text = fixText(r.findings.find((f) => f.code === "GD010"));
    assert.match(text, /MSI from https:\/\/go\.dev\/dl\//);
    assert.match(text, /winget install GoLang\.Go/);
    assert.match(text, /quit every VS Code window/);
    assert.doesNotMatch(text, /export PATH|~\/\.profile/);
  });

  void it("Windows GD051: GOPATH\\bin (from USERPROFILE's go) onto the user Path", async () => {
    const { platform } = simulatedPlatform("win32");
    const r = await checkVariables({
      env: { ...WINDOWS_EDITOR_ENV, PATH: "C:\\Windows\\system32" },
      goEnv: { GOPATH: "C:\\Users\\gopher\\go", GOBIN: "", GOPROXY: "https://proxy.golang.org,direct" },
      goBinary: "C:\\Program Files\\Go\\bin\\go.exe",
      network: false,
      platform,
    });
    const text = fixText(r.findings.find((f) => f.code === "GD051"));
    assert.match(text, /^Add GOPATH\/bin to your user Path/);
    assert.match(text, /New → C:\\Users\\gopher\\go\\bin → OK/);
  });

  void it("macOS GD010: the .pkg's /etc/paths.d or Homebrew, then ⌘Q; Linux keeps the shell profile line", async () => {
    const mac = await locateGo({
      env: { HOME: "/Users/gopher", PATH: "/usr/bin:/bin" },
      settings: {},
      run: goAnswers({}),
      platform: simulatedPlatform("darwin").platform,
    });
    const text = fixText(mac.findings.find((f) => f.code === "GD010"));
    assert.match(text, /\/etc\/paths\.d\/go/);
    assert.match(text, /brew install go/);
    assert.match(text, /⌘Q/);
    const linux = await locateGo({
      env: { HOME: "/home/gopher", PATH: "/usr/bin:/bin" },
      settings: {},
      run: goAnswers({}),
      platform: simulatedPlatform("linux").platform,
    });
    assert.match(fixText(linux.findings.find((f) => f.code === "GD010")), /~\/\.profile/);
  });

  void it("WSL with Go on Windows only: GD010 says to install it inside WSL; elsewhere the plain GD010", async () => {
    const goExe = "/mnt/c/Program Files/Go/bin/go.exe";
    const { platform } = simulatedPlatform("linux", { files: [goExe] });
    const env = { HOME: "/home/gopher", PATH: "/usr/bin:/bin:/mnt/c/Program Files/Go/bin:/mnt/c/Windows" };
    const wsl = await locateGo({
      env: { ...env, WSL_DISTRO_NAME: "Ubuntu" },
      settings: {},
      run: goAnswers({}),
      platform,
    });
    const gd010 = wsl.findings.find((f) => f.code === "GD010");
    assert.match(
      gd010?.message ?? "",
      /^Go is installed on Windows only \(\/mnt\/c\/Program Files\/Go\/bin\/go\.exe\): install it inside WSL/,
    );
    assert.match(fixText(gd010), /^Install Go inside WSL/);
    const plain = await locateGo({ env, settings: {}, run: goAnswers({}), platform });
    assert.match(plain.findings.find((f) => f.code === "GD010")?.message ?? "", /^No go command was found/);
  });
});
