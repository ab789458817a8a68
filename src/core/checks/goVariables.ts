// The Go variables that break things quietly: where `go install` writes
// (GOBIN, GOPATH/bin) and whether PATH reaches it, GOROOT and GOPATH values
// that point at the wrong place, PATH entries no shell would accept, and the
// module proxy list.

import * as fs from "node:fs";
import { finding } from "../model/findings";
import * as path from "node:path";
import { isOnPath, normDir, pathEntries } from "../base/envPath";
import { fileProxyDir, parseGoProxy, probeProxy } from "../go/goProxy";
import type { Finding, FixAction } from "../model/findings";
import type { RunProcess } from "../base/process";
import type { GoEnvVars } from "../model/facts";
import type { Env } from "../base/envPath";
import type { Evidence } from "../base/process";
import { gopathEntries } from "../go/toolEnvironment";
import { hostPlatform, type Platform } from "../base/platform";
import { addToPathFix } from "../go/platformAdvice";

function realDir(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return normDir(p);
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a file can really be created in dir (access(2) says yes to root even where writes fail). */
function canCreateIn(dir: string): boolean {
  try {
    fs.rmdirSync(fs.mkdtempSync(path.join(dir, ".go-doctor-")));
    return true;
  } catch {
    return false;
  }
}

/** The fix for a variable that is wrong: where it is set decides how to change it. */
function variableFix(name: string, env: Env, goBinary: string, action: string): FixAction {
  if (env[name]) {
    return {
      kind: "manual",
      title: `${action} in your shell profile`,
      detail: `${name}=${env[name]} comes from your environment: ${action.charAt(0).toLowerCase()}${action.slice(1)} in the profile that sets it (~/.profile, ~/.bashrc, ~/.zshrc, …), then restart the editor.`,
    };
  }
  return {
    kind: "run",
    title: `Unset ${name} in the go env file (go env -u ${name})`,
    argv: [goBinary, "env", "-u", name],
  };
}

function checkGobin(goEnv: GoEnvVars, env: Env, goBinary: string, platform: Platform): Finding[] {
  const gobin = goEnv.GOBIN ?? "";
  if (gobin === "") return [];
  const fail = (why: string): Finding[] => [
    finding("GD050", `GOBIN=${gobin} ${why}`, { fixes: [variableFix("GOBIN", env, goBinary, "Correct GOBIN")] }),
  ];
  if (!platform.path.isAbsolute(gobin))
    return fail(
      `is a relative path, so \`go install\` refuses to run ("cannot install, GOBIN must be an absolute path"). Use an absolute directory.`,
    );
  if (!fs.existsSync(gobin))
    return fail(
      "does not exist, so no tool has been installed there yet: tools installed earlier went elsewhere, and a PATH entry for GOBIN finds nothing. Run `go install` for your tools again, or unset GOBIN.",
    );
  if (!isDir(gobin))
    return fail(
      'is not a directory, so every `go install` fails ("mkdir …: file exists"). Point GOBIN at a directory.',
    );
  if (!canCreateIn(gobin))
    return fail(
      "cannot be written to, so every `go install` fails with a permission error. Make it writable or point GOBIN at a directory you own.",
    );
  return [];
}

function checkInstallDirOnPath(goEnv: GoEnvVars, env: Env, platform: Platform): Finding[] {
  const p = platform.path;
  const gobin = goEnv.GOBIN ?? "";
  const first = gopathEntries(goEnv.GOPATH, p.delimiter)[0];
  const dir = gobin !== "" ? gobin : first ? p.join(first, "bin") : undefined;
  if (
    !dir ||
    !p.isAbsolute(dir) ||
    isOnPath(dir, env, platform) ||
    pathEntries(env, platform).some((e) => e !== "" && p.isAbsolute(e) && realDir(e) === realDir(dir))
  )
    return [];
  const label = gobin !== "" ? "GOBIN" : "GOPATH/bin";
  return [
    finding(
      "GD051",
      `${label} (${dir}) is not on PATH, so tools installed with \`go install\` (dlv, gopls, staticcheck, …) are invisible to terminals and to any editor that does not search ${label} itself. Add it to PATH.`,
      {
        fixes: [
          addToPathFix(platform, dir, label) ?? {
            kind: "manual",
            title: `Add ${label} to PATH`,
            detail: `Add \`export PATH="$PATH:${dir}"\` to ~/.profile (bash) or ~/.zprofile (zsh), or \`fish_add_path ${dir}\` for fish, then restart the editor.`,
          },
        ],
      },
    ),
  ];
}

function checkGoroot(goEnv: GoEnvVars, env: Env, goBinary: string): Finding[] {
  const findings: Finding[] = [];
  const goroot = goEnv.GOROOT ?? "";
  const binary = realDir(goBinary);
  // A version-manager shim (asdf, mise, goenv) is not inside a Go root: then there is nothing to compare with.
  const parent = path.dirname(path.dirname(binary));
  const own =
    path.basename(path.dirname(binary)) === "bin" &&
    (isDir(path.join(parent, "pkg", "tool")) || isDir(path.join(parent, "src", "runtime")))
      ? parent
      : undefined;
  const switched = goEnv.GOMODCACHE && goroot.startsWith(path.join(goEnv.GOMODCACHE, "golang.org", "toolchain@"));
  if (goroot !== "" && own && !switched && realDir(goroot) !== own) {
    const where = env.GOROOT ? "the environment" : "the go env file";
    findings.push(
      finding(
        "GD052",
        `GOROOT=${goroot} (set in ${where}) is not the root of the go command in use (${goBinary}, root ${own}), so it compiles with another installation's standard library and tools: expect "version mismatch" and "package … is not in std" errors. Unset GOROOT; the go command finds its own root.`,
        { fixes: [variableFix("GOROOT", env, goBinary, "Remove GOROOT")] },
      ),
    );
  }
  if (goroot !== "") {
    const same = gopathEntries(goEnv.GOPATH).find((p) => realDir(p) === realDir(goroot));
    if (same) {
      findings.push(
        finding(
          "GD052",
          `GOPATH includes GOROOT (${same}): the go command ignores that entry, and \`go install\` would write into the Go installation. Use a separate GOPATH such as $HOME/go.`,
          { fixes: [variableFix("GOPATH", env, goBinary, "Correct GOPATH")] },
        ),
      );
    }
  }
  return findings;
}

function checkGopath(goEnv: GoEnvVars, env: Env, goBinary: string, platform: Platform): Finding[] {
  const p = platform.path;
  const raw = env.GOPATH ?? goEnv.GOPATH ?? "";
  const home = platform.home(env);
  const explicit = env.GOPATH !== undefined || (home !== undefined && goEnv.GOPATH !== p.join(home, "go"));
  const problems: string[] = [];
  // Windows separates GOPATH entries with `;`: `C:\Users\me\go` is one absolute entry there.
  for (const entry of gopathEntries(raw, p.delimiter)) {
    if (entry.includes("~"))
      problems.push(
        `${entry} contains a literal ~, which nothing expands (it was quoted in a shell profile or typed into a GUI)`,
      );
    else if (!p.isAbsolute(entry))
      problems.push(`${entry} is relative; the go command requires absolute GOPATH entries`);
    else if (explicit && !platform.io.isDirectory(entry)) problems.push(`${entry} does not exist`);
  }
  if (problems.length === 0) return [];
  return [
    finding(
      "GD053",
      `GOPATH is invalid: ${problems.join("; ")}. Set it to an absolute, existing directory (or unset it to use $HOME/go).`,
      { fixes: [variableFix("GOPATH", env, goBinary, "Correct GOPATH")] },
    ),
  ];
}

function checkPathEntries(env: Env, platform: Platform): Finding[] {
  const entries = pathEntries(env, platform);
  const bad: string[] = [];
  entries.forEach((e, i) => {
    if (e === "")
      bad.push(`entry ${i + 1} is empty, which means "the current directory" to every program searching PATH`);
    else if (e.includes("~")) bad.push(`${e} contains a literal ~, which only shells expand, and only when unquoted`);
    else if (!platform.path.isAbsolute(e)) bad.push(`${e} is relative, so it depends on the current directory`);
    else if (!platform.io.isDirectory(e)) bad.push(`${e} does not exist`);
  });
  if (platform.getEnv(env, "PATH") === undefined || bad.length === 0) return [];
  return [
    finding(
      "GD054",
      `PATH has ${bad.length} entr${bad.length === 1 ? "y" : "ies"} that cannot work; if a Go tool is expected in one of them, it will not be found. Clean up PATH in your shell profile.`,
      { details: bad },
    ),
  ];
}

async function checkProxy(
  goEnv: GoEnvVars,
  env: Env,
  network: boolean,
): Promise<{ findings: Finding[]; evidence: Evidence[] }> {
  const value = goEnv.GOPROXY;
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  if (value === undefined) return { findings, evidence };
  const proxyFix: FixAction = {
    kind: "manual",
    title: "Set GOPROXY to a working list",
    detail:
      "Use the default `https://proxy.golang.org,direct` (or your company proxy followed by `,direct`): entries are separated by `,` (try the next on 404/410) or `|` (try the next on any error), and `direct` or `off` end the list.",
  };
  const warn = (message: string): void =>
    void findings.push({ code: "GD060", severity: "warning", message, fixes: [proxyFix] });
  const list = parseGoProxy(value);
  if (value.trim() === "")
    warn("GOPROXY is empty, so the go command has no source to download modules from. Set GOPROXY.");
  else if (/[;\s]/.test(value.trim()))
    warn(
      `GOPROXY=${value} separates entries with ${value.includes(";") ? '";"' : "spaces"}; the go command only splits at "," and "|", so it reads one broken URL. Separate the entries with ",".`,
    );
  else if (list.error)
    warn(
      `GOPROXY=${value} is rejected by the go command ("${list.error}"), so no module can be downloaded. Fix the entry.`,
    );
  else if (list.entries[0]?.url === "off")
    warn(
      "GOPROXY=off forbids every module download: a new dependency, a cleaned module cache or a toolchain switch fails. Set GOPROXY to a proxy list unless this machine is deliberately offline.",
    );
  else if (list.ignored.length > 0) {
    const stop = list.entries[list.entries.length - 1].url;
    warn(
      `GOPROXY=${value} lists ${list.ignored.join(", ")} after "${stop}", where the go command stops, so ${list.ignored.length === 1 ? "it is" : "they are"} never used. Put "${stop}" last.`,
    );
  }

  for (const e of list.entries) {
    const dir = fileProxyDir(e.url);
    if (dir !== undefined && !isDir(dir)) {
      findings.push(
        finding(
          "GD061",
          `The file:// module proxy ${e.url} in GOPROXY is not a directory, so every lookup there fails.`,
          { fixes: [proxyFix] },
        ),
      );
    }
  }
  const first = list.entries.find((e) => /^https?:/i.test(e.url));
  if (network && first && !list.error) {
    const r = await probeProxy(first.url);
    evidence.push({
      command: ["HEAD", first.url],
      durationMs: r.durationMs,
      output: r.ok ? `HTTP ${r.status}` : r.reason,
    });
    // The probe connects directly; the go command would go through an HTTP(S) proxy if one is set.
    const viaProxy = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"].find((k) => env[k]);
    if (!r.ok) {
      findings.push(
        finding(
          "GD061",
          viaProxy
            ? `The module proxy ${first.url} could not be reached directly (${r.reason}); the go command goes through ${viaProxy} instead, which this probe does not use, so this may be harmless.`
            : `The module proxy ${first.url} could not be reached (${r.reason}), so module and toolchain downloads fail or fall through to the next GOPROXY entry. Check the network, a firewall or HTTPS_PROXY, or use another proxy.`,
          { severity: viaProxy ? "info" : "warning", fixes: [proxyFix] },
        ),
      );
    }
  }
  return { findings, evidence };
}

export async function checkVariables(input: {
  env: Env;
  goEnv: GoEnvVars;
  goBinary: string;
  network: boolean;
  run?: RunProcess;
  /** The platform's path flavour and fix texts (Windows: the user Path, not a shell profile); the host's by default. */
  platform?: Platform;
}): Promise<{ findings: Finding[]; evidence: Evidence[] }> {
  const { env, goEnv, goBinary } = input;
  const platform = input.platform ?? hostPlatform();
  const proxy = await checkProxy(goEnv, env, input.network);
  const findings = [
    ...checkGobin(goEnv, env, goBinary, platform),
    ...checkInstallDirOnPath(goEnv, env, platform),
    ...checkGoroot(goEnv, env, goBinary),
    ...checkGopath(goEnv, env, goBinary, platform),
    ...checkPathEntries(env, platform),
    ...proxy.findings,
  ];
  return { findings, evidence: proxy.evidence };
}
