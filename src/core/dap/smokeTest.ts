// The debug smoke test: proves, end to end, that this dlv can debug with this
// Go in this environment — build a tiny program, start `dlv dap`, stop at a
// breakpoint, read a variable — and names the exact step that breaks.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { DapClient, DapClosedError, DapTimeoutError } from "./dapClient";
import { startDlvDap, type DlvDapServer } from "./dlvDapServer";
import { cleanEnv } from "../base/envPath";
import { finding, type Finding } from "../model/findings";
import type { FaultCode } from "../model/faults";
import { describeFailure, runProcess as defaultRunProcess, type RunProcess } from "../base/process";

export const SMOKE_STEPS = [
  "build",
  "dlv start",
  "listening line",
  "connect",
  "initialize",
  "launch",
  "breakpoint verified",
  "stopped",
  "variables",
] as const;
export type SmokeStepName = (typeof SMOKE_STEPS)[number];

export interface SmokeStep {
  name: SmokeStepName;
  ok: boolean;
  durationMs: number;
  detail?: string;
}

export interface SmokeInput {
  dlvPath: string;
  goBinary: string;
  env: Env;
  /** For the whole test; default 60 s (a cold build cache makes the build slow). */
  timeoutMs?: number;
  onStep?: (step: SmokeStep) => void;
  signal?: AbortSignal;
  runProcess?: RunProcess;
}

export interface SmokeResult {
  ok: boolean;
  steps: SmokeStep[];
  finding?: Finding;
}

const PROGRAM = `package main

import "fmt"

func main() {
	answer := 42
	fmt.Println("go-doctor smoke test", answer)
}
`;
import type { Env } from "../base/envPath";
const BREAK_LINE = 7;
/** Delve's refusals: "Go version 1.24.3 is too old for this version of Delve …" (older: "Version of Go is too old …") and "Version of Delve is too old for Go version 1.28 …". */
const DELVE_GO_MISMATCH =
  /(?:Go version \S+|Version of Go) is too old for this version of Delve|Version of Delve is too old for Go version/i;
const STEP_TIMEOUT_MS = 10_000;

class StepFailed extends Error {
  constructor(
    readonly detail: string,
    readonly finding?: Finding,
  ) {
    super(detail);
  }
}

function findingOf(code: FaultCode, message: string): Finding {
  return finding(code, `${code}: ${message}`);
}

/** GD094: a step failed that no more precise code explains. */
function smokeFailed(step: SmokeStepName, detail: string, env: Env): Finding {
  const hints: Record<string, string> = {
    build: "Run `go build` in a new module with the same environment to see the whole error.",
    "breakpoint verified":
      "A breakpoint that never verifies means the binary has no usable debug information: check GOFLAGS and -ldflags for -w, -s or -trimpath (GD055).",
    stopped:
      "The program ran past the breakpoint: the binary's line table does not match its source (GD055), or dlv is too old for this Go (GD023).",
    variables:
      "Variables read back wrong: the build was optimised (-gcflags without -N -l) or dlv is too old for this Go (GD023).",
  };
  const details = [`step: ${step}`, `what happened: ${detail}`];
  if (env.GOFLAGS) details.push(`GOFLAGS=${env.GOFLAGS}`);
  return finding("GD094", `GD094: the debug smoke test failed at step "${step}": ${detail}`, {
    details,
    fixes: [
      {
        kind: "manual",
        title: "Follow the failed step",
        detail:
          hints[step] ??
          "Update dlv (`go install github.com/go-delve/delve/cmd/dlv@latest`) and run the smoke test again; the step and dlv's output above say where it broke.",
      },
    ],
  });
}

