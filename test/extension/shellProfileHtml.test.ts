import assert from "node:assert/strict";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { profileLoginShell } from "../../src/core/shell/profiler";
import { profileBars, slowShellFinding } from "../../src/core/shell/slowShell";
import { renderReportHtml } from "../../src/extension/reportHtml";
import { shellProfileSvg } from "../../src/extension/shellProfileHtml";
import { removeDir, tempDir } from "../support/fixtures";
import { sampleReport } from "../support/sampleReport";
import { shellPath, writeRc } from "../support/shellHome";

const root = tempDir("gd-profile-html-");
after(() => removeDir(root));

describe("the login shell start-up picture", () => {
  it("draws a bar per rc file and per costly line from a real zsh profile", async () => {
    const home = path.join(root, "home");
    writeRc(home, {
      ".zshrc": "export A=1\nsource ~/.plugin.zsh\nexport B=2",
      ".plugin.zsh": "typeset -g X=1\nsleep 0.4",
    });
    const shell = shellPath("zsh");
    const run = await profileLoginShell({
      shell,
      processEnv: { HOME: home, PATH: "/usr/bin:/bin" },
      enabled: true,
      timeoutMs: 10_000,
    });
    const finding = slowShellFinding(run, { durationMs: 1500, timedOut: false, thresholdMs: 1000 }, home);
    const bars = profileBars(finding.details);
    assert.deepEqual(
      bars
        .filter((b) => b.kind === "line")
        .map((b) => b.label)
        .slice(0, 2),
      ["~/.zshrc:2  source ~/.plugin.zsh", "~/.plugin.zsh:2  sleep 0.4"],
    );
    assert.ok(
      bars.some((b) => b.kind === "file" && b.label === "~/.plugin.zsh" && b.ms >= 400),
      JSON.stringify(bars),
    );

    const report = sampleReport();
    report.findings.push({ ...finding, check: "shell" });
    const svg = shellProfileSvg(report, "dark");
    assert.ok(svg);
    assert.match(svg, /▸ ~\/\.plugin\.zsh:2  sleep 0\.4/);
    assert.match(svg, />~\/\.plugin\.zsh</);
    const html = renderReportHtml(report, { nonce: "bm9uY2U", theme: "light" });
    assert.match(html, /<h2>Login shell start-up \(GD004\)<\/h2>/);
  });

  it("is left out when there is no GD004", () => {
    const report = sampleReport();
    assert.equal(shellProfileSvg(report, "light"), undefined);
    assert.doesNotMatch(renderReportHtml(report, { nonce: "bm9uY2U", theme: "light" }), /Login shell start-up/);
  });

  it("reads whole-file timings (dash, tcsh) as file bars", () => {
    assert.deepEqual(profileBars(["~/.profile  0.31 s  (whole file)", "total 0.35 s (file timing)"]), [
      { kind: "file", label: "~/.profile", ms: 310 },
    ]);
  });
});
