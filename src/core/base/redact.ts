// Secrets never leave Go Doctor: values of variables named like credentials,
// credentials embedded in URLs, and strings shaped like well-known tokens.

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|KEY|CREDENTIAL|AUTH|COOKIE|SESSION)/i;

const TOKEN_SHAPES: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g, // GitLab
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, // Slack
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bsk-[A-Za-z0-9_-]{20,}\b/g, // API keys of the sk- family
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g, // JWT
  /\bnpm_[A-Za-z0-9]{30,}\b/g,
];

export const MASK = "«redacted»";

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Masks secrets inside free text (command output, messages, values). */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join(MASK);
  }
  // user:password@host in URLs (GOPROXY, GOPRIVATE hosts, git remotes).
  out = out.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi, `$1$2:${MASK}@`);
  // NAME=value where NAME looks like a credential.
  out = out.replace(/\b([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s"']+)/g, (m, name: string) =>
    isSecretName(name) ? `${name}=${MASK}` : m,
  );
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, MASK);
  return out;
}

/** The values of credential-named variables in an environment, to be masked wherever they appear. */
export function secretValues(env: Record<string, string | undefined>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value && isSecretName(name)) values.push(value);
  }
  // Longest first, so a secret containing another is masked whole.
  return values.sort((a, b) => b.length - a.length);
}

/** Deep-redacts a JSON-like value: secret-named keys are masked, strings are scanned. */
export function redactDeep<T>(value: T, knownSecrets: readonly string[] = []): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string") {
      // Only environment-style keys (GITHUB_TOKEN, not "key" of a settings fix) are masked by name.
      const envStyle = key !== undefined && /^[A-Z][A-Z0-9_]*$/.test(key);
      return envStyle && isSecretName(key) && v !== "" ? MASK : redactText(v, knownSecrets);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === "object") {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x, k);
      return o;
    }
    return v;
  };
  return walk(value) as T;
}

/** What `unmasked` answers when a masked value cannot be put back. */
export const MASKED = Symbol("masked");

/**
 * A setting value from the (redacted) report with each masked string put back
 * from the user's own value at the same place; MASKED when one cannot be.
 */
export function unmasked(value: unknown, current: unknown): unknown {
  if (typeof value === "string") {
    if (!value.includes(MASK)) return value;
    return typeof current === "string" ? current : MASKED;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [i, v] of value.entries()) {
      const u = unmasked(v, Array.isArray(current) ? current[i] : undefined);
      if (u === MASKED) return MASKED;
      out.push(u);
    }
    return out;
  }
  if (value && typeof value === "object") {
    const cur = current && typeof current === "object" ? (current as Record<string, unknown>) : {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const u = unmasked(v, cur[k]);
      if (u === MASKED) return MASKED;
      out[k] = u;
    }
    return out;
  }
  return value;
}
