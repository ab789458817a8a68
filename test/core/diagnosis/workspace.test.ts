import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { diagnose, SharedMachineProbes, type StageEvent } from "../../../src/core/diagnosis/diagnose";
import { memoiseProbes } from "../../../src/core/tools/probeMemo";
import { runProcess, type RunProcess } from "../../../src/core/base/process";
import { reportSchema } from "../../../src/core/model/report";
import { folderDebugBlocker, folderPrefix, withOtherFolders } from "../../../src/core/diagnosis/workspace";
import { goBinary, writeFile, writeModule } from "../../support/fixtures";
import { blindStart } from "../../support/blindStart";
import { diagnoseWorkspace } from "../../../src/core/diagnosis/workspace";

describe("a multi-root workspace as one report", () => {
  it("adds another folder's own findings once, named after it, keeps the main folder's gates, and says why a session there cannot start", async () => {
    const s = blindStart();
    try {
      // The second folder's go.mod needs a Go this machine does not have, and GOTOOLCHAIN=local forbids the switch.
      const other = writeModule(path.join(s.root, "work", "newer"), { goLine: "1.99" });
      const cache = new SharedMachineProbes();
      cache.memo = memoiseProbes(runProcess);
      const base = { processEnv: s.processEnv, settings: {}, shell: { enabled: true, timeoutMs: 10_000 }, cache };
      let loginEnv;
      const main = await diagnose({
        ...base,
        folder: s.module,
        onStage: (e) => e.stage === "shell" && (loginEnv = e.loginEnv),
      });
      assert.ok(loginEnv);
      const second = await diagnose({ ...base, folder: other, loginEnv });
      assert.equal(main.gates.debug.open, true, main.gates.debug.reason);
      assert.equal(second.gates.debug.open, false);
      const own = second.findings.filter(
        (f) => !main.findings.some((m) => m.code === f.code && m.message === f.message),
      );
      assert.ok(own.length > 0, "the second folder has findings of its own");
      assert.ok(
        own.some((f) => f.code === "GD013" && f.severity === "error"),
        JSON.stringify(own.map((f) => f.code)),
      );

      const merged = withOtherFolders(main, [{ name: "newer", path: other, report: second }]);
      reportSchema.parse(merged);
      assert.deepEqual(merged.gates, main.gates);
      assert.equal(merged.folder, main.folder);
      // Machine-wide findings (the blind start's GD003) appear once; the folder's own ones are named.
      assert.equal(
        merged.findings.filter((f) => f.code === "GD003").length,
        main.findings.filter((f) => f.code === "GD003").length,
      );
      for (const f of own)
        assert.ok(merged.findings.some((m) => m.code === f.code && m.message === folderPrefix("newer") + f.message));
      assert.equal(merged.findings.length, main.findings.length + own.length);
      assert.equal(merged.summary.errors, merged.findings.filter((f) => f.severity === "error").length);
      // The other folder is a line of its own in the checks, carrying its named findings.
      const line = merged.checks.find((c) => c.id === "folder:newer");
      assert.ok(line);
      assert.equal(line.status, "error");
      assert.deepEqual(
        line.findings.map((f) => f.message),
        own.map((f) => folderPrefix("newer") + f.message),
      );
      assert.match(line.summary, /debug gate is closed \(blocked by GD013\)/);
      assert.equal(merged.checks.length, main.checks.length + 1);
      assert.ok(merged.summary.errors > main.summary.errors);

      const blocker = folderDebugBlocker({ name: "newer", path: other, report: second });
      assert.ok(blocker);
      assert.equal(blocker.code, "GD013");
      assert.ok(blocker.message.startsWith(folderPrefix("newer")), blocker.message);
      assert.equal(blocker.onlyModulesMissing, false);
      assert.equal(folderDebugBlocker({ name: "hello", path: s.module, report: main }), null);
      assert.equal(withOtherFolders(main, []), main);

      // A folder-scoped setting fix would land in the main folder's settings: it is dropped, the other fixes stay.
      const withSetting = {
        ...second,
        findings: [
          ...second.findings,
          {
            code: "GD070" as const,
            severity: "warning" as const,
            check: "settings",
            message: "go.goroot is /nowhere, which does not exist.",
            fixes: [
              {
                kind: "setting" as const,
                title: "Remove go.goroot (folder)",
                key: "go.goroot",
                scope: "workspaceFolder" as const,
              },
              { kind: "setting" as const, title: "Remove go.goroot (user)", key: "go.goroot", scope: "user" as const },
            ],
          },
        ],
      };
      const kept = withOtherFolders(main, [{ name: "newer", path: other, report: withSetting }]).findings.find(
        (f) => f.message === `${folderPrefix("newer")}go.goroot is /nowhere, which does not exist.`,
      );
      assert.deepEqual(
        kept?.fixes?.map((f) => f.title),
        ["Remove go.goroot (user)"],
      );
    } finally {
      s.cleanup();
    }
  });

  it("folders of one go.work share one go env: each report has the go command's own GOMOD, and a folder with a finding of its own still gets it", async () => {
    const s = blindStart();
    try {
      const work = path.join(s.root, "work");
      const mods = ["a", "b", "c"].map((m) => writeModule(path.join(work, m), { module: `example.com/${m}` }));
      fs.mkdirSync(path.join(mods[2], "sub"));
      const folders = [s.module, ...mods.slice(0, 2), path.join(mods[2], "sub")];
      writeFile(path.join(work, "go.work"), `go 1.22\n\nuse (\n\t./hello\n\t./a\n\t./b\n\t./c\n)\n`);
      // Not in the go.work: it has its own answer, and its own GD013.
      const apart = writeModule(path.join(s.root, "apart"), { goLine: "1.99" });
      const goEnvs: string[] = [];
      const counting: RunProcess = (argv, o) => {
        if (argv[1] === "env" && argv[2] === "-json") goEnvs.push(o.cwd ?? "");
        return runProcess(argv, o);
      };
      const reports = await diagnoseWorkspace([...folders, apart], {
        processEnv: s.processEnv,
        settings: {},
        shell: { enabled: true, timeoutMs: 10_000 },
        run: counting,
      });
      assert.deepEqual(goEnvs.sort(), [s.module, apart].sort(), "one go env for the go.work, one for the folder apart");
      for (const r of reports) {
        const real = execFileSync(goBinary, ["env", "GOMOD", "GOWORK"], {
          cwd: r.folder,
          env: { ...s.processEnv, PATH: `${path.dirname(goBinary)}:${s.processEnv.PATH}`, GOTOOLCHAIN: "local" },
          encoding: "utf8",
        });
        assert.equal(`${r.go.env?.GOMOD}\n${r.go.env?.GOWORK}\n`, real, r.folder);
        assert.ok(reportSchema.safeParse(r).success);
      }
      assert.ok(reports.at(-1)?.findings.some((f) => f.code === "GD013"));
      assert.ok(!reports.slice(0, -1).some((r) => r.findings.some((f) => f.code === "GD013")));
    } finally {
      s.cleanup();
    }
  });

  it("diagnoseWorkspace runs the login shell once, gives each folder its own settings, and reports stages of the first folder only", async () => {
    const s = blindStart();
    try {
      const other = writeModule(path.join(s.root, "work", "newer"), { goLine: "1.99" });
      let shells = 0;
      const counting: RunProcess = (argv, o) => {
        if (argv.includes("-l")) shells++;
        return runProcess(argv, o);
      };
      const stages: StageEvent["stage"][] = [];
      const reports = await diagnoseWorkspace(
        [s.module, other],
        {
          processEnv: s.processEnv,
          settings: {},
          shell: { enabled: true, timeoutMs: 10_000 },
          run: counting,
          onStage: (e) => stages.push(e.stage),
        },
        // A go.alternateTools entry that names nothing, in the second folder's settings only (GD070 there).
        {
          perFolder: (dir) =>
            dir === other ? { settings: { alternateTools: { guru: path.join(s.root, "nowhere", "guru") } } } : {},
        },
      );
      assert.equal(shells, 1, "one login shell for both folders");
      assert.deepEqual(
        reports.map((r) => r.folder),
        [s.module, other],
      );
      assert.equal(stages.filter((x) => x === "shell").length, 1);
      assert.equal(stages.filter((x) => x === "modules").length, 1, "stage events come from the first folder only");
      assert.ok(reports[1].findings.some((f) => f.code === "GD013"));
      assert.ok(!reports[0].findings.some((f) => f.code === "GD013"));
      assert.ok(
        reports[1].findings.some((f) => f.code === "GD070" && f.message.includes("guru")),
        JSON.stringify(reports[1].findings.map((f) => f.message)),
      );
      assert.ok(!reports[0].findings.some((f) => f.code === "GD070"));
    } finally {
      s.cleanup();
    }
  });
});
