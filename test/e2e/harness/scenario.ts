// The world a scenario's editor starts in: a temporary HOME whose login shell
// profile is what the scenario needs, a PATH directory of symlinks with no Go
// in it, a Go module with a launch configuration, and a report file the
// extension writes after every diagnosis (GO_DOCTOR_REPORT_FILE).

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { reportSchema, type Report } from "../../../src/core/model/report";
import {
  goBinary,
  goRoot,
  minimalPathDir,
  realDlv,
  realGopls,
  removeDir,
  tempDir,
  toolsGopath,
  writeFile,
  writeModule,
} from "../../support/fixtures";
import { poll } from "./workbench";

/** Shared with scripts/setup-test-env.sh, so that `go install dlv@v1.27.2` and debug builds only link. */
export const sharedModCache = path.join(toolsGopath, "pkg", "mod");
export const sharedGoCache = execFileSync(goBinary, ["env", "GOCACHE"], { encoding: "utf8" }).trim();
/** The module cache's download directory is itself a module proxy: `dlv@latest` there is the pinned v1.27.2. */
export const pinnedToolsProxy = `file://${path.join(sharedModCache, "cache", "download")}`;
export const goBinDir = path.join(goRoot, "bin");

/** The line of the default main.go (test/support/fixtures.ts writeModule) that prints the local `greeting`. */
export const BREAKPOINT_LINE = 7;

export class Scenario {
  readonly root: string;
  readonly home: string;
  readonly workspace: string;
  readonly pathDir: string;
  readonly reportFile: string;

  constructor(readonly name: string) {
    this.root = tempDir(`gd-e2e-${name}-`);
    this.home = path.join(this.root, "home");
    this.workspace = path.join(this.root, "hello");
    fs.mkdirSync(this.home, { recursive: true });
    this.pathDir = minimalPathDir(this.root);
    for (const tool of ["node", "ps", "cp", "chmod", "touch"]) {
      const target = ["/usr/bin", "/bin"].map((d) => path.join(d, tool)).find((p) => fs.existsSync(p));
      const link = path.join(this.pathDir, tool);
      if (target && !fs.existsSync(link)) fs.symlinkSync(target, link);
    }
    this.reportFile = path.join(this.root, "go-doctor-report.json");
  }

  /**
   * Writes the login profile: `.bashrc` exports the variables (in this order, so
   * later ones may use earlier ones), `.bash_profile` reads `.bashrc`, as on Debian.
   */
  writeProfile(vars: [string, string][], extraLines: string[] = []): void {
    const lines = ["# Written by the Go Doctor e2e test", ...vars.map(([k, v]) => `export ${k}="${v}"`), ...extraLines];
    writeFile(path.join(this.home, ".bashrc"), lines.join("\n") + "\n");
    writeFile(path.join(this.home, ".bash_profile"), '[ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"\n');
  }

  /** The usual Go set-up in a profile: Go and GOBIN (null: none) on PATH, shared caches. Extra variables come after. */
  standardGoVars(
    opts: { gobin?: string | null; pathExtra?: string[]; extra?: [string, string][]; goBin?: string } = {},
  ): [string, string][] {
    const gobin = opts.gobin === undefined ? path.join(this.home, "go", "bin") : opts.gobin;
    return [
      ...(gobin ? [["GOBIN", gobin] as [string, string]] : []),
      ["PATH", [opts.goBin ?? goBinDir, ...(gobin ? [gobin] : []), ...(opts.pathExtra ?? []), "$PATH"].join(":")],
      ["GOMODCACHE", sharedModCache],
      ["GOCACHE", sharedGoCache],
      ["GOFLAGS", "-modcacherw"],
      ["GOTOOLCHAIN", "local"],
      ...(opts.extra ?? []),
    ];
  }

  /** A main module with a launch configuration of `type: go` for the whole package. */
  writeWorkspace(opts: Parameters<typeof writeModule>[1] = {}): string {
    writeModule(this.workspace, opts);
    writeFile(
      path.join(this.workspace, ".vscode", "launch.json"),
      JSON.stringify(
        {
          version: "0.2.0",
          configurations: [
            { name: "Launch hello", type: "go", request: "launch", mode: "debug", program: "${workspaceFolder}" },
          ],
        },
        null,
        2,
      ) + "\n",
    );
    return this.workspace;
  }

