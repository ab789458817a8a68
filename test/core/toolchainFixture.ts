// A downloadable Go toolchain for tests: a file:// module proxy serving
// golang.org/toolchain@v0.0.1-<name>.<goos>-<goarch> whose bin/go only answers
// `go version`. The real go command downloads, verifies (GOSUMDB=off is
// accepted for a sole file:// proxy), unpacks and runs it.

import * as fs from "node:fs";
import * as path from "node:path";
import { deflateRawSync } from "node:zlib";

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

/** A deflate zip of the given files, as module zips are. */
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

/** Writes the toolchain module into <dir>/golang.org/toolchain/@v and returns the file:// GOPROXY. */
export function writeToolchainProxy(dir: string, toolchain: string, goos: string, goarch: string): string {
  const version = `v0.0.1-${toolchain}.${goos}-${goarch}`;
  const vdir = path.join(dir, "golang.org", "toolchain", "@v");
  fs.mkdirSync(vdir, { recursive: true });
  fs.appendFileSync(path.join(vdir, "list"), `${version}\n`);
  fs.writeFileSync(path.join(vdir, `${version}.info`), JSON.stringify({ Version: version, Time: "2024-01-01T00:00:00Z" }));
  fs.writeFileSync(path.join(vdir, `${version}.mod`), "module golang.org/toolchain\n");
  const prefix = `golang.org/toolchain@${version}`;
  const goScript = `#!/bin/sh\nif [ "$1" = version ]; then echo "go version ${toolchain} ${goos}/${goarch}"; exit 0; fi\necho "test toolchain ${toolchain} only answers go version" >&2\nexit 2\n`;
  fs.writeFileSync(
    path.join(vdir, `${version}.zip`),
    zipFiles({
      [`${prefix}/bin/go`]: goScript,
      [`${prefix}/bin/gofmt`]: "#!/bin/sh\nexit 0\n",
      [`${prefix}/lib/README`]: "test toolchain\n",
      [`${prefix}/pkg/tool/README`]: "test toolchain\n",
      [`${prefix}/VERSION`]: `${toolchain}\n`,
    }),
  );
  return `file://${dir}`;
}
