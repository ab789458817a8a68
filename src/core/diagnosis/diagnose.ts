// The diagnosis: login shell → go (locate, toolchain, go env) → every other
// check concurrently, each under its own timeout → compatibility → report.
// A check that throws or overruns becomes GD099; the others still report.

import { gateBlockers, waivedBlockers, waivedReason, type Gate } from "../model/gates";
import { onPlatform, platformNote } from "../model/unverified";
import { hostPlatform, type Platform } from "../base/platform";
import { containerDrift, remoteKind, withHostPath } from "../go/remoteHost";
import { staleWindowsEnvironment } from "../shell/registryEnv";
import { finding } from "../model/findings";
import * as path from "node:path";
import { checkCompat } from "../tools/delveCompat";
import { cleanEnv } from "../base/envPath";
import { likelyGo, locateGo } from "../go/goLocator";
import { readLaunchConfigs } from "../launch/launchChecks";
import { bySeverity, statusOf, summaryOf, type Finding } from "../model/findings";
import { checkModules } from "../checks/modules";
import { memoiseProbes, prefetchToolProbes, type MemoRun } from "../tools/probeMemo";
import { runProcess as defaultRun, type RunProcess } from "../base/process";
import { redactDeep, secretValues } from "../base/redact";
import type { Report, ReportCheck, ReportFinding, ToolReport, GateVerdictJson } from "../model/report";
import { checkSettings } from "../checks/editorSettings";
import { captureLoginEnv } from "../shell/loginShell";
import { DEFAULT_SLOW_SHELL_MS, profileIfSlow } from "../shell/slowShell";
import { runSmokeTest } from "../dap/smokeTest";
import { runLocalGoEnv } from "../go/toolchain";
import { adoptFolderGo, readFolderGo, sharedGoWork, type FolderGo } from "../go/goStage";
import { locateTool } from "../tools/toolLocator";
import { findPin, isPinnedSource, PINNED_SOURCE } from "../tools/pinnedTools";
import type { EditorSettings, GoInfo, LoginEnv, ToolInfo } from "../model/facts";
import { checkVariables } from "../checks/goVariables";
import { checkBuildFlags, checkLaunchBuildFlags, type LaunchBuildFlags } from "../checks/buildFlags";
import { SCHEMA_VERSION, VERSION } from "../model/goDoctorVersion";
import { type Env } from "../base/envPath";
import { type Evidence } from "../base/process";
import { toolEnvironment } from "../go/toolEnvironment";
import { within } from "../base/timeout";
import { editorEnvFindings, type HostRepairOutcome } from "../shell/hostEnvRepair";

export interface DiagnoseOptions {
  folder: string;
  processEnv: Env;
  settings: EditorSettings;
  /** slowThresholdMs: profile the shell (GD004) when the capture took longer; profile: always profile it. */
  shell: { enabled: boolean; timeoutMs: number; path?: string; slowThresholdMs?: number; profile?: boolean };
  /** Allow network probes (GD061). */
  network?: boolean;
  signal?: AbortSignal;
  /** Reuse an earlier capture instead of running the login shell again. */
  loginEnv?: LoginEnv;
  onStage?: (e: StageEvent) => void;
  run?: RunProcess;
  /** Per-check time limit; a check past it becomes GD099. */
  checkTimeoutMs?: number;
  /** Set when the folder had no Go project and the bundled sample is diagnosed instead. */
  sample?: boolean;
  /** Findings about the settings themselves (unreadable settings file), reported by the settings check. */
  settingsFindings?: Finding[];
  /** Also run the debug smoke test (build, dlv dap, breakpoint, variable) as the last check. */
  smoke?: boolean;
  /** Shares probes between diagnoses of several folders with the same environment. */
  cache?: SharedMachineProbes;
  /** The platform's ways (paths, executables, processes); the host's unless a test simulates another. */
  platform?: Platform;
  /** VS Code's `env.remoteName` (`dev-container`, `wsl`, …); the CLI leaves it to the environment's signs. */
  remoteName?: string;
  /**
   * The editor repairs its own process environment from the capture (GD003) and says what it did;
   * the CLI has no such process and leaves it out.
   */
  repairHost?: (loginEnv: LoginEnv) => HostRepairOutcome;
}

