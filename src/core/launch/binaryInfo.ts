// Whether an executable carries DWARF and a symbol table, read from its
// section headers (ELF 32/64 either endianness, Mach-O 32/64 and fat, PE/COFF).
// Only headers are read, each read bounded, so a garbage or huge file costs
// a few kilobytes and never throws.

import * as fs from "node:fs/promises";

export type BinaryFormat = "elf" | "macho" | "pe" | "unknown";

export interface BinaryInfo {
  format: BinaryFormat;
  hasDwarf: boolean;
  hasSymbols: boolean;
  /** Names of the debug sections found, e.g. [".debug_info", ".debug_line"]; for messages. */
  debugSections?: string[];
}

const UNKNOWN: BinaryInfo = { format: "unknown", hasDwarf: false, hasSymbols: false };
/** No real header table is larger; anything bigger is garbage. */
const MAX_TABLE = 4 * 1024 * 1024;
const MAX_SECTIONS = 65535;

class Reader {
  constructor(
    private readonly handle: fs.FileHandle,
    readonly size: number,
  ) {}

  /** Exactly `length` bytes at `offset`, or undefined when out of bounds. */
  async at(offset: number, length: number): Promise<Buffer | undefined> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length)) return undefined;
    if (offset < 0 || length < 0 || length > MAX_TABLE || offset + length > this.size) return undefined;
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buf, 0, length, offset);
    return bytesRead === length ? buf : undefined;
  }
}

/** Reads integers of either endianness; 64-bit values beyond 2^53 become NaN (out of bounds everywhere). */
class Fields {
  constructor(
    readonly buf: Buffer,
    readonly le: boolean,
  ) {}
  u16(o: number): number {
    return this.le ? this.buf.readUInt16LE(o) : this.buf.readUInt16BE(o);
  }
  u32(o: number): number {
    return this.le ? this.buf.readUInt32LE(o) : this.buf.readUInt32BE(o);
  }
  u64(o: number): number {
    const v = this.le ? this.buf.readBigUInt64LE(o) : this.buf.readBigUInt64BE(o);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(v);
  }
}

function cString(buf: Buffer, start: number, max = 256): string {
  if (start < 0 || start >= buf.length) return "";
  let end = start;
  while (end < buf.length && end - start < max && buf[end] !== 0) end++;
  return buf.toString("latin1", start, end);
}

const DWARF_INFO = new Set([".debug_info", ".zdebug_info", "__debug_info", "__zdebug_info"]);

function summarise(format: BinaryFormat, sections: { name: string; size: number }[], hasSymbols: boolean): BinaryInfo {
  const debug = sections.filter((s) => s.size > 0 && /^(\.z?debug_|__z?debug_)/.test(s.name)).map((s) => s.name);
  return {
    format,
    hasDwarf: sections.some((s) => s.size > 0 && DWARF_INFO.has(s.name)),
    hasSymbols,
    debugSections: [...new Set(debug)],
  };
}

