// What the readiness machine takes and gives: its dependencies (the engine,
// gopls start and stop, module downloads, a clock), its inputs, the answer a
// debug request gets, and the state the status bar and report are drawn from.

import type { Clock } from "../base/clock";
import type { StageEvent } from "../diagnosis/diagnose";
import type { Facts, Overall } from "./gates";
import type { GateVerdict } from "../model/gates";
import type { LanguageServerSpec, LanguageServerStatus } from "./serverSupervisor";
import type { Report, ReportFinding } from "../model/report";
import type { LoginEnv } from "../model/facts";
import type { Env } from "../base/envPath";

export interface DiagnoseRequest {
  generation: number;
  signal: AbortSignal;
  /** An earlier capture to reuse; undefined means run the login shell again. */
  loginEnv?: LoginEnv;
  onStage: (e: StageEvent) => void;
}

export interface DownloadRequest {
  missing: string[];
  facts: Facts;
  signal: AbortSignal;
  onProgress: (message: string) => void;
}

export interface ReadinessDeps {
  clock: Clock;
  diagnose(req: DiagnoseRequest): Promise<Report>;
  /** The gopls to run for these facts; null when Go Doctor must not run one (mode "never", golang.go in charge). */
  languageServerSpec(facts: Facts): LanguageServerSpec | null;
  startLanguageServer(spec: LanguageServerSpec): Promise<void>;
  stopLanguageServer(): Promise<void>;
  /** The environment dlv runs with; default: the captured login environment. */
  toolEnv?(facts: Facts): Env;
  /** `go mod download` for a debug request held by GD042; absent: GD042 refuses the request. */
  downloadModules?(req: DownloadRequest): Promise<{ ok: boolean; message: string }>;
  /** Quiet time after file and settings events before a re-check starts. Default 300 ms. */
  debounceMs?: number;
  /** Longest a debug request waits for the gate. Default 120 s. */
  debugWaitMs?: number;
}

export type ReadinessInput =
  | { type: "activate" }
  | { type: "recheck"; reason?: string }
  | { type: "fixApplied"; title: string }
  | { type: "settingsChanged"; keys: string[]; affectsShell?: boolean }
  | { type: "foldersChanged" }
  | { type: "binChanged"; file: string }
  | { type: "moduleFilesChanged"; file: string };

export type DebugGateVerdict =
  | { ok: true; dlvPath: string; env: Env; goVersion: string | null; generation: number }
  | { ok: false; code: string; message: string; cancelled?: boolean };

export interface DebugWaitOptions {
  signal?: AbortSignal;
  /** false (debug gate disabled): resolve as soon as dlv is located, whatever else is wrong. */
  enforce?: boolean;
  /** What the request is waiting for, each time it changes ("checking dlv version"). */
  onProgress?: (waitingFor: string) => void;
}

export interface ReadinessState {
  generation: number;
  overall: Overall;
  language: GateVerdict;
  debug: GateVerdict;
  /** Report of the current generation once it has landed, else the latest earlier one. */
  report: Report | null;
  findings: ReportFinding[];
  versions: { go: string | null; dlv: string | null; gopls: string | null };
  languageServer: LanguageServerStatus;
  /** The slowest check of the latest report. */
  slowest: { title: string; ms: number } | null;
  /** GOBIN and each GOPATH/bin: where a freshly installed tool appears. */
  binDirs: string[];
}
