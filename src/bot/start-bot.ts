import { freePort } from '../platform/index.js';
import { type Logger, Probot, ProbotOctokit, Server } from 'probot';
import { overnightApp } from './app.js';
import { PROBOT_DEFAULT_SECRET } from './webhook-secret.js';
import type { ReconcileSummary } from './prs/reconcile.js';

export interface StartBotOptions {
  appId: number | string;
  /** PEM text of the app's private key. */
  privateKey: string;
  /** Webhook secret; deliveries without a matching X-Hub-Signature-256 get 400. Never empty or probot's public default. */
  secret: string;
  /** REST root, e.g. "https://api.github.com" or "http://127.0.0.1:PORT/api/v3" for the sandbox. */
  baseUrl?: string;
  /** 0 or absent: a free port is picked (probot's Server would read 0 as 3000). */
  port?: number;
  host?: string;
  webhookPath?: string;
  /** A smee.io channel to receive deliveries through, for development. */
  webhookProxy?: string;
  log?: Logger;
  reconcileOnStart?: boolean;
  /**
   * Octokit's write throttle (1 write/s per installation, GitHub's guidance for its secondary rate
   * limits). Keep it against GitHub; turn it off against a local stand-in (sandbox, benchmarks).
   */
  throttle?: boolean;
}

export interface RunningBot {
  port: number;
  host: string;
  /** Where deliveries go: `http://host:port/api/github/webhooks`. */
  webhookUrl: string;
  /** Settles when start-up reconciliation is done (immediately when it is off). */
  reconciled: Promise<ReconcileSummary | undefined>;
  stop(): Promise<void>;
}

/** Runs the app in-process on probot's own Server: what `overnight bot` does, with explicit options. */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  // Probot would fall back to its public default for an empty secret: either way, anyone could sign.
  if (options.secret === '' || options.secret === PROBOT_DEFAULT_SECRET) {
    throw new Error(`startBot: the webhook secret must be the GitHub App's own, not empty or probot's public "${PROBOT_DEFAULT_SECRET}"`);
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  let reconciled: Promise<ReconcileSummary | undefined> = Promise.resolve(undefined);
  const server = new Server({
    host,
    port,
    ...(options.webhookPath ? { webhookPath: options.webhookPath } : {}),
    ...(options.webhookProxy ? { webhookProxy: options.webhookProxy } : {}),
    ...(options.log ? { log: options.log } : {}),
    Probot: Probot.defaults({
      appId: options.appId,
      privateKey: options.privateKey,
      secret: options.secret,
      baseUrl: options.baseUrl ?? 'https://api.github.com',
      ...(options.log ? { log: options.log } : {}),
      ...(options.throttle === false ? { Octokit: unthrottledOctokit() } : {}),
    }),
  });
  await server.load(
    overnightApp({
      reconcileOnStart: options.reconcileOnStart ?? true,
      onReconcile: (done) => {
        reconciled = done.catch(() => undefined);
      },
    }),
  );
  await server.start();
  return {
    port: server.port,
    host,
    webhookUrl: `http://${host}:${server.port}${options.webhookPath ?? '/api/github/webhooks'}`,
    reconciled,
    stop: () => server.stop(),
  };
}

/**
 * Probot replaces the client's `throttle` object with its own when it builds it, so a plain
 * `defaults({ throttle: { enabled: false } })` is lost; a function default sees the final options.
 */
export function unthrottledOctokit(): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: Record<string, any>) => ({
    ...options,
    throttle: { ...options.throttle, enabled: false },
  }));
}
