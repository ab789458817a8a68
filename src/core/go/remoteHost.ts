// Remote hosts. In a Dev Container the editor's server gets the image's ENV
// and devcontainer.json's remoteEnv, while a login shell runs /etc/profile,
// which on Debian images resets PATH and drops /usr/local/go/bin, /go/bin and
// remoteEnv's entries. There the process PATH is as true as the login one:
// the tools get the login entries first, then the process's missing ones, and
// GD003's advice is about the image, not about restarting from a terminal.

import { pathEntries, type Env } from "../base/envPath";
import type { Platform } from "../base/platform";
import type { Finding } from "../model/findings";

export type RemoteKind = "container" | "wsl" | "ssh" | "other";

/** From VS Code's `env.remoteName` when given, else from what the environment shows (the CLI). */
export function remoteKind(remoteName: string | undefined, env: Env, platform: Platform): RemoteKind | undefined {
  const name =
    remoteName ??
    (platform.getEnv(env, "REMOTE_CONTAINERS") === "true" || platform.getEnv(env, "CODESPACES") === "true"
      ? "dev-container"
      : platform.getEnv(env, "WSL_DISTRO_NAME")
        ? "wsl"
        : undefined);
  if (!name) return undefined;
  if (/container|codespaces/i.test(name)) return "container";
  if (name === "wsl") return "wsl";
  return name === "ssh-remote" ? "ssh" : "other";
}

/** The login environment with the process PATH's entries it lacks appended after its own. */
export function withHostPath(login: Env, processEnv: Env, platform: Platform): Env {
  const own = pathEntries(login, platform).filter((e) => e !== "");
  const extra = pathEntries(processEnv, platform).filter(
    (e, i, all) =>
      e !== "" &&
      !own.some((o) => platform.sameDir(o, e)) &&
      all.findIndex((x) => x !== "" && platform.sameDir(x, e)) === i,
  );
  if (extra.length === 0) return login;
  return { ...login, PATH: [...own, ...extra].join(platform.path.delimiter) };
}

/** GD003 in a container: the fix is the image or devcontainer.json, and Go Doctor already merges the PATHs. */
export function containerDrift(f: Finding): Finding {
  return {
    ...f,
    severity: f.severity === "error" ? "warning" : f.severity,
    message: `${f.message} In this container Go Doctor gives its tools the login shell's PATH followed by the container's own entries.`,
    fixes: [
      {
        kind: "manual",
        title: "Set the variables in the container's definition",
        detail:
          "In a container the editor's environment comes from the image and devcontainer.json, and the login shell's /etc/profile may reset PATH. Put Go's directories in the Dockerfile (ENV PATH=...) or in devcontainer.json's remoteEnv (e.g. \"PATH\": \"${containerEnv:PATH}:/usr/local/go/bin:/go/bin\"), then rebuild the container. Restarting from a terminal does not apply here.",
      },
    ],
  };
}
