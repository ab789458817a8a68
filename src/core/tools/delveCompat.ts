// Whether the located dlv and gopls can serve the Go version this workspace
// builds with: Delve's supported-Go window (GD023), tools built with an older
// Go than the active toolchain (GD024), and gopls releases older than the
// first one that supports the active Go (GD032).
//
// GD024 covers both tools: Delve built with an older Go still starts but may
// misread newer binaries, and gopls type-checks with the go/types of the Go it
// was built with, which refuses newer code: "package requires newer Go version
// go1.N (application built with go1.M)" (go/types check.go). GD032 is only the
// gopls release table below, kept to entries its release notes state.

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as path from "node:path";
import semverCoerce from "semver/functions/coerce";
import semverGt from "semver/functions/gt";
import semverGte from "semver/functions/gte";
import semverSatisfies from "semver/functions/satisfies";
import semverValid from "semver/functions/valid";
import semverMinVersion from "semver/ranges/min-version";
import type { Finding, FixAction } from "../model/findings";
import type { ToolInfo } from "../model/facts";
import { compareGo, goMinor, goSemver } from "../go/versionText";

export const DELVE_PACKAGE = "github.com/go-delve/delve/cmd/dlv";
export const GOPLS_PACKAGE = "golang.org/x/tools/gopls";

interface DelveRow {
  /** Delve versions of the row, as a semver range. */
  delve: string;
  /** Release line to pin with `go install …@v1.N` (Go's module query picks its newest patch). */
  line: string;
  min: string;
  max: string;
}

/** FAULTS.md's table, newest first. Each row's Delve range is contiguous with the next. */
export const DELVE_WINDOWS: readonly DelveRow[] = [
  { delve: ">=1.27.0 <1.28.0", line: "v1.27", min: "1.25", max: "1.27" },
  { delve: ">=1.26.0 <1.27.0", line: "v1.26", min: "1.24", max: "1.26" },
  { delve: ">=1.25.1 <1.26.0", line: "v1.25", min: "1.22", max: "1.25" },
  { delve: ">=1.24.0 <1.25.1", line: "v1.24", min: "1.21", max: "1.24" },
  { delve: ">=1.23.0 <1.24.0", line: "v1.23", min: "1.21", max: "1.23" },
  { delve: ">=1.22.0 <1.23.0", line: "v1.22", min: "1.19", max: "1.22" },
  { delve: ">=1.21.1 <1.22.0", line: "v1.21", min: "1.19", max: "1.21" },
  { delve: ">=1.21.0 <1.21.1", line: "v1.21.0", min: "1.18", max: "1.21" },
  { delve: ">=1.20.0 <1.21.0", line: "v1.20", min: "1.18", max: "1.20" },
  { delve: ">=1.9.1 <1.20.0", line: "v1.9", min: "1.17", max: "1.19" },
  { delve: ">=1.9.0 <1.9.1", line: "v1.9.0", min: "1.16", max: "1.19" },
  { delve: ">=1.8.0 <1.9.0", line: "v1.8", min: "1.16", max: "1.18" },
];

/** The first release newer than the table knows; worked out on first use, as semver's ranges are costly to build at start-up. */
let newestKnown: string | undefined;
const NEWEST_KNOWN = (): string => (newestKnown ??= semverMinVersion(DELVE_WINDOWS[0].delve)!.version);

export interface DelveSupport {
  supported: boolean;
  window?: { min: string; max: string };
  /** false when the window is assumed (a Delve newer or older than the table) or a version is unreadable. */
  known: boolean;
}

/**
 * The Go minor as Delve's check sees it. Delve orders a development build of 1.N
 * ("devel go1.N-…", our "1.N.0-devel") before 1.N's first beta, so it passes and
 * fails exactly like 1.(N-1) (pkg/goversion: versionedDevel < betaRev(0)).
 */
function delveMinor(goVersion: string): string | undefined {
  const minor = goMinor(goVersion);
  if (minor === undefined || !goSemver(goVersion)?.endsWith("-0.devel")) return minor;
  const [major, n] = minor.split(".").map(Number);
  return n > 0 ? `${major}.${n - 1}` : minor;
}

/**
 * Whether Delve `delveVersion` ("1.27.2") can debug programs built by Go `goVersion` ("1.26.8").
 * Delve compares the minor only (a development build counts as the minor before it).
 * A Delve 1.N newer than the table is assumed to support
 * Go 1.(N-2)–1.N, the pattern of its recent releases (known: false). One older than the table
 * supports nothing after Go 1.17: for newer Go that is a known "no", without a window.
 * Unreadable versions are reported as supported and unknown.
 */
