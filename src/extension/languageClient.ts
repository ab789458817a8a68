// gopls through vscode-languageclient. Started and stopped only by the
// readiness machine, which awaits each stop before the next start.

import * as path from "node:path";
import * as vscode from "vscode";
import type { LanguageClient, LanguageClientOptions } from "vscode-languageclient/node";
import type { LanguageServerSpec } from "../core/readiness/readiness";
import { serverOptionsOf } from "./serverOptions";
import { errorMessage } from "../core/base/errors";

const STOP_TIMEOUT_MS = 5_000;

export function isCancellation(token: { isCancellationRequested: boolean } | undefined, error: unknown): boolean {
  if (token?.isCancellationRequested) return true;
  const message =
    error instanceof Error
      ? error.message
      : typeof error === "object" && error && "message" in error
        ? String(error.message)
        : "";
  return /context canceled/i.test(message);
}

/** The client library, required at run time so that esbuild leaves it out of the extension bundle. */
function loadClientLibrary(): typeof import("./languageClientLib") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path esbuild must not follow
  return require(path.join(__dirname, "languageClientLib.js")) as typeof import("./languageClientLib");
}

export class GoplsClient {
  private client: LanguageClient | undefined;
  private output: vscode.OutputChannel | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly cwd: () => string | undefined,
  ) {}

  async start(spec: LanguageServerSpec): Promise<void> {
    this.output ??= vscode.window.createOutputChannel("Go Doctor: gopls");
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: "go", scheme: "file" },
        { language: "go.mod", scheme: "file" },
        { language: "go.sum", scheme: "file" },
        { language: "go.work", scheme: "file" },
        { language: "gotmpl", scheme: "file" },
      ],
      outputChannel: this.output,
      // The readiness machine decides about restarts; the client must not restart on its own with a stale env.
      initializationFailedHandler: () => false,
    };
    // Loaded on first use, from its own file next to this one (a bundle of its own in dist/).
    const { LanguageClient: Client } = loadClientLibrary();
    const client = new Client("goDoctor.gopls", "Go Doctor: gopls", serverOptionsOf(spec, this.cwd()), clientOptions);
    // gopls answers a request the editor has moved past with "context canceled" and code 0,
    // not LSP's RequestCancelled, and the client would pop up "Request … failed" for it.
    // Such failures are logged in the gopls channel, never shown as notifications.
    const handleFailedRequest = client.handleFailedRequest.bind(client);
    client.handleFailedRequest = <T>(
      type: Parameters<typeof handleFailedRequest>[0],
      token: vscode.CancellationToken | undefined,
      error: unknown,
      defaultValue: T,
      showNotification = true,
    ): T => handleFailedRequest(type, token, error, defaultValue, showNotification && !isCancellation(token, error));
    this.client = client;
    const started = performance.now();
    this.log.info(
      `starting ${spec.command} ${spec.args.join(" ")} with the captured environment (PATH=${spec.env.PATH ?? ""})`,
    );
    await client.start();
    this.log.info(`gopls started in ${Math.round(performance.now() - started)} ms`);
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    const started = performance.now();
    try {
      if (client.needsStop()) await client.stop(STOP_TIMEOUT_MS);
    } catch (e) {
      this.log.warn(`gopls did not stop cleanly: ${errorMessage(e)}`);
    }
    await client.dispose(STOP_TIMEOUT_MS).catch(() => undefined);
    this.log.info(`gopls stopped in ${Math.round(performance.now() - started)} ms`);
  }

  dispose(): void {
    this.output?.dispose();
  }
}
