// A healthy Windows or macOS machine simulated on Linux: go, dlv and gopls in
// their native places (fixture files through the platform seam), and a runner
// that answers for them with the real go, dlv and gopls of this machine, run in
// a hermetic environment, their output given the simulated platform's words
// (paths, GOOS, `go env -json`'s directories). On Windows the registry's Path
// is a fixture `reg query` answer (CRLF, REG_EXPAND_SZ) agreeing with the editor's.

import * as fs from "node:fs";
import * as path from "node:path";
import type { Platform } from "../../src/core/base/platform";
import { runProcess, type RunProcess } from "../../src/core/base/process";
import { goBinary, hermeticEnv, projectRoot, realDlv, realGopls } from "./fixtures";
import { simulatedPlatform, WINDOWS_EDITOR_ENV } from "./simulatedPlatform";

export interface SimulatedMachine {
  platform: Platform;
  /** The editor's environment: the tools' directories on its PATH, as an installer leaves them. */
  processEnv: Record<string, string>;
  run: RunProcess;
  /** Where the simulated go, dlv and gopls are. */
  tools: { go: string; dlv: string; gopls: string };
  /** Every argv the diagnosis ran, as it asked for it. */
  calls: string[][];
}

interface Layout {
  goos: "windows" | "darwin";
  goarch: string;
  tools: { go: string; dlv: string; gopls: string };
  processEnv: Record<string, string>;
  /** `go env -json` values of the simulated machine. */
  goEnv: Record<string, string>;
  dirs: Record<string, string[]>;
}

const WINDOWS: Layout = {
  goos: "windows",
  goarch: "amd64",
  tools: {
    go: "C:\\Program Files\\Go\\bin\\go.exe",
    dlv: "C:\\Users\\gopher\\go\\bin\\dlv.exe",
    gopls: "C:\\Users\\gopher\\go\\bin\\gopls.exe",
  },
  processEnv: {
    ...WINDOWS_EDITOR_ENV,
    // The MSI adds Go's bin to the machine Path and %USERPROFILE%\go\bin to the user's.
    Path: "C:\\Windows\\system32;C:\\Windows;C:\\Program Files\\Go\\bin;C:\\Users\\gopher\\go\\bin",
    LOCALAPPDATA: "C:\\Users\\gopher\\AppData\\Local",
    APPDATA: "C:\\Users\\gopher\\AppData\\Roaming",
  },
  goEnv: {
    GOOS: "windows",
    GOHOSTOS: "windows",
    GOEXE: ".exe",
    GOROOT: "C:\\Program Files\\Go",
    GOPATH: "C:\\Users\\gopher\\go",
    GOMODCACHE: "C:\\Users\\gopher\\go\\pkg\\mod",
    GOCACHE: "C:\\Users\\gopher\\AppData\\Local\\go-build",
    GOENV: "C:\\Users\\gopher\\AppData\\Roaming\\go\\env",
    GOTELEMETRYDIR: "C:\\Users\\gopher\\AppData\\Roaming\\go\\telemetry",
    GOTOOLDIR: "C:\\Program Files\\Go\\pkg\\tool\\windows_amd64",
    GOPROXY: "https://proxy.golang.org,direct",
  },
  dirs: { "C:\\Windows": [], "C:\\Windows\\system32": [] },
};

const HOMEBREW_GOROOT = "/opt/homebrew/Cellar/go/1.26.8/libexec";
const DARWIN: Layout = {
  goos: "darwin",
  goarch: "arm64",
  tools: { go: "/opt/homebrew/bin/go", dlv: "/Users/gopher/go/bin/dlv", gopls: "/Users/gopher/go/bin/gopls" },
  processEnv: {
    HOME: "/Users/gopher",
    USER: "gopher",
    SHELL: "/bin/zsh",
    PATH: "/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin:/Users/gopher/go/bin",
    LANG: "en_US.UTF-8",
  },
  goEnv: {
    GOOS: "darwin",
    GOHOSTOS: "darwin",
    GOARCH: "arm64",
    GOHOSTARCH: "arm64",
    GOEXE: "",
    GOROOT: HOMEBREW_GOROOT,
    GOPATH: "/Users/gopher/go",
    GOMODCACHE: "/Users/gopher/go/pkg/mod",
    GOCACHE: "/Users/gopher/Library/Caches/go-build",
    GOENV: "/Users/gopher/Library/Application Support/go/env",
    GOTELEMETRYDIR: "/Users/gopher/Library/Application Support/go/telemetry",
    GOTOOLDIR: `${HOMEBREW_GOROOT}/pkg/tool/darwin_arm64`,
    GOPROXY: "https://proxy.golang.org,direct",
  },
  dirs: { "/usr/bin": [], "/bin": [], "/usr/sbin": [], "/sbin": [] },
};