export function delveSupports(delveVersion: string, goVersion: string): DelveSupport {
  const dlv = semverCoerce(delveVersion, { includePrerelease: false });
  const minor = delveMinor(goVersion);
  if (!dlv || minor === undefined) return { supported: true, known: false };
  const inWindow = (min: string, max: string): boolean => compareGo(minor, min) >= 0 && compareGo(minor, max) <= 0;
  const row = DELVE_WINDOWS.find((r) => semverSatisfies(dlv, r.delve));
  if (row) return { supported: inWindow(row.min, row.max), window: { min: row.min, max: row.max }, known: true };
  if (semverGt(dlv, NEWEST_KNOWN())) {
    const window = { min: `1.${Math.max(0, dlv.minor - 2)}`, max: `1.${dlv.minor}` };
    return { supported: inWindow(window.min, window.max), window, known: false };
  }
  // Older than the table: its maximum is at most Go 1.17, so only a "no" is certain.
  const supported = compareGo(minor, "1.17") <= 0;
  return { supported, known: !supported };
}

/**
 * What to put after `@` in `go install github.com/go-delve/delve/cmd/dlv@…` for Go `goVersion`:
 * "latest" when the newest Delve supports it (or it is newer than the table knows),
 * else the newest release line whose window includes it ("v1.20").
 */
export function delveInstallQuery(goVersion: string | null | undefined): string {
  const minor = goVersion ? goMinor(goVersion) : undefined;
  if (minor === undefined) return "latest";
  const newest = DELVE_WINDOWS[0];
  if (compareGo(minor, newest.min) >= 0) return "latest";
  const row = DELVE_WINDOWS.find((r) => compareGo(minor, r.min) >= 0 && compareGo(minor, r.max) <= 0);
  return row?.line ?? "latest";
}

/**
 * The first gopls release that supports a Go minor, per gopls' own release notes:
 * v0.16.0 "is the first version of gopls to support Go 1.23"; v0.23.0 exists "to ensure
 * that users of the Go 1.27 release candidate enjoy full support". A Go minor between
 * entries needs at least the entry below it. Older minors are not checked.
 */
export const GOPLS_MINIMUM: readonly { go: string; gopls: string }[] = [
  { go: "1.27", gopls: "0.23.0" },
  { go: "1.23", gopls: "0.16.0" },
];

/** The minimum gopls for a Go version, or undefined when the table says nothing. */
export function goplsMinimumFor(goVersion: string): string | undefined {
  const minor = goMinor(goVersion);
  if (minor === undefined) return undefined;
  return GOPLS_MINIMUM.find((e) => compareGo(minor, e.go) >= 0)?.gopls;
}

/**
 * The last gopls that supports an old Go without warnings, from gopls's own policy table
 * (gopls/internal/util/goversion: Supported): Go 1.X at or below `go` → `gopls`.
 */
const GOPLS_FOR_OLD_GO: readonly { go: string; gopls: string }[] = [
  { go: "1.12", gopls: "v0.7.5" },
  { go: "1.15", gopls: "v0.9.5" },
  { go: "1.17", gopls: "v0.11.0" },
  { go: "1.18", gopls: "v0.14.2" },
  { go: "1.20", gopls: "v0.15.3" },
];

/** What to put after `@` in `go install golang.org/x/tools/gopls@…` for Go `goVersion`. */
export function goplsInstallQuery(goVersion: string | null | undefined): string {
  const minor = goVersion ? goMinor(goVersion) : undefined;
  if (minor === undefined) return "latest";
  return GOPLS_FOR_OLD_GO.find((e) => compareGo(minor, e.go) <= 0)?.gopls ?? "latest";
}

export interface CompatInput {
  dlv: ToolInfo;
  gopls: ToolInfo;
  /** The Go version builds in this folder use (after any toolchain switch). */
  goVersion: string | null;
  /** The go command for fixes; "go" (looked up on the captured PATH) when absent. */
  goBinary?: string | null;
}

/** GOBIN for a reinstall that replaces `file` in place, when its directory is writable. */
function replaceInPlace(file: string): Record<string, string> | undefined {
  const dir = path.dirname(file);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return { GOBIN: dir };
  } catch {
    return undefined;
  }
}

function installFix(goCmd: string, pkg: string, query: string, file: string, title: string): FixAction {
  const env = replaceInPlace(file);
  return env
    ? { kind: "run", title, argv: [goCmd, "install", `${pkg}@${query}`], env }
    : { kind: "run", title, argv: [goCmd, "install", `${pkg}@${query}`] };
}

