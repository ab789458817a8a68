// What Go Doctor's debug adapter costs per step: `next` steps through the
// adapter (DebugClient → adapter on a socket → dlv dap) against the same
// DebugClient connected straight to `dlv dap`, same program, same run, steps
// interleaved so that machine noise hits every path. Prints medians and the
// ratio (goal ≤ 1.05×); asserts nothing.

import * as fs from "node:fs";
import type * as net from "node:net";
import * as path from "node:path";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { DapFrameParser, encodeDapMessage } from "../src/core/dap/dapFraming";
import { parseListenLine } from "../src/core/dap/dlvDapServer";
import { runProcess } from "../src/core/base/process";
import { InProcessDebugClient, debugEnv, startDapServer } from "../test/support/dapServer";
import { goBinary, realDlv, removeDir, tempDir, writeModule } from "../test/support/fixtures";

const STEPS = Number(process.env.GD_BENCH_STEPS ?? 300);
const WARMUP = 10;

const PROGRAM = `package main

import "fmt"

func main() {
	sum := 0
	for i := 0; i < 1000000; i++ {
		sum += i
		sum ^= i >> 3
	}
	fmt.Println(sum)
}
`;
const LOOP_LINE = 8;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

interface Session {
  dc: DebugClient;
  threadId: number;
  close(): Promise<void>;
}

/** Launches the binary and stops in the loop, with the breakpoint cleared so that `next` just steps. */
async function stopInLoop(dc: DebugClient, binary: string, source: string): Promise<number> {
  dc.defaultTimeout = 30_000;
  await dc.initializeRequest();
  const initialized = dc.waitForEvent("initialized");
  const launched = dc.launchRequest({ mode: "exec", program: binary } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line: LOOP_LINE }] });
  const first = dc.waitForEvent("stopped");
  await dc.configurationDoneRequest();
  await launched;
  const threadId = ((await first) as DebugProtocol.StoppedEvent).body.threadId!;
  await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [] });
  return threadId;
}

async function step(s: Session): Promise<number> {
  const t = performance.now();
  await Promise.all([s.dc.waitForEvent("stopped"), s.dc.nextRequest({ threadId: s.threadId })]);
  return performance.now() - t;
}

async function straightSession(
  env: Record<string, string>,
  cwd: string,
  binary: string,
  source: string,
): Promise<Session> {
  const abort = new AbortController();
  let out = "";
  let announce: (port: number) => void = () => undefined;
  const announced = new Promise<number>((resolve) => (announce = resolve));
  const dlv = runProcess([realDlv, "dap", "--listen=127.0.0.1:0"], {
    env,
    cwd,
    timeoutMs: 600_000,
    signal: abort.signal,
    onOutput: (_s, chunk) => {
      out += chunk;
      const at = parseListenLine(out);
      if (at) announce(at.port);
    },
  });
  const dc = new DebugClient("node", "unused", "go");
  await dc.start(await announced);
  // DebugClient leaves Nagle on; the adapter's own connection to dlv has it off. Compare
  // the relay, not the socket option (DebugClient keeps the socket in a private field).
  (dc as unknown as { _socket: net.Socket })._socket.setNoDelay(true);
  const threadId = await stopInLoop(dc, binary, source);
  return {
    dc,
    threadId,
    close: async () => {
      await dc.disconnectRequest({ terminateDebuggee: true });
      // dlv's exit closes the client's connection.
      abort.abort();
      await dlv;
    },
  };
}

async function inlineSession(
  env: Record<string, string>,
  binary: string,
  source: string,
): Promise<Session & { dc: InProcessDebugClient }> {
  const dc = new InProcessDebugClient({ waitForGate: async () => ({ ok: true, dlvPath: realDlv, env }) });
  const threadId = await stopInLoop(dc, binary, source);
  return {
    dc,
    threadId,
    close: async () => {
      await dc.disconnectRequest({ terminateDebuggee: true });
      await dc.close();
    },
  };
}

async function socketSession(env: Record<string, string>, binary: string, source: string): Promise<Session> {
  const server = await startDapServer(() => ({ waitForGate: async () => ({ ok: true, dlvPath: realDlv, env }) }));
  const dc = new DebugClient("node", "unused", "go");
  await dc.start(server.port);
  const threadId = await stopInLoop(dc, binary, source);
  return {
    dc,
    threadId,
    close: async () => {
      await dc.disconnectRequest({ terminateDebuggee: true });
      await server.close();
      for (const a of server.adapters) await a.closed();
    },
  };
}