export async function runSmokeTest(input: SmokeInput): Promise<SmokeResult> {
  const run = input.runProcess ?? defaultRunProcess;
  const deadline = performance.now() + (input.timeoutMs ?? 60_000);
  const remaining = (cap = Infinity): number => Math.max(1, Math.min(cap, deadline - performance.now()));
  const steps: SmokeStep[] = [];
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "go-doctor-smoke-")));
  const source = path.join(dir, "main.go");
  const binary = path.join(dir, "smoke");
  // The test module must not join a go.work the user has around, and must build in module mode.
  const env: Env = { ...input.env, GOWORK: "off", GO111MODULE: "on" };
  let server: DlvDapServer | undefined;
  let client: DapClient | undefined;
  let failedWith: Finding | undefined;

  const record = (name: SmokeStepName, ok: boolean, durationMs: number, detail?: string): void => {
    const step: SmokeStep = {
      name,
      ok,
      durationMs: Math.round(durationMs),
      ...(detail !== undefined ? { detail } : {}),
    };
    steps.push(step);
    input.onStep?.(step);
  };
  const step = async <T>(name: SmokeStepName, body: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      if (input.signal?.aborted) throw new StepFailed("cancelled");
      const value = await body();
      record(name, true, performance.now() - started);
      return value;
    } catch (e) {
      const failure =
        e instanceof StepFailed
          ? e
          : new StepFailed(
              input.signal?.aborted
                ? "cancelled"
                : e instanceof DapTimeoutError || e instanceof DapClosedError
                  ? e.message
                  : `unexpected: ${String(e)}`,
            );
      record(name, false, performance.now() - started, failure.detail);
      failedWith =
        failure.finding ?? (failure.detail === "cancelled" ? undefined : smokeFailed(name, failure.detail, env));
      throw failure;
    }
  };
  const onAbort = (): void => {
    client?.close("cancelled");
    void server?.stop();
  };
  input.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    fs.writeFileSync(path.join(dir, "go.mod"), "module example.com/godoctorsmoke\n\ngo 1.21\n");
    fs.writeFileSync(source, PROGRAM);

    await step("build", async () => {
      const r = await run([input.goBinary, "build", "-gcflags=all=-N -l", "-o", binary, "."], {
        cwd: dir,
        env: cleanEnv(env),
        timeoutMs: remaining(),
        signal: input.signal,
      });
      if (r.exitCode !== 0 || r.spawnError || r.timedOut) {
        throw new StepFailed(
          `go build failed: ${describeFailure(r)}`,
          r.spawnError?.code === "ENOENT"
            ? findingOf("GD010", `${input.goBinary} cannot be run: ${r.spawnError.message}.`)
            : undefined,
        );
      }
    });

    // Start-up is one call; its stages are timed as three steps.
    let mark = performance.now();
    const stageTimes: Partial<Record<"spawned" | "listening" | "connected", number>> = {};
    const started = await startDlvDap({
      dlvPath: input.dlvPath,
      env,
      cwd: dir,
      listenTimeoutMs: remaining(STEP_TIMEOUT_MS),
      connectTimeoutMs: remaining(STEP_TIMEOUT_MS),
      runProcess: run,
      signal: input.signal,
      onStage: (stage) => {
        const now = performance.now();
        stageTimes[stage] = now - mark;
        mark = now;
      },
    });
    const stageOf = { "dlv start": "spawned", "listening line": "listening", connect: "connected" } as const;
    if (!started.ok) {
      const failedAt: SmokeStepName =
        started.stage === "spawn" ? "dlv start" : started.stage === "listen" ? "listening line" : "connect";
      for (const name of ["dlv start", "listening line", "connect"] as const) {
        if (name === failedAt) {
          record(name, false, performance.now() - mark, started.finding.message);
          break;
        }
        record(name, true, stageTimes[stageOf[name]] ?? 0);
      }
      failedWith = started.finding;
      return { ok: false, steps, finding: started.finding };
    }
    for (const name of ["dlv start", "listening line", "connect"] as const)
      record(name, true, stageTimes[stageOf[name]] ?? 0);
    server = started.server;
    const dap = new DapClient(server.socket);
    client = dap;

    await step("initialize", async () => {
      const r = await dap
        .send(
          "initialize",
          { clientID: "go-doctor", adapterID: "go", linesStartAt1: true, columnsStartAt1: true, pathFormat: "path" },
          remaining(STEP_TIMEOUT_MS),
        )
        .catch((e: Error) => {
          throw new StepFailed(
            e.message,
            findingOf(
              "GD092",
              `dlv dap at ${started.server.host}:${started.server.port} did not answer initialize: ${e.message}.`,
            ),
          );
        });
      if (!r.success) throw new StepFailed(`initialize failed: ${r.message ?? "no message"}`);
    });

    await step("launch", async () => {
      const r = await dap.send(
        "launch",
        { request: "launch", mode: "exec", program: binary, cwd: dir },
        remaining(STEP_TIMEOUT_MS),
      );
      if (!r.success) {
        const why = (r.body as { error?: { format?: string } } | undefined)?.error?.format ?? r.message ?? "no message";
        throw new StepFailed(
          `launch failed: ${why}`,
          DELVE_GO_MISMATCH.test(why) ? findingOf("GD023", `this Delve cannot debug this Go: ${why}`) : undefined,
        );
      }
      // dlv sends `initialized` before the launch response; the client keeps it for this wait.
      await dap.waitForEvent("initialized", remaining(STEP_TIMEOUT_MS));
    });

    await step("breakpoint verified", async () => {
      const r = (await dap.send(
        "setBreakpoints",
        { source: { path: source }, breakpoints: [{ line: BREAK_LINE }] },
        remaining(STEP_TIMEOUT_MS),
      )) as DebugProtocol.SetBreakpointsResponse;
      const bp = r.body?.breakpoints?.[0];
      if (!r.success || !bp?.verified)
        throw new StepFailed(
          `the breakpoint at main.go:${BREAK_LINE} was not verified: ${bp?.message ?? r.message ?? "no reason given"}`,
        );
    });

    const threadId = await step("stopped", async () => {
      const done = await dap.send("configurationDone", undefined, remaining(STEP_TIMEOUT_MS));
      if (!done.success) throw new StepFailed(`configurationDone failed: ${done.message ?? ""}`);
      const event = (await dap.waitForEvent("stopped", remaining(STEP_TIMEOUT_MS))) as DebugProtocol.StoppedEvent;
      const id = event.body.threadId ?? 1;
      const trace = (await dap.send(
        "stackTrace",
        { threadId: id, levels: 1 },
        remaining(STEP_TIMEOUT_MS),
      )) as DebugProtocol.StackTraceResponse;
      const top = trace.body?.stackFrames?.[0];
      if (event.body.reason !== "breakpoint" || top?.line !== BREAK_LINE) {
        throw new StepFailed(
          `stopped for ${event.body.reason} at ${top?.source?.path ?? "?"}:${top?.line ?? "?"}, not at the breakpoint main.go:${BREAK_LINE}`,
        );
      }
      return { thread: id, frame: top.id };
    });

    await step("variables", async () => {
      const scopes = (await dap.send(
        "scopes",
        { frameId: threadId.frame },
        remaining(STEP_TIMEOUT_MS),
      )) as DebugProtocol.ScopesResponse;
      const locals = scopes.body?.scopes?.[0];
      if (!locals) throw new StepFailed("no scopes for the stopped frame");
      const vars = (await dap.send(
        "variables",
        { variablesReference: locals.variablesReference },
        remaining(STEP_TIMEOUT_MS),
      )) as DebugProtocol.VariablesResponse;
      const answer = vars.body?.variables?.find((v) => v.name === "answer");
      if (answer?.value !== "42")
        throw new StepFailed(`the local variable answer read ${answer ? answer.value : "nothing"}, expected 42`);
    });

    await dap.send("disconnect", { terminateDebuggee: true }, remaining(2000)).catch(() => undefined);
    return { ok: true, steps };
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
    return { ok: false, steps, ...(failedWith ? { finding: failedWith } : {}) };
  } finally {
    input.signal?.removeEventListener("abort", onAbort);
    client?.close();
    if (server) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
