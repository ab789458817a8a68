import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fileProxyDir, parseGoProxy } from "../../../src/core/go/goProxy";
import { runProcess } from "../../../src/core/base/process";
import { goBinary, hermeticEnv, removeDir, tempDir, writeModule } from "../../support/fixtures";

describe("GOPROXY parsing, as cmd/go/internal/modfetch.proxyList does it", () => {
  it("splits at , and |, records which separator follows, and trims blanks", () => {
    const list = parseGoProxy(" https://a.example | https://b.example ,direct");
    assert.deepEqual(list.entries, [
      { url: "https://a.example", raw: "https://a.example", fallBackOnError: true },
      { url: "https://b.example", raw: "https://b.example", fallBackOnError: false },
      { url: "direct", raw: "direct", fallBackOnError: false },
    ]);
    assert.deepEqual(list.ignored, []);
  });

  it("adds https:// to a bare host and stops at off or direct", () => {
    const list = parseGoProxy("proxy.example.com,off,https://never.example");
    assert.deepEqual(
      list.entries.map((e) => e.url),
      ["https://proxy.example.com", "off"],
    );
    assert.deepEqual(list.ignored, ["https://never.example"]);
  });

  it("rejects what the go command rejects, in its words", () => {
    assert.match(parseGoProxy("ftp://x.example").error ?? "", /must be https, http, file/);
    assert.match(parseGoProxy("file://host/dir").error ?? "", /non-path elements/);
    assert.match(parseGoProxy("file:///dir?x=1").error ?? "", /non-path elements/);
    assert.match(parseGoProxy(",|,").error ?? "", /contains no entries/);
    assert.equal(parseGoProxy("").entries.length, 0);
    assert.equal(parseGoProxy("").error, undefined);
  });

  it("its error for each rejected value is the one the real go command prints, before any network access", async (t) => {
    const root = tempDir("gd-goproxy-");
    t.after(() => removeDir(root));
    const folder = writeModule(path.join(root, "m"));
    for (const value of [",|,", "file://host/dir", "ftp://x.example", "file:///dir?x=1"]) {
      const want = parseGoProxy(value).error;
      assert.ok(want, value);
      const env = hermeticEnv(path.join(root, "home"), { GOPROXY: value, GOSUMDB: "off" });
      const r = await runProcess([goBinary, "list", "-m", "example.com/none@latest"], {
        cwd: folder,
        env,
        timeoutMs: 20_000,
      });
      assert.notEqual(r.exitCode, 0);
      assert.ok(r.stderr.includes(want), `${value}: go said ${r.stderr}`);
    }
  });

  it("file:// URLs map to their directory", () => {
    assert.equal(fileProxyDir("file:///srv/go%20proxy"), "/srv/go proxy");
    assert.equal(fileProxyDir("file:/srv/p"), "/srv/p");
    assert.equal(fileProxyDir("https://x.example"), undefined);
  });
});
