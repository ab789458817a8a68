// Command-line arguments of `go-doctor`, parsed without a library so that
// every error is ours to word.

export interface CliArgs {
  /** Folders or .code-workspace files; none means the current folder. */
  folders: string[];
  json: boolean;
  verbose: boolean;
  fix: boolean;
  yes: boolean;
  network: boolean;
  shell: boolean;
  shellTimeoutMs: number;
  /** GD004: profile the login shell when it takes longer than this. */
  slowShellMs: number;
  profileShell: boolean;
  smoke: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: go-doctor [folder | workspace.code-workspace ...] [options]

Diagnoses the Go development environment of a folder the way a correctly
started editor sees it: login-shell environment, go, dlv, gopls, modules.
Several folders, or a .code-workspace file, are diagnosed as one multi-root
workspace: the first with Go code gives the gates, and what another folder
finds on its own is listed under its name.

Options:
  --json                 print only the JSON report (schema: docs/report.schema.json)
  --verbose, -v          add evidence (commands run, their output) and timings
  --fix                  show the fix plan, then apply the command fixes and re-check
  --yes, -y              apply fixes without asking (required when not on a terminal)
  --network              also probe the module proxy over the network (GD061)
  --no-shell             do not run the login shell; use this process's environment
  --shell-timeout S      seconds to wait for the login shell (default 10)
  --slow-shell-ms MS     profile a login shell slower than this (default 1000; GD004)
  --profile-shell        profile the login shell even when it is quick; with --fix,
                         offer to guard its costliest line (backed up first)
  --smoke                also run the debug smoke test (build, launch, breakpoint)
  --help, -h             show this help
  --version              print the version

Exit codes: 0 no errors (warnings allowed), 1 at least one error finding,
2 usage error or internal failure.`;

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    folders: [],
    json: false,
    verbose: false,
    fix: false,
    yes: false,
    network: false,
    shell: true,
    shellTimeoutMs: 10_000,
    slowShellMs: 1000,
    profileShell: false,
    smoke: false,
    help: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] =
      a.startsWith("--") && a.includes("=")
        ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
        : [a, undefined];
    switch (flag) {
      case "--json":
        args.json = true;
        break;
      case "--verbose":
      case "-v":
        args.verbose = true;
        break;
      case "--fix":
        args.fix = true;
        break;
      case "--yes":
      case "-y":
        args.yes = true;
        break;
      case "--network":
        args.network = true;
        break;
      case "--no-shell":
        args.shell = false;
        break;
      case "--smoke":
        args.smoke = true;
        break;
      case "--profile-shell":
        args.profileShell = true;
        break;
      case "--slow-shell-ms": {
        const value = inline ?? argv[++i];
        const ms = Number(value);
        if (value === undefined || !/^\d+$/.test(value.trim()) || ms > 600_000) {
          throw new UsageError(
            `--slow-shell-ms takes a whole number of milliseconds up to 600000, not ${JSON.stringify(value ?? "")}`,
          );
        }
        args.slowShellMs = ms;
        break;
      }
      case "--help":
      case "-h":
        args.help = true;
        break;
      case "--version":
        args.version = true;
        break;
      case "--shell-timeout": {
        const value = inline ?? argv[++i];
        const seconds = Number(value);
        if (value === undefined || value.trim() === "" || !Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
          throw new UsageError(
            `--shell-timeout takes a number of seconds between 0 and 600, not ${JSON.stringify(value ?? "")}`,
          );
        }
        args.shellTimeoutMs = Math.round(seconds * 1000);
        break;
      }
      default:
        if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
        args.folders.push(a);
    }
  }
  if (args.yes && !args.fix) throw new UsageError("--yes only makes sense with --fix");
  if (args.profileShell && !args.shell) throw new UsageError("--profile-shell runs the login shell: drop --no-shell");
  return args;
}