async function main(): Promise<void> {
  const root = tempDir("gd-relay-bench-");
  try {
    const dir = writeModule(path.join(root, "loop"), { main: PROGRAM });
    const env = debugEnv(path.join(root, "home"));
    fs.mkdirSync(env.HOME, { recursive: true });
    const binary = path.join(dir, "loop");
    const build = await runProcess([goBinary, "build", "-gcflags=all=-N -l", "-o", binary, "."], {
      cwd: dir,
      env,
      timeoutMs: 300_000,
    });
    if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr}`);
    const source = path.join(dir, "main.go");

    // All three sessions stand at the same line; single steps are interleaved (rotating
    // the order) so that the load of a busy machine falls on every path alike.
    const sessions = {
      straight: await straightSession(env, dir, binary, source),
      inline: await inlineSession(env, binary, source),
      socket: await socketSession(env, binary, source),
      // A second straight session: how far two identical paths differ in the same run (the noise floor).
      twin: await straightSession(env, dir, binary, source),
    };
    type PathName = keyof typeof sessions;
    const order = Object.keys(sessions) as PathName[];
    const times: Record<PathName, number[]> = { straight: [], inline: [], socket: [], twin: [] };
    // What one step moves through the adapter, captured for the CPU measurement below.
    const fromDlv: unknown[] = [];
    try {
      for (let i = 0; i < WARMUP + STEPS; i++) {
        const capture =
          i === WARMUP + STEPS - 1
            ? sessions.inline.dc.adapter.onDidSendMessage((msg) => fromDlv.push(msg))
            : undefined;
        for (let k = 0; k < order.length; k++) {
          const name = order[(k + i) % order.length];
          const t = await step(sessions[name]);
          if (i >= WARMUP) times[name].push(t);
        }
        capture?.dispose();
      }
    } finally {
      for (const s of Object.values(sessions)) await s.close();
    }
    const m = (name: PathName): number => median(times[name]);
    const fmt = (x: number): string => x.toFixed(3);
    const line = (label: string, name: PathName): string =>
      `${label}: median ${fmt(m(name))} ms/step, p90 ${fmt(percentile(times[name], 0.9))} ms (${times[name].length} steps)`;
    console.log(`\`next\` steps, interleaved one by one across the three paths after ${WARMUP} warm-up steps each`);
    console.log(line("straight to dlv dap                ", "straight"));
    console.log(line("adapter inline (as VS Code runs it)", "inline"));
    console.log(line("adapter behind a socket (as tests) ", "socket"));
    console.log(`ratio inline / straight (medians): ${(m("inline") / m("straight")).toFixed(3)}× (goal ≤ 1.05×)`);
    console.log(
      `ratio socket / straight (medians): ${(m("socket") / m("straight")).toFixed(3)}× (one TCP hop more than VS Code has)`,
    );
    console.log(
      `noise floor: second straight session / straight (medians): ${(m("twin") / m("straight")).toFixed(3)}× (two identical paths)`,
    );
    console.log(
      `ratio inline / both straight sessions (medians of all their steps): ${(m("inline") / median([...times.straight, ...times.twin])).toFixed(3)}×`,
    );
    const paired = times.inline.map((t, i) => t / times.straight[i]);
    console.log(`paired ratio inline / straight (median of per-step ratios): ${median(paired).toFixed(3)}×`);
    // Load on the machine only ever adds time, so the fast end shows the intrinsic cost best.
    const p10 = (name: PathName): number => percentile(times[name], 0.1);
    console.log(
      `p10 ratio inline / straight: ${(p10("inline") / p10("straight")).toFixed(3)}× (${fmt(p10("inline"))} vs ${fmt(p10("straight"))} ms)`,
    );

    // dlv's step time swings with machine load far more than the relay costs, so also measure
    // the adapter's own CPU per step: frame-parse what dlv sent and encode the client's request.
    const frames = fromDlv.map((msg) => encodeDapMessage(msg));
    const request = { seq: 1, type: "request", command: "next", arguments: { threadId: 1 } };
    const reps = 20_000;
    const parser = new DapFrameParser();
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) {
      encodeDapMessage(request);
      for (const f of frames) parser.push(f);
    }
    const cpuMs = (performance.now() - t0) / reps;
    console.log(
      `adapter CPU per step (${frames.length} messages from dlv + 1 request): ${(cpuMs * 1000).toFixed(1)} µs = ${((cpuMs / m("straight")) * 100).toFixed(2)}% of a straight step`,
    );
  } finally {
    removeDir(root);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
