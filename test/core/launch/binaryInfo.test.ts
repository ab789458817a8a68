import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { readBinaryInfo } from "../../../src/core/launch/binaryInfo";
import { removeDir, tempDir } from "../../support/fixtures";
import { goBuild, helloModule } from "../../support/binaryBuild";

const root = tempDir("gd-binaryinfo-");
const bins: Record<string, string> = {};

/** strip from binutils, which scripts/setup-test-env.sh installs: missing, the test fails saying so. */
function strip(file: string): void {
  try {
    execFileSync("strip", [file]);
  } catch (e) {
    throw new Error(`strip (binutils) is needed by this test: ${(e as Error).message}`);
  }
}

before(async () => {
  const ws = helloModule(root);
  const out = (name: string): string => path.join(root, "bin", name);
  const jobs: [string, string[], Record<string, string>][] = [
    ["plain", [], {}],
    ["w", ["-ldflags=-w"], {}],
    ["sw", ["-ldflags=-s -w"], {}],
    // One per header layout: ELF32 LE, ELF64 BE, Mach-O 64, PE32+.
    ["linux-386", [], { GOOS: "linux", GOARCH: "386" }],
    ["linux-s390x", [], { GOOS: "linux", GOARCH: "s390x" }],
    ["darwin-arm64", [], { GOOS: "darwin", GOARCH: "arm64" }],
    ["darwin-arm64-w", ["-ldflags=-w"], { GOOS: "darwin", GOARCH: "arm64" }],
    ["windows-amd64", [], { GOOS: "windows", GOARCH: "amd64" }],
    ["windows-amd64-sw", ["-ldflags=-s -w"], { GOOS: "windows", GOARCH: "amd64" }],
  ];
  await Promise.all(
    jobs.map(async ([name, flags, env]) => (bins[name] = await goBuild(root, ws, out(name), flags, env))),
  );
  bins.stripped = out("stripped");
  fs.copyFileSync(bins.plain, bins.stripped);
  strip(bins.stripped);
});

after(() => removeDir(root));

describe("readBinaryInfo on real Go binaries", () => {
  it("a plain build has DWARF and symbols (ELF64 little-endian)", async () => {
    const info = await readBinaryInfo(bins.plain);
    assert.equal(info.format, "elf");
    assert.equal(info.hasDwarf, true);
    assert.equal(info.hasSymbols, true);
    assert.ok(info.debugSections?.includes(".debug_line"));
  });

  it("-ldflags=-w drops DWARF but keeps the symbol table", async () => {
    assert.deepEqual(await readBinaryInfo(bins.w), {
      format: "elf",
      hasDwarf: false,
      hasSymbols: true,
      debugSections: [],
    });
  });

  it('-ldflags="-s -w" drops both', async () => {
    assert.deepEqual(await readBinaryInfo(bins.sw), {
      format: "elf",
      hasDwarf: false,
      hasSymbols: false,
      debugSections: [],
    });
  });

  it("strip drops both", async () => {
    assert.deepEqual(await readBinaryInfo(bins.stripped), {
      format: "elf",
      hasDwarf: false,
      hasSymbols: false,
      debugSections: [],
    });
  });

  it("reads ELF32 little-endian (linux/386) and ELF64 big-endian (linux/s390x)", async () => {
    for (const name of ["linux-386", "linux-s390x"]) {
      const info = await readBinaryInfo(bins[name]);
      assert.equal(info.format, "elf", name);
      assert.equal(info.hasDwarf, true, name);
      assert.equal(info.hasSymbols, true, name);
    }
  });

  it("reads Mach-O 64 (darwin/arm64): the __DWARF segment's sections, gone with -w", async () => {
    const info = await readBinaryInfo(bins["darwin-arm64"]);
    assert.equal(info.format, "macho");
    assert.equal(info.hasDwarf, true);
    assert.ok(info.debugSections?.some((s) => /^__z?debug_info$/.test(s)));
    const w = await readBinaryInfo(bins["darwin-arm64-w"]);
    assert.equal(w.format, "macho");
    assert.equal(w.hasDwarf, false);
  });

  it("reads a universal (fat) Mach-O through its first slice, laid out as lipo writes it", async () => {
    const thin = fs.readFileSync(bins["darwin-arm64"]);
    const align = 14; // 16 KiB, lipo's alignment for arm64 slices
    const header = Buffer.alloc(8 + 20);
    header.writeUInt32BE(0xcafebabe, 0);
    header.writeUInt32BE(1, 4);
    header.writeUInt32BE(0x0100000c, 8); // CPU_TYPE_ARM64
    header.writeUInt32BE(0, 12);
    header.writeUInt32BE(1 << align, 16);
    header.writeUInt32BE(thin.length, 20);
    header.writeUInt32BE(align, 24);
    const fat = path.join(root, "bin", "universal");
    fs.writeFileSync(fat, Buffer.concat([header, Buffer.alloc((1 << align) - header.length), thin]));
    const info = await readBinaryInfo(fat);
    assert.equal(info.format, "macho");
    assert.equal(info.hasDwarf, true);
  });

  it("reads PE (windows/amd64): long .zdebug_ names from the string table, gone with -s -w", async () => {
    const info = await readBinaryInfo(bins["windows-amd64"]);
    assert.equal(info.format, "pe");
    assert.equal(info.hasDwarf, true);
    assert.equal(info.hasSymbols, true);
    assert.ok(info.debugSections?.some((s) => /^\.z?debug_info$/.test(s)));
    assert.deepEqual(await readBinaryInfo(bins["windows-amd64-sw"]), {
      format: "pe",
      hasDwarf: false,
      hasSymbols: false,
      debugSections: [],
    });
  });
});

