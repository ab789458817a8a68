// The `go-doctor` command: diagnose a folder (or a multi-root workspace), print
// text or JSON, optionally fix.

import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline/promises";
import { type DiagnoseOptions } from "../core/diagnosis/diagnose";
import { applyRunFix, describeFix, planFixes } from "../core/diagnosis/fixes";
import type { LoginEnv } from "../core/model/facts";
import { killAllChildren } from "../core/base/process";
import { redactText, secretValues } from "../core/base/redact";
import type { Report } from "../core/model/report";
import { VERSION } from "../core/model/goDoctorVersion";
import { readWorkspaceSettings } from "../core/checks/workspaceSettings";
import { parseArgs, USAGE, UsageError, type CliArgs } from "./args";
import { resolveFolders } from "./folders";
import { renderReport } from "./render";
import {
  diagnoseWorkspaceFolders,
  hasGoProject,
  type NamedFolder,
  type WorkspaceFolderInput,
} from "../core/diagnosis/workspace";
import { offerShellGuard } from "./shellGuard";

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The bundled sample module, found from the installed files. */
export function sampleFolder(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, "sample", "hello");
    if (fs.existsSync(path.join(candidate, "go.mod"))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error("the bundled sample module is missing from this installation");
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`go-doctor: ${e.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (args.help) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (args.version) {
    io.stdout.write(`go-doctor ${VERSION}\n`);
    return EXIT_OK;
  }

  const resolved = resolveFolders(args.folders, io.cwd);
  if ("error" in resolved) {
    io.stderr.write(`go-doctor: ${resolved.error}\n`);
    return EXIT_USAGE;
  }
  // The first folder with Go code gives the gates; the other Go folders add their own findings.
  let goFolders: NamedFolder[] = resolved.folders.filter((f) => hasGoProject(f.path));
  const sample = goFolders.length === 0;
  if (sample) goFolders = [{ name: "hello", path: sampleFolder() }];

  const processEnv = withoutNpmPath(io.env);
  const secrets = secretValues(io.env);
  const say = (text: string): void => {
    // Progress and fix output go to stderr in JSON mode, so stdout stays pure JSON.
    (args.json ? io.stderr : io.stdout).write(redactText(text, secrets));
  };

  let loginEnv: LoginEnv | undefined;
  const options: Omit<DiagnoseOptions, "folder"> = {
    sample,
    processEnv,
    settings: {},
    shell: {
      enabled: args.shell,
      timeoutMs: args.shellTimeoutMs,
      slowThresholdMs: args.slowShellMs,
      profile: args.profileShell,
    },
    network: args.network,
    smoke: args.smoke,
    onStage: (e) => {
      if (e.stage === "shell") loginEnv = e.loginEnv;
    },
  };
  const folders = goFolders.map((f) => {
    const ws = readWorkspaceSettings(f.path, true);
    return { ...f, settings: ws.settings, settingsFindings: ws.findings };
  }) as [WorkspaceFolderInput, ...WorkspaceFolderInput[]];
  const diagnoseAll = async (): Promise<Report> =>
    (await diagnoseWorkspaceFolders(folders, { ...options, loginEnv })).report;
  let report = await diagnoseAll();

  if (args.fix) {
    const plan = planFixes(report.findings);
    const runnable = plan.filter((p) => p.fix.kind === "run");
    if (!args.json) io.stdout.write(renderReport(report, { verbose: args.verbose, color: Boolean(io.stdout.isTTY) }));
    if (plan.length === 0) {
      say("\nNothing to fix.\n");
    } else {
      say("\nFix plan:\n");
      for (const [i, p] of plan.entries()) {
        const how =
          p.fix.kind === "run"
            ? ""
            : p.fix.kind === "manual"
              ? " (by hand)"
              : " (apply in VS Code with Go Doctor: Fix Environment)";
        say(`  ${i + 1}. [${p.codes.join(", ")}] ${p.fix.title}${how}\n     ${describeFix(p.fix)}\n`);
      }
      if (runnable.length > 0) {
        if (!args.yes) {
          if (!io.stdinIsTTY) {
            io.stderr.write("go-doctor: --fix needs --yes when not run on a terminal; nothing was changed.\n");
            return EXIT_USAGE;
          }
          const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
          const answer = await rl.question(
            `Run the ${runnable.length} command fix${runnable.length === 1 ? "" : "es"} now? [y/N] `,
          );
          rl.close();
          if (!/^y(es)?$/i.test(answer.trim())) {
            say("Nothing was changed.\n");
            return exitCodeOf(report);
          }
        }
        const env = loginEnv?.env ?? io.env;
        for (const p of runnable) {
          if (p.fix.kind !== "run") continue;
          say(`\n$ ${describeFix(p.fix).replace(/^run: /, "")}\n`);
          const r = await applyRunFix(p.fix, env, { onOutput: (chunk) => say(chunk) });
          say(
            r.exitCode === 0
              ? "✓ done\n"
              : `✗ failed (${r.timedOut ? "timed out" : r.signal ? `signal ${r.signal}` : `exit code ${r.exitCode}`})\n`,
          );
        }
        say("\nRe-checking…\n\n");
        report = await diagnoseAll();
      }
    }
  }

  if (args.fix && args.profileShell) {
    const asked = await offerShellGuard(report, {
      say,
      yes: args.yes,
      stdinIsTTY: io.stdinIsTTY,
      home: io.env.HOME,
      ask: async (question) => {
        const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
        const answer = await rl.question(question);
        rl.close();
        return answer;
      },
    });
    if (!asked) return EXIT_USAGE;
  }

  if (args.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else
    io.stdout.write(
      renderReport(report, { verbose: args.verbose, color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR }),
    );
  return exitCodeOf(report);
}

/**
 * Under `npm run doctor`, npm puts node_modules/.bin directories (and its own
 * node-gyp-bin) in front of PATH; they are the launcher's, not the user's,
 * and would show as drift from the login shell (GD003).
 */
export function withoutNpmPath(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!env.npm_lifecycle_event || !env.PATH) return env;
  const entries = env.PATH.split(path.delimiter).filter(
    (e) => !/[\\/]node_modules[\\/]\.bin$/.test(e) && !/[\\/]@npmcli[\\/]run-script[\\/]lib[\\/]node-gyp-bin$/.test(e),
  );
  return { ...env, PATH: entries.join(path.delimiter) };
}

export function exitCodeOf(report: Report): number {
  return report.summary.errors > 0 ? EXIT_ERRORS : EXIT_OK;
}

if (require.main === module) {
  const onSignal = (signal: NodeJS.Signals): void => {
    killAllChildren();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
  })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      killAllChildren();
      process.stderr.write(
        `go-doctor: internal failure (GD099): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = EXIT_USAGE;
    });
}
