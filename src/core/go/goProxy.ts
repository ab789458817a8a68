// GOPROXY as the go command reads it (cmd/go/internal/modfetch.proxyList):
// entries separated by "," (fall through on 404/410) or "|" (fall through on
// any error), "off" and "direct" end the list, a bare host gets https://.
// Plus the cheap probe behind GD061.

import * as path from "node:path";

export interface ProxyEntry {
  /** "off", "direct", or a URL (https://…, http://…, file://…) after the go command's normalisation. */
  url: string;
  /** The text as written in GOPROXY, trimmed. */
  raw: string;
  /** True when the separator after it was "|": any error falls through to the next entry. */
  fallBackOnError: boolean;
}

export interface ProxyList {
  entries: ProxyEntry[];
  /** Written entries the go command never reaches because "off" or "direct" came first. */
  ignored: string[];
  /** Why the go command rejects the whole value, in its own words where it has them. */
  error?: string;
}

function schemeError(url: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  if (!m) return `invalid proxy URL missing scheme: ${url}`;
  const scheme = m[1].toLowerCase();
  if (scheme === "http" || scheme === "https") return undefined;
  if (scheme === "file") {
    // The go command accepts only a path: no host, user, query or fragment.
    let rest = url.slice(m[0].length);
    if (rest.startsWith("//")) {
      const slash = rest.indexOf("/", 2);
      if (slash !== 2) return `invalid file:// proxy URL with non-path elements: ${url}`;
      rest = rest.slice(2);
    }
    if (!rest.startsWith("/") || /[?#]/.test(rest)) return `invalid file:// proxy URL with non-path elements: ${url}`;
    return undefined;
  }
  return `invalid proxy URL scheme (must be https, http, file): ${url}`;
}

export function parseGoProxy(value: string): ProxyList {
  const entries: ProxyEntry[] = [];
  const ignored: string[] = [];
  let rest = value;
  let ended = false;
  while (rest !== "") {
    let raw: string;
    let fallBackOnError = false;
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      raw = rest.slice(0, i);
      fallBackOnError = rest[i] === "|";
      rest = rest.slice(i + 1);
    } else {
      raw = rest;
      rest = "";
    }
    raw = raw.trim();
    if (raw === "") continue;
    if (ended) {
      ignored.push(raw);
      continue;
    }
    if (raw === "off" || raw === "direct") {
      entries.push({ url: raw, raw, fallBackOnError });
      ended = true;
      continue;
    }
    let url = raw;
    if (/[.:/]/.test(url) && !url.includes(":/") && !path.posix.isAbsolute(url) && !path.win32.isAbsolute(url))
      url = `https://${url}`;
    const err = schemeError(url);
    if (err) return { entries, ignored, error: err };
    entries.push({ url, raw, fallBackOnError });
  }
  if (entries.length === 0 && value !== "")
    return { entries, ignored, error: "GOPROXY list is not the empty string, but contains no entries" };
  return { entries, ignored };
}

/** A file:// proxy URL → its directory. */
export function fileProxyDir(url: string): string | undefined {
  const m = /^file:(?:\/\/)?(\/[^?#]*)$/i.exec(url);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}

export type ReachResult =
  | { ok: true; status: number; durationMs: number }
  | { ok: false; reason: string; durationMs: number };

/** One HEAD request to the proxy's base URL: any HTTP answer below 500 means it is reachable. */
export async function probeProxy(url: string, timeoutMs = 5_000): Promise<ReachResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, reason: "not a valid URL", durationMs: 0 };
  }
  // Loaded here, not at start-up: only `--network` asks, and https alone costs tens of milliseconds to load.
  const lib = target.protocol === "http:" ? await import("node:http") : await import("node:https");
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ReachResult): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const req = lib.request(
      target,
      { method: "HEAD", timeout: timeoutMs, headers: { "user-agent": "go-doctor" } },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        done(
          status < 500
            ? { ok: true, status, durationMs: elapsed() }
            : { ok: false, reason: `HTTP ${status}`, durationMs: elapsed() },
        );
      },
    );
    req.on("timeout", () => {
      req.destroy();
      done({ ok: false, reason: `no answer within ${timeoutMs} ms`, durationMs: elapsed() });
    });
    req.on("error", (e: NodeJS.ErrnoException) =>
      done({ ok: false, reason: e.code ? `${e.code}: ${e.message}` : e.message, durationMs: elapsed() }),
    );
    req.end();
  });
}