export type StageEvent =
  | { stage: "shell"; loginEnv: LoginEnv }
  | { stage: "go"; go: GoInfo }
  | { stage: "dlv" | "gopls"; tool: ToolInfo }
  | { stage: "modules"; missingModules: string[] }
  | { stage: "check"; check: ReportCheck };

/** Memoises machine-wide probes by their inputs, so N folders with one environment probe once. */
export class SharedMachineProbes {
  /** Set by diagnoseWorkspace so that folders share read-only probes too. */
  memo?: MemoRun;
  private readonly entries = new Map<string, Promise<unknown>>();
  /** The first caller for a key gets `offer`, to publish its answer (undefined: none); every caller gets the answer. */
  claim<T>(key: string): { offer?: (value: T | undefined) => void; answer: Promise<T | undefined> } {
    const known = this.entries.get(key) as Promise<T | undefined> | undefined;
    if (known) return { answer: known };
    let offer: (value: T | undefined) => void = () => undefined;
    const answer = new Promise<T | undefined>((resolve) => (offer = resolve));
    this.entries.set(key, answer);
    return { offer, answer };
  }
  get<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.entries.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.entries.set(key, p);
    }
    return p;
  }
}

const DEFAULT_CHECK_TIMEOUT = 30_000;

interface CheckOutcome<T> {
  findings: Finding[];
  evidence: Evidence[];
  summary: string;
  data: T;
  /** Set when the check did not run: its status is then "skipped", never ok. */
  skipped?: boolean;
}

type Attributed = Finding & { check: string };

