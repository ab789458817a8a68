// The official Go extension (golang.go) in the editor tests: its package from
// ../shared/golang.go/, the quiet settings a configured user has, a blind
// world where Go lives only where the login profile puts it, and golang.go's
// own gopls with its environment.

import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot, realDlv, realGopls } from "../../support/fixtures";
import { programsOf } from "./processes";
import type { Scenario } from "./scenario";

export const GOLANG_GO_DIR = path.join(projectRoot, "..", "shared", "golang.go");

/** The Go extension's package; the test fails saying so when it is not there. */
export function golangGoVsix(): string {
  const found = fs.existsSync(GOLANG_GO_DIR)
    ? fs.readdirSync(GOLANG_GO_DIR).find((f) => /^golang\.go-.*\.vsix$/.test(f))
    : undefined;
  if (!found) throw new Error(`the Go extension's package (golang.go-*.vsix) is missing from ${GOLANG_GO_DIR}`);
  return path.join(GOLANG_GO_DIR, found);
}

/** Keeps golang.go from the network and from pages of its own, as a configured user has it. */
export const GO_EXTENSION_QUIET = {
  "go.showWelcome": false,
  "go.survey.prompt": false,
  "go.toolsManagement.checkForUpdates": "local",
  "go.toolsManagement.autoUpdate": false,
  "go.enableCodeLens": { runtest: false },
};

/** A blind editor's world: Go in ~/sdk/<name> only, dlv and gopls in GOBIN, the module with its launch.json. */
export function blindWorld(
  s: Scenario,
  names = ["go1.26.8"],
): { binds: [string, string][]; bins: string[]; gobin: string } {
  const { binds, bins } = s.goOnlyInHome(names);
  const gobin = path.join(s.home, "go", "bin");
  s.installTool(realDlv, gobin);
  s.installTool(realGopls, gobin);
  s.writeProfile(s.standardGoVars({ gobin, goBin: bins[0] }));
  s.writeWorkspace();
  return { binds, bins, gobin };
}

/** The Go extension's gopls (not Go Doctor's `-mode=stdio`, not its telemetry child), with its environment. */
export function goExtensionGopls(s: Scenario): { pid: number; path: string[] } | undefined {
  const p = programsOf(s.home, "gopls").find(
    (x) => !x.argv.includes("-mode=stdio") && !x.argv.some((a) => a.includes("telemetry")),
  );
  if (!p) return undefined;
  let environ: string;
  try {
    environ = fs.readFileSync(`/proc/${p.pid}/environ`, "utf8");
  } catch {
    return undefined;
  }
  const line = environ.split("\0").find((l) => l.startsWith("PATH="));
  return { pid: p.pid, path: (line ?? "PATH=").slice(5).split(":") };
}
