// Turns a shell's start-up trace into what each rc line cost. A line's cost
// runs from its start to the next line at its own depth or above, so a
// `source` or a function call is charged with everything it ran, and the
// lines inside are listed too, in their own files. Pure: the profiler
// (profiler.ts) runs the shell and reads the files.

export type Granularity = "line" | "file";

export interface CostlyLine {
  /** As the shell named it: absolute for the files it reads itself. */
  file: string;
  /** 1-based; 0 when only the file as a whole was timed (dash, tcsh) or the line could not be found. */
  line: number;
  /** The command as traced (bash, zsh: expanded; fish: as written). */
  command: string;
  /** Inclusive: the line and everything it sourced or called. */
  ms: number;
  runs: number;
  /** The line, or something it ran, assigns PATH or a GO* variable: the Go tools may need it. */
  setsGoVar: boolean;
}

export interface ShellProfile {
  granularity: Granularity;
  /** From the shell's start to the capture program, or to the end of the run when it never got there. */
  totalMs: number;
  /** Costliest first. */
  lines: CostlyLine[];
  /** Each file's own time (its lines without what they called elsewhere), in the order the shell read them. */
  files: { file: string; ms: number }[];
  /** false when the shell was stopped, or lost the trace, before the capture program ran. */
  complete: boolean;
  notes: string[];
}

/** One traced command, in order. `depth` counts sourced files and function calls; 0 is Go Doctor's own code. */
export interface TraceNode {
  file: string;
  line: number;
  command: string;
  depth: number;
  inclusiveMs: number;
  selfMs: number;
}

/** An assignment of PATH or a GO* variable in the syntax of any of the shells. */
const GO_VAR_ASSIGNMENT =
  /^(?:(?:export|typeset|declare|local|readonly)(?:\s+-\w+)*\s+)?(?:PATH|path|GO[A-Z0-9_]*)\+?=|^(?:export\s+(?:PATH|GO[A-Z0-9_]*)\b)|^set\s+(?:-\w+\s+)*(?:PATH|fish_user_paths|GO[A-Z0-9_]*)\b|^setenv\s+(?:PATH|GO[A-Z0-9_]*)\b|^fish_add_path\b/;

export function setsGoVariable(command: string): boolean {
  return GO_VAR_ASSIGNMENT.test(command.trim());
}

/** Commands after which the trace can no longer be trusted to name lines. */
const TRACE_CHANGES = /^(?:PS4=|set\s+\+x\b|set\s+\+o\s+xtrace\b|unsetopt\s+xtrace\b|setopt\s+no_?xtrace\b)/i;

