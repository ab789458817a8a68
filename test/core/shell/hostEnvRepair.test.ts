import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { diagnose } from "../../../src/core/diagnosis/diagnose";
import { platformFor } from "../../../src/core/base/platform";
import { MASK } from "../../../src/core/base/redact";
import { finding } from "../../../src/core/model/findings";
import {
  applyHostRepair,
  cacheableEnv,
  describeHostChange,
  editorEnvFindings,
  goAsExtensionsFindIt,
  hostEnvCacheFile,
  planHostRepair,
  readHostEnvCache,
  REPAIR_SETTING,
  RESTART_EXTENSION_HOST,
  writeHostEnvCache,
  type HostRepairOutcome,
} from "../../../src/core/shell/hostEnvRepair";
import { blindStart, loginDiagnosis } from "../../support/blindStart";
import { goBinary, removeDir, tempDir } from "../../support/fixtures";

const linux = platformFor("linux");
const win = platformFor("win32");

describe("planHostRepair", () => {
  it("puts the login shell's PATH entries first and keeps the editor's after them, each once", () => {
    const changes = planHostRepair(
      { PATH: "/editor/bin:/usr/bin", HOME: "/h" },
      { PATH: "/sdk/go/bin:/h/go/bin:/usr/bin", GOBIN: "/h/go/bin" },
      linux,
    );
    assert.deepEqual(changes, [
      { name: "PATH", before: "/editor/bin:/usr/bin", after: "/sdk/go/bin:/h/go/bin:/usr/bin:/editor/bin" },
      { name: "GOBIN", before: undefined, after: "/h/go/bin" },
    ]);
  });

  it("removes nothing: a variable the login shell leaves unset keeps the editor's value", () => {
    assert.deepEqual(planHostRepair({ PATH: "/a", GOFLAGS: "-mod=mod" }, { PATH: "/a" }, linux), []);
  });

  it("sets only PATH and Go variables, never VS Code's own or anything else the shell exports", () => {
    const changes = planHostRepair(
      { PATH: "/a" },
      { PATH: "/a", VSCODE_IPC_HOOK: "/x", ELECTRON_RUN_AS_NODE: "1", GITHUB_TOKEN: "t", GOPROXY: "off", EDITOR: "vi" },
      linux,
    );
    assert.deepEqual(
      changes.map((c) => c.name),
      ["GOPROXY"],
    );
  });

  it("is idempotent: once applied, nothing is left to change", () => {
    const env: NodeJS.ProcessEnv = { PATH: "/editor/bin", GOROOT: "/old" };
    const login = { PATH: "/sdk/go/bin:/usr/bin", GOROOT: "/sdk/go" };
    applyHostRepair(env, planHostRepair(env, login, linux));
    assert.deepEqual(env, { PATH: "/sdk/go/bin:/usr/bin:/editor/bin", GOROOT: "/sdk/go" });
    assert.deepEqual(planHostRepair(env, login, linux), []);
  });

  it("on Windows reads Path whatever its case and compares directories case-folded", () => {
    const changes = planHostRepair(
      { Path: "C:\\Windows\\system32;C:\\Program Files\\Go\\bin" },
      { PATH: "c:\\program files\\go\\bin;C:\\Users\\u\\go\\bin" },
      win,
    );
    assert.deepEqual(changes, [
      {
        name: "PATH",
        before: "C:\\Windows\\system32;C:\\Program Files\\Go\\bin",
        after: "c:\\program files\\go\\bin;C:\\Users\\u\\go\\bin;C:\\Windows\\system32",
      },
    ]);
  });
});