function delveFindings(dlv: ToolInfo, goVersion: string, goCmd: string): Finding[] {
  if (!dlv.path || !dlv.version) return [];
  const support = delveSupports(dlv.version, goVersion);
  const minor = goMinor(goVersion) ?? goVersion;
  const window = support.window ? `Go ${support.window.min}–${support.window.max}` : "no Go after 1.17";
  if (!support.known) {
    if (!support.window) return [];
    return [
      finding(
        "GD023",
        `Delve ${dlv.version} is newer than Go Doctor's compatibility table; assuming it supports ${window}, as each recent Delve release supports its own Go release and the two before it.`,
        {
          severity: "info",
          details: [
            `dlv: ${dlv.path}`,
            `target Go: ${goVersion}${support.supported ? "" : ", outside that assumed window"}`,
          ],
        },
      ),
    ];
  }
  if (support.supported) return [];
  const query = delveInstallQuery(goVersion);
  const tooNew = !support.window || compareGo(delveMinor(goVersion) ?? minor, support.window.max) > 0;
  // Delve's own wording (pkg/goversion), checked against a real dlv in the tests.
  const devel = goSemver(goVersion)?.endsWith("-0.devel") ? `devel go${goMinor(goVersion)}` : undefined;
  const named = devel ?? `go${goVersion}`;
  const delveSays = tooNew
    ? `Version of Delve is too old for Go version ${named} (maximum supported version ${support.window?.max ?? "1.17"}, suppress this error with --check-go-version=false)`
    : `Go version ${named} is too old for this version of Delve (minimum supported version ${support.window?.min}, suppress this error with --check-go-version=false)`;
  return [
    finding(
      "GD023",
      `Delve ${dlv.version} at ${dlv.path} supports ${window}, but this workspace builds with Go ${goVersion}: every debug launch will fail.`,
      {
        details: [
          `Delve will say: "${delveSays}"`,
          `Installing ${query === "latest" ? "the latest Delve" : `Delve ${query}${query.split(".").length === 2 ? ".x" : ""}`} with this Go fixes it.`,
        ],
        fixes: [installFix(goCmd, DELVE_PACKAGE, query, dlv.path, `Install Delve ${query} for Go ${minor}`)],
      },
    ),
  ];
}

function builtWithFinding(tool: ToolInfo, pkg: string, goVersion: string, goCmd: string): Finding[] {
  if (!tool.path || !tool.builtWith) return [];
  const builtMinor = goMinor(tool.builtWith);
  const activeMinor = goMinor(goVersion);
  if (builtMinor === undefined || activeMinor === undefined || compareGo(builtMinor, activeMinor) >= 0) return [];
  const moduleVersion = tool.candidates.find((c) => c.path === tool.path)?.moduleVersion;
  const query = moduleVersion && semverValid(moduleVersion) ? moduleVersion : "latest";
  const consequence =
    tool.name === "gopls"
      ? `gopls type-checks with the go/types of the Go it was built with, so a module that says go ${activeMinor} fails with "package requires newer Go version go${activeMinor} (application built with go${builtMinor})".`
      : `Delve built with an older Go may misread binaries from a newer one.`;
  return [
    finding(
      "GD024",
      `${tool.name} at ${tool.path} was built with Go ${tool.builtWith}, older than the active Go ${goVersion}. ${consequence}`,
      { fixes: [installFix(goCmd, pkg, query, tool.path, `Rebuild ${tool.name} ${query} with Go ${goVersion}`)] },
    ),
  ];
}

function goplsVersionFinding(gopls: ToolInfo, goVersion: string, goCmd: string): Finding[] {
  if (!gopls.path || !gopls.version) return [];
  const minimum = goplsMinimumFor(goVersion);
  const have = semverValid(gopls.version);
  if (!minimum || !have || semverGte(have, minimum)) return [];
  return [
    finding(
      "GD032",
      `gopls ${gopls.version} at ${gopls.path} predates support for Go ${goMinor(goVersion)}; gopls ${minimum} is the first release that supports it.`,
      {
        details: ["Newer language features and standard library additions show as errors or are missed."],
        fixes: [
          installFix(
            goCmd,
            GOPLS_PACKAGE,
            "latest",
            gopls.path,
            `Install the latest gopls for Go ${goMinor(goVersion)}`,
          ),
        ],
      },
    ),
  ];
}

export function checkCompat(input: CompatInput): Finding[] {
  const { dlv, gopls, goVersion } = input;
  if (!goVersion) return [];
  const goCmd = input.goBinary ?? "go";
  return [
    ...delveFindings(dlv, goVersion, goCmd),
    ...builtWithFinding(dlv, DELVE_PACKAGE, goVersion, goCmd),
    ...builtWithFinding(gopls, GOPLS_PACKAGE, goVersion, goCmd),
    ...goplsVersionFinding(gopls, goVersion, goCmd),
  ];
}