export async function diagnose(opts: DiagnoseOptions): Promise<Report> {
  const memo = opts.cache?.memo ?? memoiseProbes(opts.run ?? defaultRun);
  const run = memo.run;
  const started = performance.now();
  const since = (): number => Math.round(performance.now() - started);
  const checks: ReportCheck[] = [];
  const timings: Record<string, number> = {};
  const cache = opts.cache ?? new SharedMachineProbes();
  const timeoutMs = opts.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT;
  const platform = opts.platform ?? hostPlatform();
  const remote = remoteKind(opts.remoteName, opts.processEnv, platform);

  /** Runs one check under its own timeout; a crash or overrun is GD099, never a failure of the whole. */
  const check = async <T>(id: string, title: string, fallback: T, body: () => Promise<CheckOutcome<T>>): Promise<T> => {
    const startMs = since();
    let outcome: CheckOutcome<T>;
    try {
      outcome = await within(body(), timeoutMs, () => {
        throw new CheckTimeout(timeoutMs);
      });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      outcome = {
        findings: [
          finding(
            "GD099",
            err instanceof CheckTimeout
              ? `The check "${title}" did not finish within ${timeoutMs} ms and was abandoned; the other checks still ran.`
              : `The check "${title}" crashed: ${err.message}. The other checks still ran; please report this with the verbose output.`,
            { details: err instanceof CheckTimeout ? undefined : (err.stack ?? "").split("\n").slice(0, 8) },
          ),
        ],
        evidence: [],
        summary: "check crashed",
        data: fallback,
      };
    }
    const durationMs = since() - startMs;
    timings[id] = durationMs;
    const findings = outcome.findings.map((f) => ({ ...onPlatform(f, platform.name), check: id }));
    const result: ReportCheck = {
      id,
      title,
      status: outcome.skipped && findings.length === 0 ? "skipped" : statusOf(findings),
      summary: outcome.summary,
      startMs,
      durationMs,
      findings: findings.sort(bySeverity),
      evidence: outcome.evidence,
    };
    checks.push(result);
    opts.onStage?.({ stage: "check", check: result });
    return outcome.data;
  };

  // 1. The login shell's environment.
  const loginEnv = await check("shell", "Login shell environment", processFallback(opts.processEnv), async () => {
    let captured =
      opts.loginEnv ??
      (await captureLoginEnv({
        processEnv: opts.processEnv,
        enabled: opts.shell.enabled,
        timeoutMs: opts.shell.timeoutMs,
        shell: opts.shell.path,
        runProcess: run,
        signal: opts.signal,
        platform,
      }));
    // GD004: a slow or stopped shell is profiled once more (a reused capture already was).
    if (!opts.loginEnv)
      captured = await profileIfSlow(captured, {
        processEnv: opts.processEnv,
        // The profile shares this check's time limit with the capture.
        timeoutMs: Math.min(opts.shell.timeoutMs, timeoutMs - captured.durationMs - 2000),
        thresholdMs: opts.shell.slowThresholdMs ?? DEFAULT_SLOW_SHELL_MS,
        always: opts.shell.profile,
        signal: opts.signal,
      });
    return {
      // The drift (GD003) is about the editor's environment, not the capture: it has a row of its own.
      findings: captured.findings.filter((f) => f.code !== "GD003"),
      evidence: captured.evidence,
      summary: shellSummary(captured),
      data: captured,
    };
  });
  opts.onStage?.({ stage: "shell", loginEnv });
  await check("editorEnv", "Editor environment", null, async () => {
    const drift = Object.keys(loginEnv.drift);
    const repair = loginEnv.source === "login-shell" ? opts.repairHost?.(loginEnv) : undefined;
    const findings = editorEnvFindings(
      loginEnv.findings.filter((f) => f.code === "GD003").map((f) => (remote === "container" ? containerDrift(f) : f)),
      repair,
    );
    if (repair?.state === "repaired")
      return {
        findings,
        evidence: [],
        summary: `repaired from the login shell: ${repair.lines.map((l) => l.slice(0, l.indexOf(":"))).join(", ")}`,
        data: null,
      };
    // Windows has no login shell: the fresh environment is the registry's.
    const stale = platform.name === "win32" ? await staleWindowsEnvironment(run, opts.processEnv, platform) : null;
    if (stale)
      return {
        findings: [...findings, ...stale],
        evidence: [],
        summary: stale.length ? "behind the registry's Path" : "matches the registry's Path for go, dlv and gopls",
        data: null,
      };
    if (loginEnv.source !== "login-shell")
      return {
        findings,
        evidence: [],
        summary: "not compared: no login shell environment to compare with",
        data: null,
        skipped: true,
      };
    return {
      findings,
      evidence: [],
      summary: drift.length
        ? `differs from the login shell on ${drift.join(", ")}; Go Doctor gives its tools the login shell's${
            repair?.state === "off" ? ", and leaves the editor's own as it is (the repair is off)" : ""
          }`
        : "matches the login shell on the variables Go reads",
      data: null,
    };
  });
  // In a container the process PATH (image ENV, remoteEnv) is as true as the login one: both, login first.
  const hostEnv =
    remote === "container" && loginEnv.source === "login-shell"
      ? withHostPath(loginEnv.env, opts.processEnv, platform)
      : loginEnv.env;
  const env: Env = { ...cleanEnv(hostEnv, platform), ...(opts.settings.toolsEnvVars ?? {}) };
  // The tool probes are the slowest step (gopls takes a third of a second to say its
  // version): start them now, while the go stage runs, in the environment the go that
  // most likely wins gives them; locateTool picks them up.
  const likely = await likelyGo({ env, settings: opts.settings, platform }).catch(() => undefined);
  prefetchToolProbes(memo, toolEnvironment(env, likely));
  const envKey = JSON.stringify(Object.entries(cleanEnv(env)).sort());

  // 2. The go command, the toolchain it will really use, and `go env`.
  const go = await check<GoInfo>("go", "Go toolchain", emptyGo(), async () => {
    // Folders of one go.work share one answer: the first to get here asks, the others take it.
    const work = likely ? sharedGoWork(opts.folder, env) : undefined;
    const claim = work ? cache.claim<FolderGo & { folder: string }>(`goStage|${likely}|${envKey}|${work}`) : undefined;
    const follower = claim !== undefined && claim.offer === undefined;
    // The early `go env` is stopped when the check ends without it (another go won): nothing outlives the diagnosis.
    const earlyStop = new AbortController();
    try {
      // The folder's `go env` needs only the go binary, never a switch (GOTOOLCHAIN=local): start it on
      // the likely winner while every candidate says its version; a wrong guess costs one wasted run.
      const early =
        likely && !follower
          ? runLocalGoEnv({
              goBinary: likely,
              env,
              folder: opts.folder,
              run,
              signal: opts.signal ? AbortSignal.any([opts.signal, earlyStop.signal]) : earlyStop.signal,
            })
          : undefined;
      void early?.catch(() => undefined);
      const located = await cache.get(`go|${envKey}|${JSON.stringify(opts.settings)}`, () =>
        locateGo({
          env,
          settings: opts.settings,
          run,
          editorPath: platform.getEnv(opts.processEnv, "PATH") ?? "",
          platform,
        }),
      );
      const findings = [...located.findings];
      const evidence = [...located.evidence];
      const goBinary = located.tool.path;
      if (!goBinary) {
        return { findings, evidence, summary: "no go command found", data: { ...emptyGo(), tool: located.tool } };
      }
      const lead = follower && work && goBinary === likely ? await claim.answer : undefined;
      const own =
        (lead && work ? adoptFolderGo(lead, opts.folder, work) : undefined) ??
        (await readFolderGo({
          goBinary,
          env,
          folder: opts.folder,
          localVersion: located.tool.version,
          run,
          localGoEnv: goBinary === likely ? early : undefined,
        }));
      claim?.offer?.(goBinary === likely ? { ...own, folder: opts.folder } : undefined);
      const { toolchain: tc, goEnv: ge } = own;
      findings.push(...tc.findings, ...ge.findings);
      evidence.push(...tc.evidence, ...ge.evidence);
      const data: GoInfo = {
        tool: located.tool,
        goEnv: ge.goEnv,
        activeVersion: tc.activeVersion,
        localVersion: tc.localVersion,
      };
      const switched =
        tc.activeVersion && tc.localVersion && tc.activeVersion !== tc.localVersion
          ? ` (switches to ${tc.activeVersion})`
          : "";
      return {
        findings,
        evidence,
        summary: `Go ${tc.localVersion ?? located.tool.version ?? "?"}${switched} at ${goBinary}`,
        data,
      };
    } finally {
      earlyStop.abort();
      // No answer to share (no go, a crash): the others ask for themselves.
      claim?.offer?.(undefined);
    }
  });
  opts.onStage?.({ stage: "go", go });

  const goBinary = go.tool.path;
  const goEnv = go.goEnv;
  // Tools find the located go on PATH even when the capture fell back to a PATH without it.
  const toolEnv: Env = toolEnvironment(env, goBinary);

  const noGo = <T>(data: T): CheckOutcome<T> => ({
    findings: [],
    evidence: [],
    summary: goBinary ? "not run: go env failed" : "not run: no go command",
    data,
    skipped: true,
  });

  // 3. Everything that needs only the go facts, concurrently.
  const locate = (name: "dlv" | "gopls", title: string) =>
    check<ToolInfo>(name, title, emptyTool(name), async () => {
      // A go.mod tool directive makes the answer the folder's own (GD026).
      const pinned = findPin(name, opts.folder, goEnv, toolEnv) ? `|${opts.folder}` : "";
      const key = `${name}|${envKey}|${goBinary}|${goEnv?.GOBIN}|${goEnv?.GOPATH}|${goEnv?.GOROOT}|${JSON.stringify(opts.settings.alternateTools ?? {})}${pinned}`;
      const r = await cache.get(key, () =>
        locateTool(name, {
          env: toolEnv,
          goEnv,
          goBinary,
          settings: opts.settings,
          run,
          folder: opts.folder,
          platform,
        }),
      );
      opts.onStage?.({ stage: name, tool: r.tool });
      const from = r.tool.candidates.find((c) => c.path === r.tool.path)?.source;
      const summary = r.tool.path
        ? `${name} ${r.tool.version ?? "(version unknown)"} at ${r.tool.path}${r.tool.builtWith ? `, built with Go ${r.tool.builtWith}` : ""}${from && isPinnedSource(from) ? ` (pinned: ${from})` : ""}`
        : r.tool.reason.startsWith(`pinned by ${PINNED_SOURCE}`)
          ? `${name} ${r.tool.reason}`
          : `${name} not found`;
      return { findings: r.findings, evidence: r.evidence, summary, data: r.tool };
    });

  const [dlv, gopls] = await Promise.all([
    locate("dlv", "Delve debugger"),
    locate("gopls", "gopls language server"),
    check("modules", "Modules and workspace", [] as string[], async () => {
      if (!goBinary || !goEnv) return noGo<string[]>([]);
      const r = await checkModules({
        goBinary,
        env: toolEnv,
        goEnv,
        folder: opts.folder,
        run,
        signal: opts.signal,
        share: (key, make) => cache.get(`modules|${key}`, make),
      });
      opts.onStage?.({ stage: "modules", missingModules: r.missingModules });
      const summary =
        goEnv.GOMOD && goEnv.GOMOD !== "/dev/null" && goEnv.GOMOD !== "NUL"
          ? `module at ${goEnv.GOMOD}`
          : goEnv.GOWORK
            ? `workspace ${goEnv.GOWORK}`
            : "no module";
      return { ...r, summary, data: r.missingModules };
    }),
    check("variables", "Go environment variables", null, async () => {
      if (!goBinary || !goEnv) return noGo(null);
      const r = await checkVariables({ env: toolEnv, goEnv, goBinary, network: opts.network ?? false, run, platform });
      return {
        ...r,
        findings: [...r.findings, ...checkBuildFlags({ env: toolEnv, goEnv, goBinary })],
        summary: `GOPATH=${goEnv.GOPATH ?? ""}${goEnv.GOBIN ? `, GOBIN=${goEnv.GOBIN}` : ""}, GOPROXY=${goEnv.GOPROXY ?? ""}`,
        data: null,
      };
    }),
    check("settings", "Editor settings", null, async () => {
      const findings = [
        ...(opts.settingsFindings ?? []),
        ...(await checkSettings(opts.settings, { env: toolEnv, goEnv })),
      ];
      const n = Object.keys(opts.settings).length;
      return {
        findings,
        evidence: [],
        summary: n ? `${n} go.* setting${n === 1 ? "" : "s"} checked` : "no go.* settings given",
        data: null,
      };
    }),
    check("launch", "Launch configurations", null, async () => {
      const r = await readLaunchConfigs(opts.folder, {
        env: toolEnv,
        alternateTools: opts.settings.alternateTools,
        exec: goBinary ? { goBinary, env: toolEnv, run } : undefined,
      });
      const summary = r.configs.length
        ? `${r.configs.length} configuration${r.configs.length === 1 ? "" : "s"} in ${path.relative(opts.folder, r.file) || r.file}`
        : "no launch.json";
      const buildFlags = r.configs.flatMap((c): LaunchBuildFlags[] => {
        const flags = c.raw.buildFlags;
        if (typeof flags !== "string" && !(Array.isArray(flags) && flags.every((x) => typeof x === "string")))
          return [];
        const line = c.spans.buildFlags?.line;
        return [{ file: r.file, path: c.path, name: c.name, buildFlags: flags, ...(line ? { line } : {}) }];
      });
      return { findings: [...r.findings, ...checkLaunchBuildFlags(buildFlags)], evidence: [], summary, data: null };
    }),
  ]);

  // 4. What only makes sense once every tool is known.
  await check("compat", "Delve and gopls compatibility", null, async () => {
    const findings = checkCompat({ dlv, gopls, goVersion: go.activeVersion ?? go.localVersion, goBinary });
    const target = go.activeVersion ?? go.localVersion;
    return {
      findings,
      evidence: [],
      summary: target ? `target Go ${target}` : "no Go version to compare with",
      data: null,
    };
  });
  if (opts.smoke) {
    await check("smoke", "Debug smoke test", null, async () => {
      if (!goBinary || !dlv.path)
        return {
          findings: [],
          evidence: [],
          summary: `not run: ${goBinary ? "no dlv" : "no go command"}`,
          data: null,
          skipped: true,
        };
      const r = await runSmokeTest({ dlvPath: dlv.path, goBinary, env: toolEnv, signal: opts.signal, runProcess: run });
      const evidence: Evidence[] = r.steps.map((st) => ({
        command: [`smoke: ${st.name}`],
        exitCode: st.ok ? 0 : 1,
        durationMs: st.durationMs,
        output: st.detail,
      }));
      const failed = r.steps.find((st) => !st.ok);
      const total = r.steps.reduce((t, st) => t + st.durationMs, 0);
      const summary = r.ok
        ? `${r.steps.length} steps passed in ${total} ms (stopped at the breakpoint, variable read back)`
        : `failed at step "${failed?.name ?? "?"}"`;
      return { findings: r.finding ? [r.finding] : [], evidence, summary, data: null };
    });
  }
  timings.total = since();

  const order = [
    "shell",
    "editorEnv",
    "go",
    "dlv",
    "gopls",
    "modules",
    "variables",
    "settings",
    "launch",
    "compat",
    "smoke",
  ];
  checks.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const findings: ReportFinding[] = checks.flatMap((c) => c.findings as Attributed[]).sort(bySeverity);

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    goDoctorVersion: VERSION,
    generatedAt: new Date().toISOString(),
    folder: opts.folder,
    sample: opts.sample ?? false,
    platform: platformNote(platform.name),
    env: {
      source: loginEnv.source,
      shell: loginEnv.shell ?? null,
      durationMs: loginEnv.durationMs,
      drift: Object.fromEntries(
        Object.entries(loginEnv.drift).map(([k, [p, l]]) => [k, { process: p ?? null, login: l ?? null }]),
      ),
    },
    tools: { go: toolReport(go.tool), dlv: toolReport(dlv), gopls: toolReport(gopls) },
    go: { activeVersion: go.activeVersion, localVersion: go.localVersion, env: goEnv },
    checks,
    findings,
    gates: gatesOf(findings, { go, dlv, gopls }),
    timings,
    summary: summaryOf(findings),
  };
  return redactDeep(report, secretValues({ ...opts.processEnv, ...loginEnv.env }));
}

class CheckTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

export function gatesOf(
  findings: readonly ReportFinding[],
  tools: { go: GoInfo; dlv: ToolInfo; gopls: ToolInfo },
): { language: GateVerdictJson; debug: GateVerdictJson } {
  const blocking = (gate: Gate): string[] => [...new Set(gateBlockers(findings, gate).map((f) => f.code))];
  const lang = blocking("language");
  const debug = blocking("debug");
  // A tool missing only by findings not verified on this platform leaves its gate open.
  const waived = (gate: Gate): string | undefined => {
    const w = waivedBlockers(findings, gate);
    return w.length ? waivedReason(w) : undefined;
  };
  const langWaived = waived("language");
  const debugWaived = waived("debug");
  const langTools = tools.gopls.path !== null && tools.go.goEnv !== null;
  const debugTools = tools.dlv.path !== null && tools.go.goEnv !== null;
  return {
    language: {
      open: lang.length === 0 && (langTools || langWaived !== undefined),
      reason: lang.length
        ? `blocked by ${lang.join(", ")}`
        : tools.gopls.path
          ? `gopls ${tools.gopls.version ?? ""} verified`.trim()
          : (langWaived ?? "gopls not found"),
      codes: lang,
    },
    debug: {
      open: debug.length === 0 && (debugTools || debugWaived !== undefined),
      reason: debug.length
        ? `blocked by ${debug.join(", ")}`
        : tools.dlv.path
          ? `dlv ${tools.dlv.version ?? ""} supports Go ${tools.go.activeVersion ?? ""}`.trim()
          : (debugWaived ?? "dlv not found"),
      codes: debug,
    },
  };
}

