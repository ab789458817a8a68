import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { diagnose } from "../../src/core/diagnosis/diagnose";
import { FAULTS } from "../../src/core/model/faults";
import {
  faultDocBaseOf,
  MAX_EVIDENCE_OUTPUT,
  MAX_TIMELINE_ROWS,
  REPORT_COMMANDS,
  renderReportHtml,
  type ReportHtmlOptions,
} from "../../src/extension/reportHtml";
import { sampleReport } from "../support/sampleReport";
import { projectRoot } from "../support/fixtures";
import { blindStart } from "../support/blindStart";

const CHROMIUM = "/usr/bin/chromium";
const DOCS = "https://github.com/go-doctor/go-doctor/blob/HEAD/docs/faults.md";
const opts: ReportHtmlOptions = { nonce: "bm9uY2Utb25l", theme: "light", faultDocBase: DOCS };
const evil = {
  message: `<img src=x onerror="document.title='pwned'">dlv missing`,
  path: `/opt/"><script>document.title='pwned'</script>/go`,
  detail: `</pre><a href="javascript:alert(1)">click</a>`,
};

describe("renderReportHtml", () => {
  it("declares a policy that allows no script and only its own nonce'd style", () => {
    const html = renderReportHtml(sampleReport(), opts);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.ok(csp, "no CSP meta tag");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /style-src 'nonce-bm9uY2Utb25l'/);
    assert.doesNotMatch(html, /<script/i);
    assert.equal((html.match(/<style nonce="bm9uY2Utb25l">/g) ?? []).length, 1);
    assert.doesNotMatch(html, /\sstyle="/, "inline style attributes would be blocked by the policy");
  });

  it("escapes every piece of text that came from tools and files", () => {
    const html = renderReportHtml(sampleReport(evil), opts);
    assert.doesNotMatch(html, /<img|<script|javascript:alert[^<]*<\/a>|<a href="javascript/i);
    assert.ok(html.includes("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;dlv missing"));
    assert.ok(html.includes("/opt/&quot;&gt;&lt;script&gt;"));
  });

  it("links each finding's code to its section of the fault page and names the fault", () => {
    const html = renderReportHtml(sampleReport(), opts);
    assert.ok(html.includes(`<a class="code" href="${DOCS}#gd020"`));
    assert.ok(html.includes(`<a class="code" href="${DOCS}#gd051"`));
    assert.ok(html.includes(FAULTS.get("GD020")?.title ?? "?"));
    const noDocs = renderReportHtml(sampleReport(), { ...opts, faultDocBase: "javascript:alert(1)//" });
    assert.doesNotMatch(noDocs, /href="javascript/);
    assert.ok(noDocs.includes(`<span class="code">GD020</span>`));
  });

  it("finds the fault page from the manifest's repository, and only on GitHub over https", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as {
      repository?: unknown;
    };
    assert.match(
      faultDocBaseOf(manifest.repository) ?? "",
      /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/HEAD\/docs\/faults\.md$/,
    );
    assert.equal(faultDocBaseOf("git+https://github.com/a/b.git"), "https://github.com/a/b/blob/HEAD/docs/faults.md");
    assert.equal(
      faultDocBaseOf({ type: "git", url: "https://github.com/a/b" }),
      "https://github.com/a/b/blob/HEAD/docs/faults.md",
    );
    for (const bad of [
      undefined,
      42,
      { url: 1 },
      "http://github.com/a/b",
      "git@github.com:a/b.git",
      "https://evil.example/a/b",
      'https://github.com/a/b"onclick',
    ]) {
      assert.equal(faultDocBaseOf(bad), undefined, String(JSON.stringify(bad)));
    }
  });

  it("offers fixes as command links only to the commands the panel enables", () => {
    const html = renderReportHtml(sampleReport(), opts);
    const commands = [...html.matchAll(/href="command:([^"?]+)/g)].map((m) => m[1]);
    assert.ok(commands.includes("goDoctor.fixEnvironment"));
    for (const c of commands) assert.ok((REPORT_COMMANDS as readonly string[]).includes(c), c);
    // One Fix button per applicable fix (run, setting); the manual one is text.
    assert.equal((html.match(/class="button small" href="command:goDoctor.fixEnvironment"/g) ?? []).length, 2);
    assert.ok(html.includes("Add it to your shell profile"));
  });

  it("draws the editor's own start-up record when given, newest steps first kept", () => {
    const timeline = Array.from({ length: MAX_TIMELINE_ROWS + 20 }, (_, i) => ({
      label: `step ${i}`,
      startMs: i * 10,
      endMs: i * 10 + 5,
      status: "ok" as const,
    }));
    const html = renderReportHtml(sampleReport(), {
      ...opts,
      timeline,
      markers: [{ label: "debug gate open", atMs: 990, status: "ok" }],
    });
    assert.equal((html.match(/class="gd-row /g) ?? []).length, MAX_TIMELINE_ROWS);
    assert.ok(html.includes(`The last ${MAX_TIMELINE_ROWS} of ${MAX_TIMELINE_ROWS + 20} steps.`));
    assert.ok(html.includes(">step 99<") && !html.includes(">step 19<"));
    assert.equal((html.match(/class="gd-marker /g) ?? []).length, 1);
    assert.ok(html.includes("debug gate open · 990 ms"));
    // Without a record, the report's checks and its two gate markers are drawn.
    const own = renderReportHtml(sampleReport(), opts);
    assert.equal((own.match(/class="gd-row /g) ?? []).length, 7);
    assert.equal((own.match(/class="gd-marker /g) ?? []).length, 2);
  });

  it("lists the commands each check ran, with outcome and output, cutting long output", () => {
    const report = sampleReport();
    const dlv = report.checks.find((c) => c.id === "dlv")!;
    dlv.evidence = [
      {
        command: ["/home/dev/go/bin/dlv", "version"],
        exitCode: null,
        timedOut: true,
        durationMs: 5000,
        output: "<partial>",
      },
      {
        command: ["go", "version", "-m", "/home/dev/go/bin/dlv"],
        cwd: "/home/dev",
        exitCode: 0,
        durationMs: 12,
        output: "x".repeat(MAX_EVIDENCE_OUTPUT + 10),
      },
    ];
    const html = renderReportHtml(report, opts);
    assert.ok(
      html.includes(
        '<code>/home/dev/go/bin/dlv version</code> <span class="muted">timed out · 5000 ms</span><pre>&lt;partial&gt;</pre>',
      ),
    );
    assert.ok(html.includes("exit 0 · 12 ms · in /home/dev"));
    assert.ok(html.includes(`${"x".repeat(MAX_EVIDENCE_OUTPUT)}\n… (10 more characters in the saved report)</pre>`));
    assert.ok(!html.includes("x".repeat(MAX_EVIDENCE_OUTPUT + 1)));
    assert.ok(html.includes('Delve debugger <span class="muted">(2 commands)</span>'));
  });

  it("leaves Fix Environment out when nothing can be fixed automatically", () => {
    const report = sampleReport();
    for (const f of report.findings) f.fixes = [];
    assert.doesNotMatch(renderReportHtml(report, opts), /command:goDoctor.fixEnvironment/);
  });
});

describe("the report page in a real browser", () => {
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  before(async () => {
    // scripts/test.sh installs it, also with --unit (setup-code-server.sh --chromium-only).
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`chromium is not installed at ${CHROMIUM}: run scripts/setup-code-server.sh --chromium-only`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  after(async () => {
    await browser.close();
  });

  it("shows the state, both gates, every check and the tools a user asked about", async () => {
    await page.setContent(renderReportHtml(sampleReport(), opts));
    const text = await page.locator("body").innerText();
    assert.match(text, /Not ready: 1 error, 1 warning/);
    assert.match(text, /Language features \(gopls\) open — gopls 0\.23\.0 verified/);
    assert.match(text, /Debugging \(dlv\) blocked — blocked by GD020/);
    for (const title of [
      "Login shell environment",
      "Go toolchain",
      "Delve debugger",
      "gopls language server",
      "Modules and workspace",
      "Delve and gopls compatibility",
    ]) {
      assert.equal(await page.locator("table tr", { hasText: title }).count(), 1, title);
    }
    const dlvRow = page.locator("tr", { has: page.locator("td strong", { hasText: /^dlv$/ }) });
    assert.match(await dlvRow.innerText(), /not found/);
    const goplsRow = page.locator("tr", { has: page.locator("td strong", { hasText: /^gopls$/ }) });
    assert.match(await goplsRow.innerText(), /\/home\/dev\/go\/bin\/gopls\s+0\.23\.0\s+1\.26\.8/);
    // The timeline is drawn inline, one bar per check, with the gate markers.
    assert.equal(await page.locator("svg.gd-timeline .gd-row").count(), 7);
    assert.equal(await page.locator("svg.gd-timeline .gd-marker").count(), 2);
    const box = await page.locator("svg.gd-timeline").boundingBox();
    assert.ok(box && box.width > 300 && box.height > 100, JSON.stringify(box));
  });

  it("applies its nonce'd style under the policy", async () => {
    await page.setContent(renderReportHtml(sampleReport(), opts));
    const bg = await page.evaluate(`getComputedStyle(document.querySelector("a.button.primary")).backgroundColor`);
    assert.equal(bg, "rgb(9, 105, 218)");
  });

  it("shows markup from tools as text and runs nothing, even if an escape were missed", async () => {
    await page.setContent(renderReportHtml(sampleReport(evil), opts));
    assert.equal(await page.locator("img").count(), 0);
    assert.equal(await page.locator("script").count(), 0);
    assert.match(await page.locator("body").innerText(), /<img src=x onerror="document\.title='pwned'">dlv missing/);
    // A script smuggled past the escaping is still stopped by the policy.
    const smuggled = renderReportHtml(sampleReport(), opts).replace(
      "</body>",
      `<script>document.title='pwned'</script><img src="data:," onerror="document.title='pwned'"></body>`,
    );
    await page.setContent(smuggled);
    assert.equal(await page.title(), "Go Doctor Report");
    assert.deepEqual(dialogs, []);
  });

  it("shows a real diagnosis: dlv missing, its fix one click away, gopls working", async () => {
    const s = blindStart({ withDlv: false });
    try {
      const report = await diagnose({
        folder: s.module,
        processEnv: s.processEnv,
        settings: {},
        shell: { enabled: true, timeoutMs: 10_000 },
      });
      await page.setContent(renderReportHtml(report, opts));
      const text = await page.locator("body").innerText();
      assert.match(text, /Debugging \(dlv\) blocked — blocked by GD020/);
      assert.match(text, /Language features \(gopls\) open — gopls 0\.23\.0 verified/);
      const finding = page.locator("article.finding", { has: page.locator(`a[href="${DOCS}#gd020"]`) });
      assert.equal(await finding.count(), 1);
      assert.match(await finding.innerText(), /Install dlv/);
      assert.equal(await finding.locator('a[href="command:goDoctor.fixEnvironment"]').count(), 1);
      // A slow login shell (a loaded machine) adds the GD004 picture: the timeline is the start-up section's.
      const timeline = page.locator("section", { has: page.locator("h2", { hasText: "Start-up timeline" }) });
      assert.equal(await timeline.locator("svg.gd-timeline .gd-row").count(), report.checks.length);
      assert.match(
        await page.locator("tr", { has: page.locator("td strong", { hasText: /^gopls$/ }) }).innerText(),
        /0\.23\.0/,
      );
    } finally {
      s.cleanup();
    }
  });

  it("reads in a dark theme", async () => {
    await page.setContent(renderReportHtml(sampleReport(), { ...opts, theme: "dark" }));
    const fill = await page.locator("svg.gd-timeline .gd-row.gd-error rect.gd-bar").getAttribute("fill");
    assert.equal(fill, "#ef5350");
  });
});
