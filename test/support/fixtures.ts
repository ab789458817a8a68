// Builds real situations for tests: temporary HOMEs with rc files, fake tool
// binaries for fault cases, Go modules, and a file:// GOPROXY. Everything
// lives under one temporary directory that the test removes.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deflateRawSync } from "node:zlib";

export const projectRoot = path.resolve(__dirname, "..", "..", "..");
export const toolsGopath = path.join(projectRoot, ".cache", "tools-gopath");

/** The real Go toolchain on this machine. */
export const goBinary = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim() + "/bin/go";
export const goRoot = path.dirname(path.dirname(goBinary));
export const goVersion = execFileSync(goBinary, ["env", "GOVERSION"], { encoding: "utf8" }).trim().replace(/^go/, "");

/** Real dlv and gopls installed by scripts/setup-test-env.sh. */
export const realDlv = path.join(toolsGopath, "bin", "dlv");
export const realGopls = path.join(toolsGopath, "bin", "gopls");

export function tempDir(prefix = "gd-test-"): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function writeFile(file: string, content: string, mode?: number): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (mode !== undefined) fs.chmodSync(file, mode);
  return file;
}

/** A shell script that stands in for a tool where the point is a fault. */
export function fakeTool(dir: string, name: string, script: string): string {
  return writeFile(path.join(dir, name), `#!/bin/sh\n${script}\n`, 0o755);
}

/** A directory holding symlinks to the basic utilities, with no Go in it: the PATH of a blind editor. */
export function minimalPathDir(root: string): string {
  const dir = path.join(root, "minimal-bin");
  fs.mkdirSync(dir, { recursive: true });
  for (const tool of [
    "sh",
    "bash",
    "env",
    "cat",
    "ls",
    "mkdir",
    "rm",
    "sleep",
    "grep",
    "sed",
    "uname",
    "id",
    "tr",
    "head",
    "dirname",
    "basename",
    "readlink",
    "printf",
    "echo",
    "true",
    "false",
  ]) {
    for (const d of ["/usr/bin", "/bin"]) {
      const src = path.join(d, tool);
      if (fs.existsSync(src)) {
        fs.symlinkSync(src, path.join(dir, tool));
        break;
      }
    }
  }
  return dir;
}

/** A tiny main module; `deps` adds require lines (use with a file:// GOPROXY). */
export function writeModule(
  dir: string,
  opts: { module?: string; goLine?: string; toolchain?: string; main?: string; requires?: string[] } = {},
): string {
  const mod = opts.module ?? "example.com/hello";
  const lines = [`module ${mod}`, "", `go ${opts.goLine ?? "1.22"}`];
  if (opts.toolchain) lines.push("", `toolchain ${opts.toolchain}`);
  if (opts.requires?.length) lines.push("", "require (", ...opts.requires.map((r) => `\t${r}`), ")");
  writeFile(path.join(dir, "go.mod"), lines.join("\n") + "\n");
  writeFile(
    path.join(dir, "main.go"),
    opts.main ?? `package main\n\nimport "fmt"\n\nfunc main() {\n\tgreeting := "hello"\n\tfmt.Println(greeting)\n}\n`,
  );
  return dir;
}

/**
 * Writes a module proxy in the file:// layout (`<module>/@v/list`, `.info`, `.mod`, `.zip`)
 * for one module with one package, so tests can download without network.
 * Returns the GOPROXY value.
 */
export function writeFileProxy(root: string, modulePath: string, version: string, goSource: string): string {
  const proxy = path.join(root, "proxy");
  const vdir = path.join(proxy, modulePath, "@v");
  fs.mkdirSync(vdir, { recursive: true });
  fs.appendFileSync(path.join(vdir, "list"), `${version}\n`);
  fs.writeFileSync(
    path.join(vdir, `${version}.info`),
    JSON.stringify({ Version: version, Time: "2024-01-01T00:00:00Z" }),
  );
  const gomod = `module ${modulePath}\n\ngo 1.21\n`;
  fs.writeFileSync(path.join(vdir, `${version}.mod`), gomod);
  // The zip holds <module>@<version>/ files; build it with Go's own zip format via `zip`-free Node code.
  const stage = path.join(root, "zipstage", `${modulePath}@${version}`);
  writeFile(path.join(stage, "go.mod"), gomod);
  const pkgName = modulePath
    .split("/")
    .pop()!
    .replace(/[^a-z0-9]/gi, "");
  writeFile(path.join(stage, `${pkgName}.go`), goSource);
  writeZip(path.join(vdir, `${version}.zip`), path.join(root, "zipstage"), `${modulePath}@${version}`);
  return `file://${proxy}`;
}

/** Zips the files under `base/prefix` (names relative to base), as module zips are laid out. */
function writeZip(zipFile: string, base: string, prefix: string): void {
  const files: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(base, rel), { withFileTypes: true })) {
      const r = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else files[r] = fs.readFileSync(path.join(base, r), "utf8");
    }
  };
  walk(prefix);
  fs.writeFileSync(zipFile, zipFiles(files));
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A deflate zip of the given files (name → text), as the go command reads module zips. */
export function zipFiles(files: Record<string, string>): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const names = Object.keys(files);
  for (const name of names) {
    const data = Buffer.from(files[name], "utf8");
    const packed = deflateRawSync(data);
    const nameBuf = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    chunks.push(local, nameBuf, packed);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(8, 10);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(packed.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(nameBuf.length, 28);
    cen.writeUInt32LE(offset, 42);
    central.push(cen, nameBuf);
    offset += local.length + nameBuf.length + packed.length;
  }
  const cenBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cenBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, cenBuf, end]);
}

/** Processes (other than this one) whose environment carries this HOME: everything a run under that HOME started. */
export function processesWithHome(home: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(`HOME=${home}`))
        pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

/**
 * Keeps the go command's telemetry off in a test HOME: otherwise `go` writes
 * ~/.config/go/telemetry (and may leave an upload child doing so) while the test removes the tree.
 */
export function goTelemetryOff(home: string): void {
  fs.mkdirSync(path.join(home, ".config", "go", "telemetry"), { recursive: true });
  fs.writeFileSync(path.join(home, ".config", "go", "telemetry", "mode"), "off");
}

/** Base environment for a hermetic test: real go on PATH, fresh HOME, no inherited Go variables. */
export function hermeticEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  goTelemetryOff(home);
  return {
    HOME: home,
    PATH: `${path.dirname(goBinary)}:/usr/local/bin:/usr/bin:/bin`,
    LANG: "C.UTF-8",
    GOTOOLCHAIN: "local",
    GOFLAGS: "-modcacherw",
    ...extra,
  };
}
