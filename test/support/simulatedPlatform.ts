// A Windows or macOS machine simulated on Linux through the platform seam: a
// file system of fixture paths (Windows spelling, case-insensitive like NTFS),
// directory listings, texts, and a record of the kills and helpers started.

import * as path from "node:path";
import { platformFor, type Platform, type PlatformIo } from "../../src/core/base/platform";
import type { RunProcess } from "../../src/core/base/process";

/** The environment a Windows editor starts with: `Path` (not PATH), no HOME, USERPROFILE. */
export const WINDOWS_EDITOR_ENV: Readonly<Record<string, string>> = {
  Path: "C:\\Windows\\system32;C:\\Windows",
  USERPROFILE: "C:\\Users\\gopher",
  ProgramFiles: "C:\\Program Files",
  SystemRoot: "C:\\Windows",
  PATHEXT: ".COM;.EXE;.BAT;.CMD",
};

export interface SimulatedMachine {
  platform: Platform;
  /** argv of every helper started (taskkill). */
  spawned: string[][];
  /** Every signal sent: [pid, signal]. */
  signals: [number, string][];
}

export function simulatedPlatform(
  name: "win32" | "darwin" | "linux",
  fixture: { files?: string[]; texts?: Record<string, string>; dirs?: Record<string, string[]>; alive?: number[] } = {},
): SimulatedMachine {
  const flavour = name === "win32" ? path.win32 : path.posix;
  const key = (p: string): string => (name === "win32" ? flavour.resolve(p).toLowerCase() : flavour.resolve(p));
  const files = new Set((fixture.files ?? []).map(key));
  const texts = new Map(Object.entries(fixture.texts ?? {}).map(([k, v]) => [key(k), v]));
  const dirs = new Map(Object.entries(fixture.dirs ?? {}).map(([k, v]) => [key(k), v]));
  const alive = new Set(fixture.alive ?? []);
  // A directory is one listed, or one above a listed directory or a fixture file.
  const directories = new Set<string>();
  for (const start of [...dirs.keys(), ...[...files, ...texts.keys()].map((f) => flavour.dirname(f))])
    for (let d = start; !directories.has(d); d = flavour.dirname(d)) directories.add(d);
  const spawned: string[][] = [];
  const signals: [number, string][] = [];
  const io: PlatformIo = {
    fileKind: (f) => (files.has(key(f)) ? "exec" : texts.has(key(f)) ? "file" : undefined),
    isDirectory: (d) => directories.has(key(d)),
    readdir: (d) => dirs.get(key(d)) ?? [],
    readText: (f) => texts.get(key(f)),
    spawnDetached: (argv) => void spawned.push(argv),
    kill: (pid, signal) => {
      signals.push([pid, signal]);
      if (!alive.has(pid)) throw Object.assign(new Error("kill ESRCH"), { code: "ESRCH" });
    },
  };
  return { platform: platformFor(name, io), spawned, signals };
}

/** A stand-in for go binaries nothing here can run: each path in `versions` answers `version`; anything else is not found. */
export function goAnswers(versions: Record<string, string>): RunProcess {
  return (argv) => {
    const v = argv[0] === undefined ? undefined : versions[argv[0]];
    return Promise.resolve({
      argv,
      exitCode: v ? 0 : null,
      signal: null,
      stdout: v ? `go version go${v} windows/amd64\n` : "",
      stderr: "",
      timedOut: false,
      cancelled: false,
      truncated: false,
      durationMs: 1,
      ...(v ? {} : { spawnError: { code: "ENOENT", message: `spawn ${argv[0]} ENOENT` } }),
    });
  };
}

/** A runner answering from fixtures: `answer` gives a command's stdout (exit 0), or undefined for exit 1; every argv is recorded. */
export function fixtureRunner(answer: (argv: string[]) => string | undefined): { run: RunProcess; calls: string[][] } {
  const calls: string[][] = [];
  const run: RunProcess = (argv) => {
    calls.push(argv);
    const stdout = answer(argv);
    return Promise.resolve({
      argv,
      exitCode: stdout === undefined ? 1 : 0,
      signal: null,
      stdout: stdout ?? "",
      stderr: stdout === undefined ? `${argv[0]}: not in the fixture\n` : "",
      timedOut: false,
      cancelled: false,
      truncated: false,
      durationMs: 1,
    });
  };
  return { run, calls };
}
