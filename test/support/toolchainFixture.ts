// A downloadable Go toolchain for tests: a file:// module proxy serving
// golang.org/toolchain@v0.0.1-<name>.<goos>-<goarch> whose bin/go only answers
// `go version`. The real go command downloads, verifies (GOSUMDB=off is
// accepted for a sole file:// proxy), unpacks and runs it.

import * as fs from "node:fs";
import * as path from "node:path";
import { zipFiles } from "./fixtures";

/** Writes the toolchain module into <dir>/golang.org/toolchain/@v and returns the file:// GOPROXY. */
export function writeToolchainProxy(dir: string, toolchain: string, goos: string, goarch: string): string {
  const version = `v0.0.1-${toolchain}.${goos}-${goarch}`;
  const vdir = path.join(dir, "golang.org", "toolchain", "@v");
  fs.mkdirSync(vdir, { recursive: true });
  fs.appendFileSync(path.join(vdir, "list"), `${version}\n`);
  fs.writeFileSync(
    path.join(vdir, `${version}.info`),
    JSON.stringify({ Version: version, Time: "2024-01-01T00:00:00Z" }),
  );
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
