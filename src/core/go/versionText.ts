// Parsers for the version text printed by go, dlv and gopls, and Go version
// arithmetic. Every function takes untrusted text and returns undefined (or a
// neutral order) on garbage; none of them throws.

import semverCompare from "semver/functions/compare";
import semverParse from "semver/functions/parse";
import * as z from "../base/zod";

/** Longest text any parser looks at; tool output beyond it is not a version. */
const MAX_TEXT = 1 << 20;

// A Go release name without the "go" prefix: 1.N, 1.N.P, 1.NrcR, 1.NbetaB (also 1.N.PrcR, seen in old releases).
const GO_RELEASE = /^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?(?:(rc|beta|alpha)(\d{1,4}))?$/;

/**
 * Go version → semver: "1.26" → "1.26.0", "1.26.8" → "1.26.8", "1.22rc1" → "1.22.0-rc.1",
 * "1.21beta2" → "1.21.0-beta.2". A development build, "1.27.0-devel" as
 * {@link parseGoVersionOutput} spells it, becomes "1.27.0-0.devel" so that it sorts
 * before that minor's alphas, betas and release candidates (numeric pre-release
 * identifiers sort first in semver). A leading "go" is accepted. Anything else → undefined.
 */
export function goSemver(goVersion: string): string | undefined {
  if (typeof goVersion !== "string" || goVersion.length > 64) return undefined;
  const v = goVersion.startsWith("go") ? goVersion.slice(2) : goVersion;
  const devel = /^(\d{1,4})\.(\d{1,4})\.(\d{1,4})-devel$/.exec(v);
  if (devel) return `${Number(devel[1])}.${Number(devel[2])}.${Number(devel[3])}-0.devel`;
  const m = GO_RELEASE.exec(v);
  if (!m) return undefined;
  const [, major, minor, patch, pre, preNum] = m;
  const core = `${Number(major)}.${Number(minor)}.${Number(patch ?? "0")}`;
  return pre ? `${core}-${pre}.${Number(preNum)}` : core;
}

/** "1.26.8" → "1.26", "1.22rc1" → "1.22"; undefined when not a Go version. */
export function goMinor(goVersion: string): string | undefined {
  const s = goSemver(goVersion);
  if (s === undefined) return undefined;
  const parsed = semverParse(s);
  return parsed ? `${parsed.major}.${parsed.minor}` : undefined;
}

/**
 * Orders Go versions as semver does ("1.22rc1" < "1.22" = "1.22.0" < "1.22.1").
 * Unparsable versions sort before every valid one and equal to each other.
 */
export function compareGo(a: string, b: string): number {
  const sa = goSemver(a);
  const sb = goSemver(b);
  if (sa === undefined || sb === undefined) return (sa === undefined ? 0 : 1) - (sb === undefined ? 0 : 1);
  return semverCompare(sa, sb);
}

/** Strips "go" and validates: "go1.26.8" → "1.26.8"; "devel go1.27-abc…" → "1.27.0-devel". */
function goVersionToken(words: string[]): string | undefined {
  const [first, second] = words;
  if (first === "devel") {
    // "devel go1.27-abcdef Tue Jan 2 …": a development toolchain for the next release.
    // It becomes "<minor>.0-devel", which sorts before that minor's betas and rcs.
    const m = second === undefined ? null : /^go(\d{1,4})\.(\d{1,4})(?:-\S*)?$/.exec(second);
    return m ? `${Number(m[1])}.${Number(m[2])}.0-devel` : undefined;
  }
  if (first === undefined || !first.startsWith("go")) return undefined;
  // Since Go 1.25 a development build says "go1.26-devel_abcdef …".
  const newDevel = /^go(\d{1,4})\.(\d{1,4})-devel_\S*$/.exec(first);
  if (newDevel) return `${Number(newDevel[1])}.${Number(newDevel[2])}.0-devel`;
  const v = first.slice(2);
  return goSemver(v) === undefined ? undefined : v;
}

/**
 * `go version` → { version: "1.26.8", goos: "linux", goarch: "amd64" }.
 * Release candidates keep Go's spelling ("1.22rc1"); development builds
 * ("go version devel go1.24-abcdef … linux/amd64", and since Go 1.25
 * "go version go1.27-devel_abcdef … linux/amd64") give "1.27.0-devel".
 * Experiment tags ("X:nocoverageredesign") are skipped.
 */
export function parseGoVersionOutput(text: string): { version: string; goos?: string; goarch?: string } | undefined {
  if (typeof text !== "string") return undefined;
  for (const line of text.slice(0, MAX_TEXT).split("\n")) {
    const m = /^\s*go version (.*)$/.exec(line);
    if (!m) continue;
    const words = m[1].trim().split(/\s+/);
    const version = goVersionToken(words);
    if (version === undefined) return undefined;
    const platform = /^([a-z0-9]+)\/([a-z0-9]+)$/.exec(words[words.length - 1] ?? "");
    return platform ? { version, goos: platform[1], goarch: platform[2] } : { version };
  }
  return undefined;
}

export interface BuildInfo {
  /** The file name `go version -m` printed before the colon. */
  path?: string;
  /** Go version the binary was built with, as for {@link parseGoVersionOutput}: "1.26.8". */
  goVersion: string;
  /** From the `mod` line; version is e.g. "v1.27.2" or "(devel)". */
  mainModule?: { path: string; version: string };
  /** `build` lines: "-trimpath" → "true", "-ldflags" → "-s -w" (quotes removed), "GOOS" → "linux". */
  settings: Record<string, string>;
}