async function readElf(r: Reader, ident: Buffer): Promise<BinaryInfo> {
  const is64 = ident[4] === 2;
  if (ident[4] !== 1 && !is64) return { ...UNKNOWN, format: "elf" };
  if (ident[5] !== 1 && ident[5] !== 2) return { ...UNKNOWN, format: "elf" };
  const le = ident[5] === 1;
  const header = await r.at(0, is64 ? 64 : 52);
  if (!header) return { ...UNKNOWN, format: "elf" };
  const h = new Fields(header, le);
  const shoff = is64 ? h.u64(0x28) : h.u32(0x20);
  const shentsize = h.u16(is64 ? 0x3a : 0x2e);
  let shnum = h.u16(is64 ? 0x3c : 0x30);
  let shstrndx = h.u16(is64 ? 0x3e : 0x32);
  const minEntry = is64 ? 64 : 40;
  if (shoff === 0 || shentsize < minEntry)
    return { format: "elf", hasDwarf: false, hasSymbols: false, debugSections: [] };
  // Section 0 holds the real count and string-table index when they overflow 16 bits.
  const first = await r.at(shoff, shentsize);
  if (!first) return { ...UNKNOWN, format: "elf" };
  const f = new Fields(first, le);
  if (shnum === 0) shnum = is64 ? f.u64(0x20) : f.u32(0x14);
  if (shstrndx === 0xffff) shstrndx = f.u32(0x18 + (is64 ? 0x10 : 0));
  if (!(shnum > 0 && shnum <= MAX_SECTIONS) || shstrndx >= shnum) return { ...UNKNOWN, format: "elf" };
  const table = await r.at(shoff, shnum * shentsize);
  if (!table) return { ...UNKNOWN, format: "elf" };
  const t = new Fields(table, le);
  const entry = (i: number) => {
    const o = i * shentsize;
    return {
      name: t.u32(o),
      type: t.u32(o + 4),
      offset: is64 ? t.u64(o + 0x18) : t.u32(o + 0x10),
      size: is64 ? t.u64(o + 0x20) : t.u32(o + 0x14),
    };
  };
  const strtab = entry(shstrndx);
  const names = (await r.at(strtab.offset, Math.min(strtab.size, MAX_TABLE))) ?? Buffer.alloc(0);
  const SHT_NOBITS = 8;
  const SHT_SYMTAB = 2;
  const sections: { name: string; size: number }[] = [];
  let hasSymbols = false;
  for (let i = 0; i < shnum; i++) {
    const s = entry(i);
    const size = s.type === SHT_NOBITS || Number.isNaN(s.size) ? 0 : s.size;
    const name = cString(names, s.name);
    sections.push({ name, size });
    // A symbol table holds at least the null symbol; a real one has more than that.
    if ((s.type === SHT_SYMTAB || name === ".symtab") && size > (is64 ? 24 : 16)) hasSymbols = true;
  }
  return summarise("elf", sections, hasSymbols);
}

const MH_MAGIC = 0xfeedface;
const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;
const LC_SEGMENT = 0x1;
const LC_SYMTAB = 0x2;
const LC_SEGMENT_64 = 0x19;

async function readMachO(r: Reader, base: number): Promise<BinaryInfo> {
  const magicBuf = await r.at(base, 4);
  if (!magicBuf) return { ...UNKNOWN, format: "macho" };
  const le = magicBuf.readUInt32LE(0) === MH_MAGIC || magicBuf.readUInt32LE(0) === MH_MAGIC_64;
  const magic = le ? magicBuf.readUInt32LE(0) : magicBuf.readUInt32BE(0);
  const is64 = magic === MH_MAGIC_64;
  const headerSize = is64 ? 32 : 28;
  const header = await r.at(base, headerSize);
  if (!header) return { ...UNKNOWN, format: "macho" };
  const h = new Fields(header, le);
  const ncmds = h.u32(16);
  const sizeofcmds = h.u32(20);
  if (ncmds > 4096 || sizeofcmds > MAX_TABLE) return { ...UNKNOWN, format: "macho" };
  const cmds = await r.at(base + headerSize, sizeofcmds);
  if (!cmds) return { ...UNKNOWN, format: "macho" };
  const c = new Fields(cmds, le);
  const sections: { name: string; size: number }[] = [];
  let hasSymbols = false;
  let o = 0;
  for (let i = 0; i < ncmds && o + 8 <= cmds.length; i++) {
    const cmd = c.u32(o);
    const cmdsize = c.u32(o + 4);
    if (cmdsize < 8 || o + cmdsize > cmds.length) break;
    if (cmd === LC_SYMTAB && cmdsize >= 24) {
      if (c.u32(o + 12) > 0) hasSymbols = true;
    } else if (cmd === LC_SEGMENT_64 || cmd === LC_SEGMENT) {
      const wide = cmd === LC_SEGMENT_64;
      const segHeader = wide ? 72 : 56;
      const sectSize = wide ? 80 : 68;
      if (cmdsize >= segHeader) {
        const nsects = c.u32(o + (wide ? 64 : 48));
        for (let s = 0; s < nsects; s++) {
          const so = o + segHeader + s * sectSize;
          if (so + sectSize > o + cmdsize) break;
          const name = cString(cmds, so, 16);
          const size = wide ? c.u64(so + 40) : c.u32(so + 36);
          sections.push({ name, size: Number.isNaN(size) ? 0 : size });
        }
      }
    }
    o += cmdsize;
  }
  return summarise("macho", sections, hasSymbols);
}

