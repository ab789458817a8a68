import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { DapAdapterOptions, GateResult } from "../../../src/core/dap/dapAdapter";
import { liveChildCount, runProcess } from "../../../src/core/base/process";
import { DapFrameParser, encodeDapMessage } from "../../../src/core/dap/dapFraming";
import { parseListenLine } from "../../../src/core/dap/dlvDapServer";
import {
  DEBUGGEE,
  InProcessDebugClient,
  PRINT_LINE,
  debugEnv,
  startDapServer,
  type DapTestServer,
} from "../../support/dapServer";
import { fakeTool, goBinary, realDlv, removeDir, tempDir, writeFile, writeModule } from "../../support/fixtures";

const T = 30_000;

let root: string;
let moduleDir: string;
let mainGo: string;
let env: Record<string, string>;

before(() => {
  root = tempDir("gd-dap-adapter-");
  moduleDir = writeModule(path.join(root, "hello"), { main: DEBUGGEE });
  mainGo = path.join(moduleDir, "main.go");
  env = debugEnv(path.join(root, "home"));
  fs.mkdirSync(env.HOME, { recursive: true });
});

after(() => removeDir(root));

const open = (dlvPath = realDlv): GateResult => ({ ok: true, dlvPath, env });

/** A gate that opens after `ms`, remembering when. */
function delayedGate(
  ms: number,
  result: () => GateResult,
): { wait: DapAdapterOptions["waitForGate"]; openedAt: () => number } {
  let openedAt = Infinity;
  return {
    wait: () =>
      new Promise((resolve) =>
        setTimeout(() => {
          openedAt = performance.now();
          resolve(result());
        }, ms),
      ),
    openedAt: () => openedAt,
  };
}

let server: DapTestServer | undefined;
let client: DebugClient | undefined;

async function connect(options: () => DapAdapterOptions): Promise<DebugClient> {
  server = await startDapServer(options);
  client = new DebugClient("node", "unused", "go");
  client.defaultTimeout = T;
  await client.start(server.port);
  return client;
}

afterEach(async () => {
  await client?.stop();
  client = undefined;
  if (server) {
    await server.close();
    for (const a of server.adapters) await a.closed();
    server = undefined;
  }
  assert.equal(liveChildCount(), 0, "every dlv the adapter started has exited");
});

/** Sets a breakpoint on the Println line, runs there and reads the locals; `launched` is the pending launch response. */
async function stopAtPrint(
  dc: DebugClient,
  launched: Promise<unknown>,
  initialized: Promise<unknown>,
): Promise<Map<string, string>> {
  await initialized;
  const bps = await dc.setBreakpointsRequest({ source: { path: mainGo }, breakpoints: [{ line: PRINT_LINE }] });
  assert.equal(bps.body.breakpoints[0]?.verified, true, "breakpoint verified by dlv");
  const stopped = dc.waitForEvent("stopped", T);
  await dc.configurationDoneRequest();
  await launched;
  const event = (await stopped) as DebugProtocol.StoppedEvent;
  assert.equal(event.body.reason, "breakpoint");
  const stack = await dc.stackTraceRequest({ threadId: event.body.threadId! });
  const top = stack.body.stackFrames[0];
  assert.equal(top.line, PRINT_LINE);
  assert.equal(top.source?.path, mainGo);
  const scopes = await dc.scopesRequest({ frameId: top.id });
  const vars = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
  return new Map(vars.body.variables.map((v) => [v.name, v.value]));
}

function launchAndStop(dc: DebugClient, args: Record<string, unknown>): Promise<Map<string, string>> {
  const initialized = dc.waitForEvent("initialized", T);
  const launched = dc.launchRequest(args);
  return stopAtPrint(dc, launched, initialized);
}

