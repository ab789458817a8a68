// A real code-server (VS Code 1.100 served to a browser), started the way a
// GUI or service launcher starts an editor: `env -i` with a PATH of symlinks
// that holds no Go, a temporary HOME, and its own user-data and extensions
// directories. Installed by scripts/setup-code-server.sh.

import { execFile, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../../support/fixtures";
import { killProcessesOf } from "./processes";

const execFileAsync = promisify(execFile);

export const codeServerEntry = path.join(
  projectRoot,
  ".cache",
  "code-server",
  "node_modules",
  "code-server",
  "out",
  "node",
  "entry.js",
);

/** Fails, saying what is missing, when scripts/setup-code-server.sh has not installed code-server. */
export function requireCodeServer(): string {
  if (!fs.existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed at ${codeServerEntry}: run scripts/setup-code-server.sh`);
  }
  return codeServerEntry;
}

export interface CodeServerOptions {
  /** The scenario's temporary directory; user-data and extensions dirs go under it. */
  root: string;
  home: string;
  /** The directory that is the editor's whole PATH. */
  pathDir: string;
  /** Further variables of the editor's environment (VSCODE_CLI, GO_DOCTOR_REPORT_FILE, …). */
  env: Record<string, string>;
  /** Settings for this editor, written as its user and its machine settings. */
  userSettings: Record<string, unknown>;
  vsix?: string;
  /** Other extensions' packages, installed before `vsix` (as a user who had them first). */
  otherVsix?: string[];
  /**
   * Directories the editor sees elsewhere: code-server runs in a mount namespace of its own
   * where each [from, to] is bound read-only over `to` (Go moved out of its system place).
   */
  binds?: [string, string][];
}

export class CodeServer {
  private output = "";

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly options: CodeServerOptions,
    output: string,
  ) {
    this.output = output;
    child.stdout?.on("data", (b: Buffer) => (this.output += b.toString()));
    child.stderr?.on("data", (b: Buffer) => (this.output += b.toString()));
  }

  get log(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The page that opens a folder, or a multi-root workspace from its .code-workspace file. */
  url(folder: string): string {
    const kind = folder.endsWith(".code-workspace") ? "workspace" : "folder";
    return `http://127.0.0.1:${this.port}/?${kind}=${encodeURIComponent(folder)}`;
  }

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    requireCodeServer();
    const userDataDir = path.join(options.root, "user-data");
    const extensionsDir = path.join(options.root, "extensions");
    fs.mkdirSync(extensionsDir, { recursive: true });
    // code-server is a remote set-up: settings of scope "machine" are read from Machine/, the others from User/.
    for (const dir of ["User", "Machine"]) {
      fs.mkdirSync(path.join(userDataDir, dir), { recursive: true });
      fs.writeFileSync(path.join(userDataDir, dir, "settings.json"), JSON.stringify(options.userSettings, null, 2));
    }
    const dirs = ["--user-data-dir", userDataDir, "--extensions-dir", extensionsDir];
    const envArgs = envArgv(options);

    for (const vsix of [...(options.otherVsix ?? []), ...(options.vsix ? [options.vsix] : [])]) {
      const { stdout, stderr } = await execFileAsync(
        "/usr/bin/env",
        [...envArgs, process.execPath, codeServerEntry, ...dirs, "--install-extension", vsix],
        { timeout: 120_000 },
      );
      if (!/was successfully installed/.test(stdout + stderr)) {
        throw new Error(`installing ${vsix} failed:\n${stdout}\n${stderr}`);
      }
    }

    const child = spawn(
      options.binds?.length ? "unshare" : "/usr/bin/env",
      [
        ...inMountNamespace(options.binds ?? []),
        ...envArgs,
        process.execPath,
        codeServerEntry,
        "--auth",
        "none",
        "--bind-addr",
        "127.0.0.1:0",
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-getting-started-override",
        ...dirs,
      ],
      { cwd: options.home, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    live.add(child);
    child.on("exit", () => live.delete(child));

    const { port, output } = await new Promise<{ port: number; output: string }>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(
        () => fail(new Error(`code-server did not report its port within 60 s:\n${out}`)),
        60_000,
      );
      const onData = (b: Buffer): void => {
        out += b.toString();
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) done(Number(m[1]));
      };
      const onExit = (code: number | null): void =>
        fail(new Error(`code-server exited (${code}) before listening:\n${out}`));
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stderr?.off("data", onData);
        child.off("exit", onExit);
      };
      const done = (p: number): void => {
        cleanup();
        resolve({ port: p, output: out });
      };
      const fail = (e: Error): void => {
        cleanup();
        killGroup(child);
        reject(e);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.on("exit", onExit);
    });
    return new CodeServer(child, port, options, output);
  }

  /**
   * Stops code-server's process group, then everything else that still runs with
   * this scenario's HOME: gopls, dlv and debuggees live in process groups of their own.
   */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once("exit", () => resolve());
    });
    signalGroup(this.child, "SIGTERM");
    const timer = setTimeout(() => killGroup(this.child), 3000);
    await exited;
    clearTimeout(timer);
    killGroup(this.child);
    killProcessesOf(this.options.home);
  }
}

/**
 * The argv prefix that runs the rest in a private mount namespace with `binds` in place
 * (root only): `mount --bind` each pair read-only, then exec `/usr/bin/env` and the rest.
 */
function inMountNamespace(binds: [string, string][]): string[] {
  if (binds.length === 0) return [];
  const script = [
    'while [ "$1" != "--" ]; do',
    '  mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" || { echo "cannot bind $1 over $2" >&2; exit 97; }',
    "  shift 2",
    "done",
    'shift; exec /usr/bin/env "$@"',
  ].join("\n");
  return ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", script, "sh", ...binds.flat(), "--"];
}

function envArgv(options: CodeServerOptions): string[] {
  const env: Record<string, string> = {
    HOME: options.home,
    PATH: options.pathDir,
    SHELL: "/bin/bash",
    LANG: "C.UTF-8",
    USER: process.env.USER ?? "root",
    ...options.env,
  };
  return ["-i", ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
}

const live = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

function killGroup(child: ChildProcess): void {
  signalGroup(child, "SIGKILL");
}

// A test that times out or a runner that is interrupted must not leave editors behind.
process.on("exit", () => {
  for (const child of live) killGroup(child);
});
