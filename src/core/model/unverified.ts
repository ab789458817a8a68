// Fail open where unverified. Go Doctor's tests run on Linux; on Windows and
// macOS a finding of a check that leans on platform details (where programs
// live, how PATH is spelled, /proc) may be an artefact of Go Doctor rather
// than of the machine. Such a finding is still reported, at most as a
// warning and marked `unverified`, and it closes no gate: a set-up that works
// without Go Doctor must keep working with it.

import type { Finding } from "./findings";
import type { FaultCode } from "./faults";

/** Whether Go Doctor's own tests run on a real machine of this platform. */
export function verifiedPlatform(name: string): boolean {
  return name === "linux";
}

const LOCATING: FaultCode[] = ["GD010", "GD011", "GD014", "GD020", "GD021", "GD022", "GD030", "GD033", "GD051"];
const PROBING: FaultCode[] = ["GD012", "GD025", "GD031", "GD094"];

/** The codes whose findings may be artefacts of the platform, per platform the tests only simulate. */
const UNVERIFIED: Record<string, readonly FaultCode[]> = {
  // Path/PATH spelling, .exe names, install locations, no login shell, no /proc.
  win32: [...LOCATING, ...PROBING, "GD001", "GD002", "GD003", "GD054", "GD070"],
  // The login shell as on Linux, but GUI-started editors, /etc/paths and no /proc (GD070's restart case).
  darwin: [...LOCATING, ...PROBING, "GD003", "GD070"],
};

const PLATFORM_LABEL: Record<string, string> = { win32: "Windows", darwin: "macOS", linux: "Linux" };

export function platformLabel(name: string): string {
  return PLATFORM_LABEL[name] ?? name;
}

/** The codes reported as unverified on `name` (none on a verified platform). */
export function unverifiedCodes(name: string): readonly FaultCode[] {
  return verifiedPlatform(name) ? [] : (UNVERIFIED[name] ?? [...LOCATING, ...PROBING, "GD003", "GD070"]);
}

/** The sentence an unverified finding carries, once in its details and once as its `unverified` mark. */
export function unverifiedSentence(name: string): string {
  return `Not verified on ${platformLabel(name)}: Go Doctor's tests cover this check on Linux only, so this may be an artefact of the platform; it is reported but keeps no gate shut.`;
}

/** `f` as reported on platform `name`: unchanged where verified, else a warning at most, marked, with the sentence. */
export function onPlatform<F extends Finding>(f: F, name: string): F {
  if (!unverifiedCodes(name).includes(f.code)) return f;
  const sentence = unverifiedSentence(name);
  return {
    ...f,
    severity: f.severity === "error" ? "warning" : f.severity,
    details: [...(f.details ?? []), sentence],
    unverified: sentence,
  };
}

/** The report's note on the platform: which codes are not verified there. */
export function platformNote(name: string): { name: string; verified: boolean; unverifiedCodes: string[] } {
  return { name, verified: verifiedPlatform(name), unverifiedCodes: [...unverifiedCodes(name)] };
}