describe("describeHostChange", () => {
  it("shows what PATH gains, directory values, and only the names of the other variables", () => {
    const path = describeHostChange({ name: "PATH", before: "/a", after: "/sdk/bin:/a" }, {}, linux);
    assert.match(path, /PATH: \+ \/sdk\/bin \(from the login shell, first\); the editor's 1 entries kept/);
    assert.equal(
      describeHostChange({ name: "GOBIN", before: undefined, after: "/h/go/bin" }),
      "GOBIN: unset → /h/go/bin",
    );
    const proxy = describeHostChange({ name: "GOPROXY", before: undefined, after: "https://u:s3cret@proxy.example" });
    assert.equal(proxy, "GOPROXY: set as the login shell sets it");
  });

  it("masks credentials in what it does show", () => {
    const line = describeHostChange(
      { name: "GOPATH", before: undefined, after: "/home/u/tok-abcdef123" },
      { API_TOKEN: "tok-abcdef123" },
    );
    assert.ok(line.includes(MASK) && !line.includes("tok-abcdef123"), line);
  });
});

describe("goAsExtensionsFindIt", () => {
  it("finds go through GOROOT/bin before PATH, and on PATH otherwise", () => {
    const root = path.dirname(path.dirname(goBinary));
    assert.equal(goAsExtensionsFindIt({ GOROOT: root, PATH: "" }, linux), goBinary);
    assert.equal(goAsExtensionsFindIt({ PATH: path.dirname(goBinary) }, linux), goBinary);
  });
});

describe("the cache of the last capture", () => {
  it("lives per user outside any workspace, on each platform", () => {
    assert.equal(hostEnvCacheFile({ HOME: "/home/u" }, linux), "/home/u/.local/state/go-doctor/host-env.json");
    assert.equal(
      hostEnvCacheFile({ HOME: "/home/u", XDG_STATE_HOME: "/state" }, linux),
      "/state/go-doctor/host-env.json",
    );
    // A relative XDG_STATE_HOME is invalid by the XDG spec: the default is used.
    assert.equal(
      hostEnvCacheFile({ HOME: "/home/u", XDG_STATE_HOME: "state" }, linux),
      "/home/u/.local/state/go-doctor/host-env.json",
    );
    assert.equal(
      hostEnvCacheFile({ HOME: "/Users/u" }, platformFor("darwin")),
      "/Users/u/Library/Application Support/go-doctor/host-env.json",
    );
    assert.equal(
      hostEnvCacheFile({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, win),
      "C:\\Users\\u\\AppData\\Local\\go-doctor\\host-env.json",
    );
    assert.equal(hostEnvCacheFile({}, linux), undefined);
  });

  it("keeps only PATH and the Go variables", () => {
    assert.deepEqual(cacheableEnv({ PATH: "/a", GOBIN: "/b", GITHUB_TOKEN: "t", HOME: "/h", GOFLAGS: "" }, linux), {
      PATH: "/a",
      GOBIN: "/b",
    });
  });

  it("is written readable by the user only, read back, and rewritten in place", () => {
    const dir = tempDir("gd-hostenv-");
    try {
      const file = path.join(dir, "state", "go-doctor", "host-env.json");
      writeHostEnvCache(file, { PATH: "/a" }, new Date("2026-12-07T00:00:00Z"));
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
      assert.deepEqual(readHostEnvCache(file), {
        ok: true,
        cache: { version: 1, savedAt: "2026-12-07T00:00:00.000Z", env: { PATH: "/a" } },
      });
      writeHostEnvCache(file, { PATH: "/b" });
      const again = readHostEnvCache(file);
      assert.ok(again.ok && again.cache.env.PATH === "/b");
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ["host-env.json"], "no temporary file left");
    } finally {
      removeDir(dir);
    }
  });

  it("is refused, never applied, when others may write it, when it is a symlink or not what Go Doctor wrote", () => {
    const dir = tempDir("gd-hostenv-");
    try {
      const file = path.join(dir, "host-env.json");
      assert.deepEqual(readHostEnvCache(file), { ok: false, reason: "no cache yet" });
      writeHostEnvCache(file, { PATH: "/a" });
      fs.chmodSync(file, 0o666);
      assert.match(refusal(file), /may be written by other users/);
      fs.chmodSync(file, 0o600);
      const link = path.join(dir, "link.json");
      fs.symlinkSync(file, link);
      assert.match(refusal(link), /not a regular file/);
      fs.writeFileSync(file, "{ not json");
      assert.match(refusal(file), /not valid JSON/);
      fs.writeFileSync(file, JSON.stringify({ version: 2, env: {} }));
      assert.match(refusal(file), /unknown format/);
      fs.writeFileSync(file, JSON.stringify({ version: 1, savedAt: "x", env: { PATH: 3 } }));
      assert.match(refusal(file), /unknown format/);
    } finally {
      removeDir(dir);
    }
  });
});

function refusal(file: string): string {
  const r = readHostEnvCache(file);
  assert.equal(r.ok, false);
  return r.ok ? "" : r.reason;
}

describe("editorEnvFindings", () => {
  const drift = [finding("GD003", "The editor's PATH lacks go.", { severity: "error" })];

  it("with the repair off keeps the drift and offers the repair as its first fix", () => {
    const [f] = editorEnvFindings(drift, { state: "off" });
    assert.equal(f?.severity, "error");
    assert.deepEqual(f?.fixes?.[0], {
      kind: "setting",
      title: "Repair the extension host's environment from the login shell",
      key: REPAIR_SETTING,
      value: true,
      scope: "user",
    });
  });

  it("repaired: information only, with what changed; a warning with the restart while the Go extension lags", () => {
    const repaired: HostRepairOutcome = { state: "repaired", lines: ["PATH: + /sdk/bin"], restartNeeded: false };
    const [info] = editorEnvFindings(drift, repaired);
    assert.equal(info?.severity, "info");
    assert.deepEqual(info?.fixes, []);
    assert.ok(info?.details?.includes("PATH: + /sdk/bin"));
    const [warn] = editorEnvFindings(drift, { ...repaired, restartNeeded: true });
    assert.equal(warn?.severity, "warning");
    assert.equal(warn?.fixes?.[0]?.title, RESTART_EXTENSION_HOST);
  });

  it("unchanged or without a repair, the drift is what it was", () => {
    assert.deepEqual(editorEnvFindings(drift, { state: "unchanged" }), drift);
    assert.deepEqual(editorEnvFindings(drift, undefined), drift);
  });
});

describe("diagnose with the editor's repair", () => {
  it("a blind start repaired from a real login shell: the editor row says what changed and GD003 is information", async () => {
    const s = blindStart();
    try {
      const host: NodeJS.ProcessEnv = { ...s.processEnv };
      const report = await diagnose({
        ...loginDiagnosis(s),
        processEnv: host,
        repairHost: (login) => {
          const changes = planHostRepair(host, login.env);
          applyHostRepair(host, changes);
          return {
            state: "repaired",
            lines: changes.map((c) => describeHostChange(c, login.env)),
            restartNeeded: false,
          };
        },
      });
      const row = report.checks.find((c) => c.id === "editorEnv");
      assert.equal(row?.status, "info");
      assert.match(row?.summary ?? "", /^repaired from the login shell: PATH, GOPATH/);
      assert.deepEqual(
        report.findings.filter((f) => f.code === "GD003").map((f) => f.severity),
        ["info"],
      );
      assert.equal(host.PATH?.split(":")[0], path.dirname(goBinary), "the login PATH comes first");
      assert.ok(host.PATH?.split(":").includes(s.processEnv.PATH ?? "?"), "the editor's entry is kept");
      assert.equal(report.gates.debug.open, true);
    } finally {
      s.cleanup();
    }
  });
});