function toolReport(t: ToolInfo): ToolReport {
  return {
    path: t.path,
    version: t.version,
    builtWith: t.builtWith,
    reason: t.reason,
    candidates: t.candidates.map((c) => ({
      path: c.path,
      source: c.source,
      version: c.version ?? null,
      builtWith: c.builtWith ?? null,
      onPath: c.onPath,
      probeError: c.probeError ?? null,
    })),
  };
}

function emptyTool(name: ToolInfo["name"]): ToolInfo {
  return { name, path: null, version: null, builtWith: null, reason: "not checked", candidates: [] };
}

function emptyGo(): GoInfo {
  return { tool: emptyTool("go"), goEnv: null, activeVersion: null, localVersion: null };
}

function processFallback(processEnv: Env): LoginEnv {
  return { source: "process", env: processEnv, durationMs: 0, findings: [], evidence: [], drift: {} };
}

function shellSummary(l: LoginEnv): string {
  if (l.source === "process")
    return l.shell
      ? `using the editor's own environment (${l.shell} could not be used)`
      : "shell capture disabled; using the process environment";
  // The shell and its flags; the capture script after -c is evidence, not a summary.
  const argv = l.argv ?? [];
  const c = argv.indexOf("-c");
  const shown = c > 0 ? argv.slice(0, c + 1).join(" ") : (l.shell ?? "login shell");
  return `${shown} (login shell), ${l.durationMs} ms`;
}
