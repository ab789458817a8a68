// A hand-made report, validated by the published schema, for the renderers' tests:
// a blocked debug gate, a warning with a settings fix, tool candidates and env drift.

import { reportSchema, SCHEMA_VERSION, type Report } from "../../src/core/model/report";

type Check = Report["checks"][number];

function check(
  id: string,
  title: string,
  startMs: number,
  durationMs: number,
  status: Check["status"],
  findings: Report["findings"] = [],
): Check {
  return { id, title, status, summary: `${title} summary`, startMs, durationMs, findings, evidence: [] };
}

/** `strings` replaces the free text that comes from tools and files, e.g. with markup. */
export function sampleReport(strings: { message?: string; path?: string; detail?: string } = {}): Report {
  const dlvMissing: Report["findings"][number] = {
    code: "GD020",
    severity: "error",
    message: strings.message ?? "Delve (dlv) was not found in GOBIN, GOPATH/bin or on PATH.",
    details: [strings.detail ?? "looked in /home/dev/go/bin"],
    fixes: [
      { kind: "run", title: "Install Delve", argv: ["go", "install", "github.com/go-delve/delve/cmd/dlv@latest"] },
    ],
    check: "dlv",
  };
  const offPath: Report["findings"][number] = {
    code: "GD051",
    severity: "warning",
    message: "GOPATH/bin (/home/dev/go/bin) is not on PATH.",
    fixes: [
      {
        kind: "setting",
        title: "Add it to the tools' PATH",
        key: "go.toolsEnvVars",
        value: { PATH: "/home/dev/go/bin:/usr/bin" },
        scope: "user",
      },
      {
        kind: "manual",
        title: "Add it to your shell profile",
        detail: 'Add export PATH="$PATH:$HOME/go/bin" to ~/.profile',
      },
    ],
    location: { file: "/home/dev/.profile", line: 3 },
    check: "variables",
  };
  const goTool = {
    path: strings.path ?? "/usr/local/go/bin/go",
    version: "1.26.8",
    builtWith: null,
    reason: "first on PATH",
    candidates: [
      {
        path: strings.path ?? "/usr/local/go/bin/go",
        source: "PATH",
        version: "1.26.8",
        builtWith: null,
        onPath: true,
        probeError: null,
      },
      {
        path: "/usr/lib/go/bin/go",
        source: "/usr/lib/go/bin",
        version: null,
        builtWith: null,
        onPath: false,
        probeError: "go version timed out after 5000 ms",
      },
    ],
  };
  const gopls = {
    path: "/home/dev/go/bin/gopls",
    version: "0.23.0",
    builtWith: "1.26.8",
    reason: "GOPATH[0]/bin",
    candidates: [
      {
        path: "/home/dev/go/bin/gopls",
        source: "GOPATH[0]/bin",
        version: "0.23.0",
        builtWith: "1.26.8",
        onPath: false,
        probeError: null,
      },
    ],
  };
  return reportSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    goDoctorVersion: "0.1.0",
    generatedAt: "2026-11-25T18:00:00.000Z",
    folder: "/home/dev/project",
    sample: false,
    env: {
      source: "login-shell",
      shell: "/bin/bash",
      durationMs: 420,
      drift: { PATH: { process: "/usr/bin:/bin", login: "/usr/local/go/bin:/usr/bin:/bin" } },
    },
    tools: {
      go: goTool,
      dlv: { path: null, version: null, builtWith: null, reason: "not found", candidates: [] },
      gopls,
    },
    go: {
      activeVersion: "1.26.8",
      localVersion: "1.26.8",
      env: {
        GOROOT: "/usr/local/go",
        GOPATH: "/home/dev/go",
        GOPROXY: "https://proxy.golang.org,direct",
        GOMOD: "/home/dev/project/go.mod",
      },
    },
    checks: [
      check("shell", "Login shell environment", 0, 420, "ok"),
      check("go", "Go toolchain", 420, 60, "ok"),
      check("dlv", "Delve debugger", 480, 130, "error", [dlvMissing]),
      check("gopls", "gopls language server", 480, 220, "ok"),
      check("modules", "Modules and workspace", 481, 519, "skipped"),
      check("variables", "Go environment variables", 481, 12, "warning", [offPath]),
      check("compat", "Delve and gopls compatibility", 1000, 3, "ok"),
    ],
    findings: [dlvMissing, offPath],
    gates: {
      language: { open: true, reason: "gopls 0.23.0 verified", codes: [] },
      debug: { open: false, reason: "blocked by GD020", codes: ["GD020"] },
    },
    timings: { shell: 420, go: 60, dlv: 130, gopls: 220, modules: 519, variables: 12, compat: 3, total: 1003 },
    summary: { errors: 1, warnings: 1, infos: 0 },
  });
}