/** `reg query` of a machine whose registry Path holds the same directories as the editor's. */
const REGISTRY: Record<string, string> = {
  HKLM:
    "\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment\r\n" +
    "    Path    REG_EXPAND_SZ    %SystemRoot%\\system32;%SystemRoot%;C:\\Program Files\\Go\\bin\r\n\r\n",
  HKCU: "\r\nHKEY_CURRENT_USER\\Environment\r\n    Path    REG_EXPAND_SZ    %USERPROFILE%\\go\\bin\r\n\r\n",
};

/**
 * The simulated machine. `root` holds the hermetic HOME, GOPATH and module cache of the real tools
 * behind it; the folder diagnosed is a real directory of this machine, its modules platform-neutral.
 */
export function simulatedMachine(name: "win32" | "darwin", root: string): SimulatedMachine {
  const layout = name === "win32" ? WINDOWS : DARWIN;
  const { platform } = simulatedPlatform(name, { files: Object.values(layout.tools), dirs: layout.dirs });
  const key = (p: string): string => (name === "win32" ? p.toLowerCase() : p);
  const real = new Map([
    [key(layout.tools.go), goBinary],
    [key(layout.tools.dlv), realDlv],
    [key(layout.tools.gopls), realGopls],
  ]);
  const home = path.join(root, "home");
  const env = hermeticEnv(home, {
    GOPATH: path.join(root, "gopath"),
    GOMODCACHE: path.join(root, "modcache"),
    GOCACHE: path.join(projectRoot, ".cache", "test-gocache"),
    GOPROXY: "off",
  });
  const words = (text: string): string => {
    let out = text.replaceAll("linux/amd64", `${layout.goos}/${layout.goarch}`);
    for (const [sim, file] of [
      [layout.tools.dlv, realDlv],
      [layout.tools.gopls, realGopls],
      [layout.tools.go, goBinary],
    ] as const)
      out = out.replaceAll(file, sim);
    return out;
  };
  const calls: string[][] = [];
  const run: RunProcess = async (argv, options) => {
    calls.push(argv);
    const [cmd, ...args] = argv;
    const tool = cmd === undefined ? undefined : real.get(key(cmd));
    if (name === "win32" && cmd === "reg") {
      const stdout = REGISTRY[(args[1] ?? "").slice(0, 4)];
      return fixed(argv, stdout);
    }
    if (tool === undefined) return fixed(argv, undefined);
    const cwd = options.cwd !== undefined && fs.existsSync(options.cwd) ? options.cwd : root;
    const realArgs = args.map((a) => real.get(key(a)) ?? a);
    const r = await runProcess([tool, ...realArgs], { ...options, cwd, env });
    const goEnvJson = tool === goBinary && args[0] === "env" && args.includes("-json");
    const stdout = goEnvJson
      ? JSON.stringify({ ...(JSON.parse(r.stdout) as Record<string, string>), ...layout.goEnv })
      : words(r.stdout);
    return { ...r, argv, stdout, stderr: words(r.stderr) };
  };
  return { platform, processEnv: { ...layout.processEnv }, run, tools: layout.tools, calls };
}

function fixed(argv: string[], stdout: string | undefined): ReturnType<RunProcess> {
  return Promise.resolve({
    argv,
    exitCode: stdout === undefined ? 1 : 0,
    signal: null,
    stdout: stdout ?? "",
    stderr: stdout === undefined ? `${argv[0]}: not on this simulated machine\r\n` : "",
    timedOut: false,
    cancelled: false,
    truncated: false,
    durationMs: 1,
  });
}