async function launchError(
  dc: DebugClient,
  args: Record<string, unknown>,
): Promise<{ message: string; terminated: boolean }> {
  const terminated = dc.waitForEvent("terminated", T).then(
    () => true,
    () => false,
  );
  // The first request after a failure carries it: initialize when the gate has failed already, else launch.
  const error = await dc
    .initializeRequest()
    .then(() => dc.launchRequest(args as DebugProtocol.LaunchRequestArguments))
    .then(
      () => assert.fail("initialize or launch should fail"),
      (e: Error) => e,
    );
  return { message: error.message, terminated: await terminated };
}

void describe("Go Doctor's debug adapter with real dlv", { timeout: 120_000 }, () => {
  void it("stops at a breakpoint in a real Go program and reads a local variable back", async () => {
    const dc = await connect(() => ({ waitForGate: async () => open() }));
    await dc.initializeRequest();
    const locals = await launchAndStop(dc, { mode: "debug", program: moduleDir, env: { GREETING: "hi" } });
    assert.equal(locals.get("message"), '"hi total=3"');
    assert.equal(locals.get("total"), "3");
  });

  void it("works inline, without a socket, as VS Code's DebugAdapterInlineImplementation drives it", async () => {
    const dc = new InProcessDebugClient({ waitForGate: async () => open() });
    dc.defaultTimeout = T;
    try {
      await dc.initializeRequest();
      const locals = await launchAndStop(dc, { mode: "debug", program: moduleDir, env: { GREETING: "inline" } });
      assert.equal(locals.get("message"), '"inline total=3"');
      await dc.disconnectRequest({});
    } finally {
      await dc.close();
    }
  });

  void it("holds a launch sent before the gate opens, then proceeds", async () => {
    const gate = delayedGate(1500, () => open());
    const dc = await connect(() => ({ waitForGate: gate.wait }));
    await dc.initializeRequest();
    const initialized = dc.waitForEvent("initialized", T);
    const sentAt = performance.now();
    const launched = dc
      .launchRequest({ mode: "debug", program: moduleDir } as DebugProtocol.LaunchRequestArguments)
      .then(() => performance.now());
    const locals = await stopAtPrint(dc, launched, initialized);
    const answeredAt = await launched;
    assert.ok(sentAt < gate.openedAt(), "the launch was sent while the gate was closed");
    assert.ok(answeredAt >= gate.openedAt(), "dlv answered the launch only after the gate opened");
    assert.equal(locals.get("total"), "3");
  });

  void it("with a known configuration holds even initialize until the gate opens, dlv answers it, and envFile still applies", async () => {
    const gate = delayedGate(1000, () => open());
    const envFile = writeFile(path.join(root, "config.env"), "GREETING=configured\n");
    const configuration = { request: "launch", mode: "debug", program: moduleDir, envFile };
    const dc = await connect(() => ({ waitForGate: gate.wait, configuration }));
    // Both sent at once while the gate is closed: held, then replayed to dlv in order.
    const answers: string[] = [];
    const init = dc.initializeRequest().then((r) => {
      answers.push("initialize");
      return { r, at: performance.now() };
    });
    const initialized = dc.waitForEvent("initialized", T);
    const launched = dc
      .launchRequest(configuration as DebugProtocol.LaunchRequestArguments)
      .then(() => answers.push("launch"));
    const locals = await stopAtPrint(dc, launched, initialized);
    const { r, at } = await init;
    assert.ok(at >= gate.openedAt(), "initialize answered after the gate opened");
    assert.equal(r.body?.supportsConfigurationDoneRequest, true);
    assert.deepEqual(answers, ["initialize", "launch"]);
    assert.equal(locals.get("message"), '"configured total=3"', "the launch request's envFile was read");
  });

  void it("reads envFile and merges it under env, and passes dlvFlags to dlv", async () => {
    const envFile = writeFile(path.join(root, "debug.env"), '# comment\nexport GREETING="from file"\nUNUSED=1\n');
    const lines: string[] = [];
    const dc = await connect(() => ({ waitForGate: async () => open(), log: (l) => lines.push(l) }));
    await dc.initializeRequest();
    const locals = await launchAndStop(dc, {
      mode: "debug",
      program: moduleDir,
      envFile,
      dlvFlags: ["--log", "--log-output=dap"],
    });
    assert.equal(locals.get("message"), '"from file total=3"');
    assert.ok(
      lines.some((l) => l.includes("dap")),
      `dlv logged its DAP traffic because of dlvFlags:\n${lines.slice(0, 5).join("\n")}`,
    );
  });

  void it("debugs a test (mode test) with args and buildFlags passed through to dlv", async () => {
    const dir = path.join(root, "withtests");
    writeFile(path.join(dir, "go.mod"), "module example.com/withtests\n\ngo 1.22\n");
    writeFile(
      path.join(dir, "answer_gd.go"),
      "//go:build gd\n\npackage withtests\n\nfunc answer() int { return 42 }\n",
    );
    writeFile(
      path.join(dir, "answer_other.go"),
      "//go:build !gd\n\npackage withtests\n\nfunc answer() int { return 0 }\n",
    );
    const testFile = writeFile(
      path.join(dir, "answer_test.go"),
      'package withtests\n\nimport (\n\t"os"\n\t"testing"\n)\n\nfunc TestEarlyExit(t *testing.T) {\n\tos.Exit(3) // runs first unless -test.run deselects it\n}\n\nfunc TestAnswer(t *testing.T) {\n\tv := answer()\n\tif v != 42 {\n\t\tt.Fatal(v)\n\t}\n}\n',
    );
    const dc = await connect(() => ({ waitForGate: async () => open() }));
    await dc.initializeRequest();
    const initialized = dc.waitForEvent("initialized", T);
    const launched = dc.launchRequest({
      mode: "test",
      program: dir,
      args: ["-test.run", "^TestAnswer$"],
      buildFlags: "-tags=gd",
    } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    const bps = await dc.setBreakpointsRequest({ source: { path: testFile }, breakpoints: [{ line: 14 }] });
    assert.equal(bps.body.breakpoints[0]?.verified, true);
    const stopped = dc.waitForEvent("stopped", T);
    await dc.configurationDoneRequest();
    await launched;
    const event = (await stopped) as DebugProtocol.StoppedEvent;
    const stack = await dc.stackTraceRequest({ threadId: event.body.threadId! });
    assert.match(stack.body.stackFrames[0]?.name ?? "", /withtests\.TestAnswer$/);
    const scopes = await dc.scopesRequest({ frameId: stack.body.stackFrames[0].id });
    const vars = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
    assert.equal(vars.body.variables.find((v) => v.name === "v")?.value, "42", "built with -tags=gd");
  });

  void it("connects a launch with host/port to an already running dlv dap server, without waiting for the gate", async () => {
    const abort = new AbortController();
    let announce: (port: number) => void = () => undefined;
    const announced = new Promise<number>((resolve) => (announce = resolve));
    let out = "";
    const external = runProcess([realDlv, "dap", "--listen=127.0.0.1:0"], {
      env,
      cwd: moduleDir,
      timeoutMs: 60_000,
      signal: abort.signal,
      onOutput: (_s, chunk) => {
        out += chunk;
        const at = parseListenLine(out);
        if (at) announce(at.port);
      },
    });
    try {
      const port = await announced;
      // A remote server needs no local dlv: even a failed gate does not stand in the way.
      const dc = await connect(() => ({
        waitForGate: async () => ({ ok: false, code: "GD020", message: "Delve (dlv) not found" }),
      }));
      await dc.initializeRequest();
      const locals = await launchAndStop(dc, { mode: "debug", program: moduleDir, host: "127.0.0.1", port });
      assert.equal(locals.get("total"), "3");
    } finally {
      abort.abort();
      await external;
    }
  });
});

/** Pids of live processes whose executable lies under `dir` (Linux /proc). */
function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/exe`).startsWith(dir + path.sep)) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

const FOREVER = `package main

import "time"

func main() {
	n := 0
	for {
		n++
		time.Sleep(10 * time.Millisecond)
	}
}
`;

void describe("Go Doctor's debug adapter at the end of a session", { timeout: 120_000 }, () => {
  void it(
    "ends dlv and the debuggee when the client goes away without a disconnect",
    { skip: fs.existsSync("/proc/self/exe") ? false : "needs /proc" },
    async () => {
      const dir = writeModule(path.join(root, "forever"), { main: FOREVER });
      const dc = await connect(() => ({ waitForGate: async () => open() }));
      await dc.initializeRequest();
      const initialized = dc.waitForEvent("initialized", T);
      const launched = dc.launchRequest({ mode: "debug", program: dir } as DebugProtocol.LaunchRequestArguments);
      await initialized;
      await dc.configurationDoneRequest();
      await launched;
      // Running free, without breakpoints: a debuggee that a killed dlv merely abandoned would live on.
      for (let i = 0; i < 50 && processesUnder(dir).length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(processesUnder(dir).length, 1, "the debuggee runs from the module directory");
      // The window closes: no disconnect, the connection just ends.
      client = undefined;
      await server!.close();
      for (const a of server!.adapters) await a.closed();
      server = undefined;
      assert.deepEqual(processesUnder(dir), [], "the debuggee was terminated");
      assert.equal(liveChildCount(), 0);
      assert.deepEqual(
        fs.readdirSync(dir).filter((f) => f.startsWith("__debug_bin")),
        [],
        "dlv removed its build",
      );
    },
  );

  void it("kills a dlv that is still starting when the session ends", async () => {
    const slow = fakeTool(path.join(root, "slow"), "dlv", "sleep 30");
    const dc = await connect(() => ({ waitForGate: async () => open(slow) }));
    await dc.initializeRequest();
    void dc
      .launchRequest({ mode: "debug", program: moduleDir } as DebugProtocol.LaunchRequestArguments)
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(liveChildCount(), 1, "the stand-in is starting");
    const started = performance.now();
    client = undefined;
    await server!.close();
    for (const a of server!.adapters) await a.closed();
    server = undefined;
    assert.ok(performance.now() - started < 3000, "did not wait for the 10 s listen timeout");
    assert.equal(liveChildCount(), 0);
  });

  void it(
    "tells the client why when dlv dies under it, and ends the session",
    { skip: fs.existsSync("/proc/self/exe") ? false : "needs /proc" },
    async () => {
      const dir = writeModule(path.join(root, "crash"), { main: FOREVER });
      const dc = await connect(() => ({ waitForGate: async () => open() }));
      const output: string[] = [];
      let outputSeq = 0;
      dc.on("output", (e: DebugProtocol.OutputEvent) => {
        output.push(e.body.output);
        outputSeq = e.seq;
      });
      await dc.initializeRequest();
      const initialized = dc.waitForEvent("initialized", T);
      const launched = dc.launchRequest({ mode: "debug", program: dir } as DebugProtocol.LaunchRequestArguments);
      await initialized;
      const done = await dc.configurationDoneRequest();
      await launched;
      // The dlv this adapter started: its executable is realDlv and its working directory the module.
      const dlvPids = fs.readdirSync("/proc").filter((e) => {
        try {
          return (
            /^\d+$/.test(e) &&
            fs.readlinkSync(`/proc/${e}/exe`) === fs.realpathSync(realDlv) &&
            fs.readlinkSync(`/proc/${e}/cwd`) === fs.realpathSync(dir)
          );
        } catch {
          return false;
        }
      });
      assert.equal(dlvPids.length, 1);
      const terminated = dc.waitForEvent("terminated", T);
      process.kill(Number(dlvPids[0]), "SIGKILL");
      const end = await terminated;
      assert.ok(
        done.seq < outputSeq && outputSeq < end.seq,
        `the adapter's own messages continue dlv's numbering (${done.seq}, ${outputSeq}, ${end.seq})`,
      );
      assert.ok(
        output.some((o) => /dlv exited \(killed by SIGKILL\)|connection to the debug server closed/.test(o)),
        output.join(""),
      );
      const late = await dc.threadsRequest().then(
        () => "answered",
        (e: Error) => e.message,
      );
      assert.match(late, /the debug session has ended/);
      for (const pid of processesUnder(dir)) process.kill(pid, "SIGKILL");
    },
  );

  void it("attaches in remote mode to a real headless dlv and stops at a breakpoint, with the configuration known up front", async () => {
    const build = await runProcess([goBinary, "build", "-gcflags=all=-N -l", "-o", "prog", "."], {
      cwd: moduleDir,
      env,
      timeoutMs: 120_000,
    });
    assert.equal(build.exitCode, 0, build.stderr);
    const abort = new AbortController();
    let announce: (port: number) => void = () => undefined;
    const announced = new Promise<number>((resolve) => (announce = resolve));
    let out = "";
    const headless = runProcess(
      [
        realDlv,
        "exec",
        path.join(moduleDir, "prog"),
        "--headless",
        "--listen=127.0.0.1:0",
        "--api-version=2",
        "--accept-multiclient",
      ],
      {
        env,
        cwd: moduleDir,
        timeoutMs: 60_000,
        signal: abort.signal,
        onOutput: (_s, chunk) => {
          out += chunk;
          const m = /API server listening at: 127\.0\.0\.1:(\d+)/.exec(out);
          if (m) announce(Number(m[1]));
        },
      },
    );
    try {
      const port = await announced;
      // As the extension does it: the configuration is known, so dlv (not the adapter) answers initialize.
      const configuration = { request: "attach", mode: "remote", host: "127.0.0.1", port };
      const dc = await connect(() => ({ waitForGate: async () => open(), configuration }));
      const init = await dc.initializeRequest();
      assert.equal(init.body?.supportsConfigurationDoneRequest, true);
      const initialized = dc.waitForEvent("initialized", T);
      const attached = dc.attachRequest(configuration as DebugProtocol.AttachRequestArguments);
      const locals = await stopAtPrint(dc, attached, initialized);
      assert.equal(locals.get("total"), "3");
      await dc.disconnectRequest({ terminateDebuggee: true });
      client = undefined;
    } finally {
      abort.abort();
      await headless;
      fs.rmSync(path.join(moduleDir, "prog"), { force: true });
    }
  });
});

void describe("Go Doctor's debug adapter when the hand-off fails", { timeout: 60_000 }, () => {
  void it("answers the launch with the gate's fault code and ends the session", async () => {
    const dc = await connect(() => ({
      waitForGate: async () => ({ ok: false, code: "GD020", message: "Delve (dlv) not found on the login PATH" }),
    }));
    const { message, terminated } = await launchError(dc, { mode: "debug", program: moduleDir });
    assert.match(message, /^GD020: Delve \(dlv\) not found/);
    assert.ok(terminated, "a terminated event follows");
  });

  void it("reports GD090 within the timeout when dlv never prints its listening line", async () => {
    const fake = fakeTool(path.join(root, "silent"), "dlv", 'echo "warming up, please wait"\nsleep 30');
    const dc = await connect(() => ({ waitForGate: async () => open(fake), listenTimeoutMs: 700 }));
    const started = performance.now();
    const { message, terminated } = await launchError(dc, { mode: "debug", program: moduleDir });
    assert.ok(performance.now() - started < 5000, "gave up soon after the timeout");
    assert.match(message, /^GD090: dlv dap did not print its listening line within 700 ms/);
    assert.match(message, /warming up, please wait/);
    assert.ok(terminated);
  });

  void it("reports GD090 with the exit code and output of a dlv that exits at once", async () => {
    const fake = fakeTool(
      path.join(root, "crashing"),
      "dlv",
      'echo "Error: unknown command \\"dap\\" for \\"dlv\\"" >&2\nexit 3',
    );
    const dc = await connect(() => ({ waitForGate: async () => open(fake) }));
    const { message } = await launchError(dc, { mode: "debug", program: moduleDir });
    assert.match(message, /^GD090: dlv dap exited before printing its listening line \(exit code 3\)/);
    assert.match(message, /unknown command "dap" for "dlv"/);
  });

  void it("reports GD093 when real dlv cannot listen because the port is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const dc = await connect(() => ({ waitForGate: async () => open(), listen: `127.0.0.1:${port}` }));
      const { message } = await launchError(dc, { mode: "debug", program: moduleDir });
      assert.match(
        message,
        new RegExp(`^GD093: dlv dap could not listen on 127\\.0\\.0\\.1:${port}: the address is already in use`),
      );
      assert.match(message, /bind: address already in use/);
    } finally {
      blocker.close();
    }
  });

  void it("reports GD091 for a remote attach to a port where nothing listens", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const dc = await connect(() => ({ waitForGate: async () => open() }));
    await dc.initializeRequest();
    const error = await dc
      .attachRequest({ mode: "remote", host: "127.0.0.1", port } as DebugProtocol.AttachRequestArguments)
      .then(
        () => assert.fail("attach should fail"),
        (e: Error) => e,
      );
    assert.match(
      error.message,
      new RegExp(
        `^GD091: could not connect to the debug adapter at 127\\.0\\.0\\.1:${port}: the connection was refused`,
      ),
    );
  });

  void it("ends the session, answering what is pending, when the debug server sends frames that are not DAP messages", async () => {
    // A stand-in server: a correct initialize answer, then nonsense in reply to launch.
    const fake = net.createServer((socket) => {
      const parser = new DapFrameParser();
      socket.on("error", () => undefined);
      socket.on("data", (chunk: Buffer) => {
        for (const frame of parser.push(chunk)) {
          const m = frame.kind === "message" ? (frame.body as DebugProtocol.Request) : undefined;
          if (m?.command === "initialize")
            socket.write(
              encodeDapMessage({
                seq: 1,
                type: "response",
                request_seq: m.seq,
                command: "initialize",
                success: true,
                body: {},
              }),
            );
          else if (m?.command === "launch") socket.write(encodeDapMessage(["not", "a", "message"]));
        }
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    try {
      const port = (fake.address() as net.AddressInfo).port;
      const dc = await connect(() => ({ waitForGate: async () => open() }));
      const { message, terminated } = await launchError(dc, { mode: "debug", program: moduleDir, port });
      assert.match(message, /not a DAP message: \["not","a","message"\]/);
      assert.ok(terminated);
    } finally {
      fake.close();
    }
  });

  void it("reports GD080 when envFile cannot be read", async () => {
    const dc = await connect(() => ({ waitForGate: async () => open() }));
    const { message } = await launchError(dc, {
      mode: "debug",
      program: moduleDir,
      envFile: path.join(root, "missing.env"),
    });
    assert.match(message, /^GD080: envFile .*missing\.env cannot be read: ENOENT/);
  });

  void it("answers a disconnect sent while the gate is still closed and starts nothing", async () => {
    let aborted = false;
    const dc = await connect(() => ({
      waitForGate: (signal) =>
        new Promise<GateResult>((resolve) =>
          signal.addEventListener("abort", () => {
            aborted = true;
            resolve({ ok: false, code: "GD099", message: "aborted" });
          }),
        ),
    }));
    await dc.initializeRequest();
    const launched = dc
      .launchRequest({ mode: "debug", program: moduleDir } as DebugProtocol.LaunchRequestArguments)
      .then(
        () => "ok",
        (e: Error) => e.message,
      );
    await dc.disconnectRequest({});
    assert.match(await launched, /stopped before it started/);
    assert.ok(aborted, "the wait for the gate was aborted");
  });
});