/** Adds up the nodes per file:line. A line nested in itself (recursion) is counted once. */
export function aggregate(nodes: readonly TraceNode[]): Pick<ShellProfile, "lines" | "files" | "notes"> {
  const byKey = new Map<string, CostlyLine>();
  const files = new Map<string, number>();
  const notes: string[] = [];
  const stack: { depth: number; key: string }[] = [];
  for (const n of nodes) {
    while (stack.length > 0 && stack[stack.length - 1].depth >= n.depth) stack.pop();
    const key = `${n.file}\0${n.line}`;
    const goVar = setsGoVariable(n.command);
    if (goVar) for (const open of stack) byKey.get(open.key)!.setsGoVar = true;
    if (TRACE_CHANGES.test(n.command.trim())) {
      notes.push(
        `${n.file}:${n.line} changes the trace (${n.command.trim()}); time after it may be charged to that line.`,
      );
    }
    files.set(n.file, (files.get(n.file) ?? 0) + n.selfMs);
    let entry = byKey.get(key);
    if (!entry) {
      entry = { file: n.file, line: n.line, command: n.command.trim(), ms: 0, runs: 0, setsGoVar: false };
      byKey.set(key, entry);
    }
    entry.runs++;
    entry.setsGoVar ||= goVar;
    if (!stack.some((s) => s.key === key)) entry.ms += n.inclusiveMs;
    stack.push({ depth: n.depth, key });
  }
  // Sorted before rounding: a call and the costly line inside it differ by microseconds, and the
  // call (in the file the user wrote) must come first.
  const lines = [...byKey.values()]
    .sort((a, b) => b.ms - a.ms || a.file.localeCompare(b.file) || a.line - b.line)
    .map((l) => ({ ...l, ms: round(l.ms) }));
  return { lines, files: [...files].map(([file, ms]) => ({ file, ms: round(ms) })), notes };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** One xtrace line as Go Doctor's PS4 prints it: tag, time, depth, line, file, then the command. */
export interface TraceEntry {
  atMs: number;
  depth: number;
  line: number;
  file: string;
  command: string;
}

/**
 * PS4 = `+TAG\t<epoch seconds>\t<depth>\t<line>\t<file>\t`. bash repeats the first character for
 * nested expansions; a decimal comma comes from the locale. Lines without the tag are the rc files'
 * own stderr (zsh has no trace descriptor of its own) or the rest of a multi-line command.
 */
export function parseXtrace(text: string, tag: string): TraceEntry[] {
  if (!/^[A-Za-z0-9]+$/.test(tag)) throw new Error(`trace tag must be alphanumeric: ${tag}`);
  const re = new RegExp(`^\\+*${tag}\\t(\\d+[.,]\\d+)\\t(\\d+)\\t(\\d+)\\t([^\\t]*)\\t(.*)$`);
  const entries: TraceEntry[] = [];
  for (const raw of text.split("\n")) {
    const m = re.exec(raw);
    if (!m) continue;
    entries.push({
      atMs: Number(m[1].replace(",", ".")) * 1000,
      depth: Number(m[2]),
      line: Number(m[3]),
      file: m[4],
      command: m[5],
    });
  }
  return entries;
}

export interface XtraceBounds {
  /** Epoch ms when the shell was started. */
  startMs: number;
  /** Epoch ms when the run ended (exit, or the kill after the timeout). */
  endMs: number;
  /** Recognises the capture program, where start-up ends. */
  isEnd: (e: TraceEntry) => boolean;
}

/** Costs from an xtrace. Depth 0 is Go Doctor's own script and the capture program: used for timing, not listed. */
export function profileFromXtrace(entries: readonly TraceEntry[], bounds: XtraceBounds): ShellProfile {
  const endIndex = entries.findIndex(bounds.isEnd);
  const complete = endIndex >= 0;
  const traced = complete ? entries.slice(0, endIndex) : entries;
  const endMs = complete ? entries[endIndex].atMs : bounds.endMs;
  const inclusive = new Array<number>(traced.length).fill(0);
  const open: number[] = [];
  traced.forEach((e, i) => {
    while (open.length > 0 && traced[open[open.length - 1]].depth >= e.depth) {
      const j = open.pop()!;
      inclusive[j] = e.atMs - traced[j].atMs;
    }
    open.push(i);
  });
  for (const j of open) inclusive[j] = endMs - traced[j].atMs;
  const nodes: TraceNode[] = [];
  traced.forEach((e, i) => {
    if (e.depth < 1) return;
    const next = i + 1 < traced.length ? traced[i + 1].atMs : endMs;
    nodes.push({ ...e, inclusiveMs: inclusive[i], selfMs: next - e.atMs });
  });
  const { lines, files, notes } = aggregate(nodes);
  if (!complete) notes.push("The shell never reached the end of its start-up: the last line listed is where it was.");
  return { granularity: "line", totalMs: Math.round(endMs - bounds.startMs), lines, files, complete, notes };
}

/** Where fish's `source` reads from, when the profile names it plainly enough to follow. */
export type ResolvePath = (word: string) => string | undefined;
/** The lines of a file, or undefined when it cannot be read. */
export type ReadLines = (file: string) => readonly string[] | undefined;

const FISH_LINE = /^(\d+)\t(\d+)\t(-*)> (.*)$/;
const FISH_SOURCE = /^(?:builtin\s+)?(?:source|\.)\s+(\S+)\s*$/;

/**
 * `fish --profile-startup`: "self µs, inclusive µs, depth arrows, command as written", with no file or
 * line. The file is the one the nearest enclosing `source` read (a function body: the file that called
 * it); the line is found by the command's text in that file, searching forward from the last match.
 */
export function profileFromFish(text: string, resolve: ResolvePath, read: ReadLines): ShellProfile {
  const nodes: TraceNode[] = [];
  const context: { depth: number; file: string | undefined }[] = [];
  const cursor = new Map<string, number>();
  let topUs = 0;
  for (const raw of text.split("\n")) {
    const m = FISH_LINE.exec(raw);
    if (!m) continue;
    const [selfUs, sumUs, arrows, command] = [Number(m[1]), Number(m[2]), m[3], m[4]];
    const depth = arrows.length + 1;
    if (depth === 1) topUs += sumUs;
    while (context.length > 0 && context[context.length - 1].depth >= depth) context.pop();
    const file = context.length > 0 ? context[context.length - 1].file : undefined;
    const sourced = FISH_SOURCE.exec(command);
    context.push({ depth, file: sourced ? resolve(sourced[1]) : file });
    const line = file === undefined ? 0 : findLine(file, command, read, cursor);
    // A command that is not a whole line of its file (the test of an `if`) is part of the line above it.
    if (file === undefined || line === 0) continue;
    nodes.push({
      file,
      line,
      command: command.replace(/\.\.\.$/, ""),
      depth,
      inclusiveMs: sumUs / 1000,
      selfMs: selfUs / 1000,
    });
  }
  const { lines, files, notes } = aggregate(nodes);
  return { granularity: "line", totalMs: Math.round(topUs / 1000), lines, files, complete: true, notes };
}

function findLine(file: string, command: string, read: ReadLines, cursor: Map<string, number>): number {
  const lines = read(file);
  if (!lines) return 0;
  const wanted = command.replace(/\.\.\.$/, "").trim();
  const from = cursor.get(file) ?? 0;
  const order = [...lines.keys()].slice(from).concat([...lines.keys()].slice(0, from));
  for (const i of order) {
    if (lines[i].trim() === wanted) {
      cursor.set(file, i + 1);
      return i + 1;
    }
  }
  return 0;
}

/** The command shown for a file timed as a whole. */
export const WHOLE_FILE = "(whole file)";

/** dash and tcsh: only when each file started and ended, from markers printed between them. */
export function profileFromFileTimes(
  spans: readonly { file: string; ms: number }[],
  totalMs: number,
  complete: boolean,
): ShellProfile {
  const lines = spans
    .map((s) => ({ file: s.file, line: 0, command: WHOLE_FILE, ms: round(s.ms), runs: 1, setsGoVar: false }))
    .sort((a, b) => b.ms - a.ms);
  return {
    granularity: "file",
    totalMs: Math.round(totalMs),
    lines,
    files: spans.map((s) => ({ file: s.file, ms: round(s.ms) })),
    complete,
    notes: ["This shell cannot trace single lines: each file is timed as a whole. bash, zsh and fish show lines."],
  };
}