  /**
   * The usual set-up: real gopls (and real dlv unless `dlv: false`) in GOBIN, the
   * standard profile with `extra` variables and `lines` after it, the module with
   * its launch.json. Returns GOBIN.
   */
  setUp(opts: { dlv?: boolean; extra?: [string, string][]; lines?: string[] } = {}): string {
    const gobin = path.join(this.home, "go", "bin");
    if (opts.dlv ?? true) this.installTool(realDlv, gobin);
    this.installTool(realGopls, gobin);
    this.writeProfile(this.standardGoVars({ gobin, extra: opts.extra }), opts.lines);
    this.writeWorkspace();
    return gobin;
  }

  /**
   * Go installed where only the login profile finds it, as with an SDK in the home directory: the
   * editor's mount namespace (CodeServerOptions.binds) shows the system Go at `~/sdk/<name>` for each
   * name given, and an empty directory in its system place, where the Go extension would look by default.
   * Returns the binds and each name's bin directory.
   */
  goOnlyInHome(names: string[]): { binds: [string, string][]; bins: string[] } {
    const empty = path.join(this.root, "empty");
    fs.mkdirSync(empty, { recursive: true });
    const homes = names.map((n) => path.join(this.home, "sdk", n));
    for (const h of homes) fs.mkdirSync(h, { recursive: true });
    return {
      binds: [...homes.map((h): [string, string] => [goRoot, h]), [empty, goRoot]],
      bins: homes.map((h) => path.join(h, "bin")),
    };
  }

  /** Writes the module's go.sum from a file:// proxy without leaving the modules in any cache the test uses. */
  writeGoSum(moduleDir: string, proxy: string): void {
    const scratch = path.join(this.root, "scratch-modcache");
    execFileSync(path.join(goBinDir, "go"), ["mod", "download", "all"], {
      cwd: moduleDir,
      env: {
        HOME: this.home,
        PATH: `${goBinDir}:/usr/bin:/bin`,
        GOMODCACHE: scratch,
        GOPROXY: proxy,
        GOSUMDB: "off",
        GOFLAGS: "-modcacherw",
        GOTOOLCHAIN: "local",
      },
      stdio: "pipe",
    });
    fs.rmSync(scratch, { recursive: true, force: true });
    if (!fs.existsSync(path.join(moduleDir, "go.sum")))
      throw new Error(`go mod download wrote no go.sum in ${moduleDir}`);
  }

  /** Puts a copy of a tool binary at `dir/name` (a copy, as `go install` leaves one). */
  installTool(source: string, dir: string, name = path.basename(source)): string {
    fs.mkdirSync(dir, { recursive: true });
    const dest = path.join(dir, name);
    fs.copyFileSync(source, dest);
    fs.chmodSync(dest, 0o755);
    return dest;
  }

  /** The editor's environment: blind (VS Code skips its own shell resolution) and told where to write the report. */
  editorEnv(extra: Record<string, string> = {}): Record<string, string> {
    return { VSCODE_CLI: "1", GO_DOCTOR_REPORT_FILE: this.reportFile, ...extra };
  }

  /** The last report the extension wrote, or undefined when there is none yet (or it is being written). */
  report(): Report | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.reportFile, "utf8");
    } catch {
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined;
    }
    const parsed = reportSchema.safeParse(json);
    if (!parsed.success)
      throw new Error(`${this.reportFile} does not match the report schema: ${parsed.error.message}`);
    return parsed.data;
  }

  remove(): void {
    removeDir(this.root);
  }
}

export function findingCodes(report: Report): string[] {
  return report.findings.map((f) => f.code);
}

/** Polls the report file until a report passes `accept`; on a timeout says what the last one held. */
export async function waitReport(
  scenario: Scenario,
  what: string,
  accept: (r: Report) => boolean,
  timeoutMs: number,
): Promise<Report> {
  return poll(
    `a Go Doctor report with ${what}`,
    timeoutMs,
    async () => {
      const r = scenario.report();
      return r && accept(r) ? r : undefined;
    },
    async () => {
      const r = scenario.report();
      return r ? `findings ${JSON.stringify(findingCodes(r))}, gates ${JSON.stringify(r.gates)}` : "no report written";
    },
  );
}
