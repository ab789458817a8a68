// The readiness machine's `diagnose` over the real engine: one folder, no
// login shell (the test's environment stands in for it), no go.* settings.

import { diagnose } from "../../src/core/diagnosis/diagnose";
import type { ReadinessDeps } from "../../src/core/readiness/readiness";

/** env is read at each diagnosis, so a test can change the environment between generations. */
export function engineDiagnose(folder: string, env: () => Record<string, string>): ReadinessDeps["diagnose"] {
  return (req) =>
    diagnose({
      folder,
      processEnv: env(),
      settings: {},
      shell: { enabled: false, timeoutMs: 1000 },
      signal: req.signal,
      loginEnv: req.loginEnv,
      onStage: req.onStage,
    });
}