describe("readBinaryInfo on garbage", () => {
  it("answers unknown for text, empty files, directories and missing files", async () => {
    const text = path.join(root, "notes.txt");
    fs.writeFileSync(text, "package main\n");
    const empty = path.join(root, "empty");
    fs.writeFileSync(empty, "");
    for (const f of [text, empty, root, path.join(root, "missing")]) {
      assert.deepEqual(await readBinaryInfo(f), { format: "unknown", hasDwarf: false, hasSymbols: false }, f);
    }
  });

  it("never throws and never claims DWARF for a truncated binary whose section table is cut off", async () => {
    const whole = fs.readFileSync(bins.plain);
    const cut = path.join(root, "cut");
    for (const len of [0, 1, 4, 16, 52, 63, 64, 100, 4096, whole.length - 1]) {
      fs.writeFileSync(cut, whole.subarray(0, len));
      const info = await readBinaryInfo(cut);
      // The ELF section table sits at the end of a Go binary, so every prefix loses it.
      assert.equal(info.hasDwarf, false, `prefix of ${len} bytes`);
      if (len >= 16) assert.equal(info.format, "elf");
    }
  });

  it("never throws on real headers with random bytes overwritten (property)", async () => {
    const runs = Number(process.env.GD_FUZZ_RUNS ?? "300");
    const sources = ["plain", "linux-386", "linux-s390x", "darwin-arm64", "windows-amd64"].map((n) =>
      fs.readFileSync(bins[n]),
    );
    const target = path.join(root, "fuzzed");
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 }),
        fc.boolean(),
        async (which, flips, inHeader) => {
          const data = Buffer.from(sources[which]);
          for (const [pos, byte] of flips) {
            // Half the runs aim at the first 4 KiB where every format keeps its headers.
            data[inHeader ? pos % 4096 : pos % data.length] = byte;
          }
          fs.writeFileSync(target, data);
          const info = await readBinaryInfo(target);
          assert.ok(["elf", "macho", "pe", "unknown"].includes(info.format));
          assert.equal(typeof info.hasDwarf, "boolean");
        },
      ),
      { numRuns: runs },
    );
  });

  it("never throws on random bytes behind each magic number (property)", async () => {
    const target = path.join(root, "random");
    const magics = [
      [0x7f, 0x45, 0x4c, 0x46, 1, 1],
      [0x7f, 0x45, 0x4c, 0x46, 2, 2],
      [0xcf, 0xfa, 0xed, 0xfe],
      [0xfe, 0xed, 0xfa, 0xce],
      [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2],
      [0x4d, 0x5a],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: magics.length - 1 }),
        fc.uint8Array({ maxLength: 2048 }),
        async (m, rest) => {
          fs.writeFileSync(target, Buffer.concat([Buffer.from(magics[m]), Buffer.from(rest)]));
          const info = await readBinaryInfo(target);
          assert.equal(typeof info.hasSymbols, "boolean");
        },
      ),
      { numRuns: Number(process.env.GD_FUZZ_RUNS ?? "300") },
    );
  });
});