/** Output of `go version -m <binary>`; undefined when it is not build info (e.g. "not a Go executable"). */
export function parseBuildInfo(text: string): BuildInfo | undefined {
  if (typeof text !== "string") return undefined;
  const lines = text.slice(0, MAX_TEXT).split("\n");
  let info: BuildInfo | undefined;
  for (const line of lines) {
    if (info === undefined) {
      // "<file>: go1.26.8" — the file name itself may contain ": ".
      const head = /^(.*): ((?:go|devel )\S.*)$/.exec(line.trimEnd());
      if (!head) continue;
      const goVersion = goVersionToken(head[2].split(/\s+/));
      if (goVersion === undefined) continue;
      info = { path: head[1] || undefined, goVersion, settings: {} };
      continue;
    }
    if (!line.startsWith("\t")) break; // the next file's block, or trailing text
    const fields = line.slice(1).split("\t");
    const [kind, a, b] = fields;
    if (kind === "mod" && a && b && info.mainModule === undefined) {
      info.mainModule = { path: a, version: b };
    } else if (kind === "build" && a) {
      const eq = a.indexOf("=");
      if (eq <= 0) continue;
      let value = fields
        .slice(1)
        .join("\t")
        .slice(eq + 1);
      // go quotes values containing spaces: -ldflags="-s -w".
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
        try {
          const unquoted: unknown = JSON.parse(value);
          if (typeof unquoted === "string") value = unquoted;
        } catch {
          value = value.slice(1, -1);
        }
      }
      info.settings[a.slice(0, eq)] = value;
    }
  }
  return info;
}

const SEMVERISH = /^v?(\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,80})?(?:\+[0-9A-Za-z.-]{1,80})?)$/;

/**
 * `dlv version` → { version: "1.27.2", build: "360e7b21…" }. `build` is the commit
 * from "Build: $Id: <commit> $", or the raw text after "Build:" when it has another shape;
 * absent when Delve printed an empty "$Id$".
 */
export function parseDlvVersion(text: string): { version: string; build?: string } | undefined {
  if (typeof text !== "string") return undefined;
  const lines = text
    .slice(0, MAX_TEXT)
    .split("\n")
    .map((l) => l.trim());
  let version: string | undefined;
  let build: string | undefined;
  let sawBanner = false;
  for (const line of lines) {
    if (line === "Delve Debugger") sawBanner = true;
    const v = /^Version:\s*(\S+)$/.exec(line);
    if (v && version === undefined) {
      const m = SEMVERISH.exec(v[1]);
      if (m) version = m[1];
    }
    const b = /^Build:\s*(.*)$/.exec(line);
    if (b && build === undefined) {
      const raw = b[1].trim();
      const id = /^\$Id:\s*(\S*)\s*\$$/.exec(raw);
      build = id ? id[1] || undefined : raw.replace(/^\$Id\$$/, "") || undefined;
    }
  }
  if (!sawBanner || version === undefined) return undefined;
  return build === undefined ? { version } : { version, build };
}

const GoplsVersionJson = z.object({
  GoVersion: z.optional(z.string()),
  Version: z.optional(z.string()),
  Main: z.optional(z.object({ Path: z.optional(z.string()), Version: z.optional(z.string()) })),
});

/** "v0.23.0" → "0.23.0"; other non-empty words such as "(devel)" are kept as they are. */
function normaliseToolVersion(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  const m = SEMVERISH.exec(t);
  if (m) return m[1];
  return /^\(?[\w.+-]{1,80}\)?$/.test(t) ? t : undefined;
}

function stripGo(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return goVersionToken(v.trim().split(/\s+/));
}

/**
 * `gopls version -json` (preferred) or plain `gopls version`:
 * "golang.org/x/tools/gopls v0.23.0\n    golang.org/x/tools/gopls@v0.23.0 h1:…".
 * version is normalised without "v" ("0.23.0"); goVersion ("1.26.8") comes from
 * the JSON, or from a "go version go…"/"go: go…" line some plain outputs carry.
 */
export function parseGoplsVersion(text: string): { version: string; goVersion?: string } | undefined {
  if (typeof text !== "string") return undefined;
  const body = text.slice(0, MAX_TEXT);
  const trimmed = body.trim();
  if (trimmed.startsWith("{")) {
    const data = z.parseJsonAs(GoplsVersionJson, trimmed);
    if (data === undefined) return undefined;
    const version = normaliseToolVersion(data.Main?.Version ?? data.Version);
    if (version === undefined) return undefined;
    const goVersion = stripGo(data.GoVersion);
    return goVersion === undefined ? { version } : { version, goVersion };
  }
  let version: string | undefined;
  let goVersion: string | undefined;
  for (const line of body.split("\n")) {
    const main = /^\s*golang\.org\/x\/tools\/gopls\s+(\S+)\s*$/.exec(line);
    if (main && version === undefined) version = normaliseToolVersion(main[1]);
    const go = /^\s*(?:go version|go:|compiled with|built with)\s+(go\S+|devel\s+\S+)/.exec(line);
    if (go && goVersion === undefined) goVersion = stripGo(go[1]);
  }
  if (version === undefined) return undefined;
  return goVersion === undefined ? { version } : { version, goVersion };
}