async function readFat(r: Reader): Promise<BinaryInfo | undefined> {
  const header = await r.at(0, 8);
  if (!header) return undefined;
  const narch = header.readUInt32BE(4);
  // Java class files share the magic; their "count" is a version number ≥ 45.
  if (narch === 0 || narch > 32) return undefined;
  const arch = await r.at(8, 20);
  if (!arch) return { ...UNKNOWN, format: "macho" };
  // Every slice is built from the same source with the same flags; the first one answers.
  return readMachO(r, arch.readUInt32BE(8));
}

async function readPe(r: Reader): Promise<BinaryInfo> {
  const dos = await r.at(0, 64);
  if (!dos) return UNKNOWN;
  const pe = dos.readUInt32LE(0x3c);
  const coff = await r.at(pe, 24);
  if (!coff || coff.readUInt32LE(0) !== 0x00004550) return UNKNOWN;
  const nsections = coff.readUInt16LE(6);
  const symtab = coff.readUInt32LE(12);
  const nsyms = coff.readUInt32LE(16);
  const optSize = coff.readUInt16LE(20);
  const table = await r.at(pe + 24 + optSize, nsections * 40);
  if (!table) return { ...UNKNOWN, format: "pe" };
  // Long section names ("/4") point into the string table after the COFF symbols.
  const strtabOffset = symtab + nsyms * 18;
  let strtab: Buffer | undefined;
  if (symtab !== 0) {
    const sizeBuf = await r.at(strtabOffset, 4);
    const size = sizeBuf?.readUInt32LE(0) ?? 0;
    if (size >= 4) strtab = await r.at(strtabOffset, Math.min(size, MAX_TABLE, r.size - strtabOffset));
  }
  const sections: { name: string; size: number }[] = [];
  for (let i = 0; i < nsections; i++) {
    let name = cString(table, i * 40, 8);
    const long = /^\/(\d+)$/.exec(name);
    if (long && strtab) name = cString(strtab, Number(long[1]));
    const virtualSize = table.readUInt32LE(i * 40 + 8);
    const rawSize = table.readUInt32LE(i * 40 + 16);
    sections.push({ name, size: Math.max(virtualSize, rawSize) });
  }
  return summarise("pe", sections, symtab !== 0 && nsyms > 0);
}

export async function readBinaryInfo(file: string): Promise<BinaryInfo> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, "r");
    const stat = await handle.stat();
    if (!stat.isFile()) return UNKNOWN;
    const r = new Reader(handle, stat.size);
    const ident = await r.at(0, 16);
    if (!ident) return UNKNOWN;
    if (ident[0] === 0x7f && ident.toString("latin1", 1, 4) === "ELF") return await readElf(r, ident);
    const le = ident.readUInt32LE(0);
    const be = ident.readUInt32BE(0);
    if (le === MH_MAGIC || le === MH_MAGIC_64 || be === MH_MAGIC || be === MH_MAGIC_64) return await readMachO(r, 0);
    if (be === FAT_MAGIC) return (await readFat(r)) ?? UNKNOWN;
    if (ident[0] === 0x4d && ident[1] === 0x5a) return await readPe(r);
    return UNKNOWN;
  } catch {
    return UNKNOWN;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
