import { readFile as fsReadFile } from 'node:fs/promises';
import { Probot, type Logger } from 'probot';
import { overnightApp } from '../app.js';
import { unthrottledOctokit } from '../start-bot.js';
import { ActionSetupError, readActionsEnv } from './actions-env.js';
import { actionsLogger } from './actions-log.js';
import { explainActionError } from './explain-action-error.js';
import { reconcileOneRepo, type RepoReconciliation } from './reconcile-one-repo.js';

/** What a job's own token writes as; an App token writes as `<app-slug>[bot]`. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/** Events with no webhook behind them: the workflow's own triggers, used to reconcile. */
const RECONCILE_EVENTS = new Set(['schedule', 'workflow_dispatch']);

export interface RunActionOptions {
  env?: NodeJS.ProcessEnv;
  readFile?: (path: string) => Promise<string>;
  log?: Logger;
  /** Octokit's write throttle (GitHub's guidance for its secondary rate limits); off only against a local stand-in. */
  throttle?: boolean;
  /** The login the bot's own comments carry. */
  botLogin?: string;
}

export type ActionOutcome =
  | { kind: 'handled'; event: string }
  | { kind: 'reconciled'; event: string; summary: RepoReconciliation }
  | { kind: 'failed'; event: string; message: string };

/**
 * The bot without a server: the same app, loaded into a Probot that holds the job's token instead
 * of an App key, receives the one event that started the job, as a webhook delivery would bring
 * it. Handlers need no installation: with a token, every event's client is that token's.
 * Throws ActionSetupError when the job is not set up for it; a handler's failure is an outcome.
 */
export async function runAction(options: RunActionOptions = {}): Promise<ActionOutcome> {
  const env = readActionsEnv(options.env);
  const payload = await readPayload(env.eventPath, options.readFile ?? ((path) => fsReadFile(path, 'utf8')));
  const log = options.log ?? actionsLogger();
  const probot = new Probot({
    githubToken: env.token,
    baseUrl: env.apiUrl,
    log,
    ...(options.throttle === false ? { Octokit: unthrottledOctokit() } : {}),
  });
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  const event = action ? `${env.eventName}.${action}` : env.eventName;

  // A workflow's token cannot ask GitHub who it is: its login is given (github-actions[bot] by default).
  const botLogin = options.botLogin ?? ACTIONS_BOT_LOGIN;
  const self = () => Promise.resolve(botLogin);
  try {
    if (RECONCILE_EVENTS.has(env.eventName)) {
      const summary = await reconcileOneRepo(await probot.auth(), env.repo, self, log);
      log.info(summary, `${event}: reconciled agent branches`);
      return { kind: 'reconciled', event, summary };
    }
    await probot.load(overnightApp({ reconcileOnStart: false, botLogin, acknowledgeOwnGoals: true }));
    await probot.receive({ id: env.deliveryId, name: env.eventName, payload } as Parameters<Probot['receive']>[0]);
    return { kind: 'handled', event };
  } catch (error) {
    const errors = error instanceof AggregateError ? error.errors : [error];
    return { kind: 'failed', event, message: errors.map((one) => explainActionError(one, { event, apiUrl: env.apiUrl })).join('\n') };
  }
}

async function readPayload(path: string, readFile: (path: string) => Promise<string>): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path);
  } catch (error) {
    throw new ActionSetupError(`GITHUB_EVENT_PATH ${path} cannot be read: ${(error as Error).message}`);
  }
  try {
    const payload: unknown = JSON.parse(text);
    if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) return payload as Record<string, unknown>;
  } catch {
    // reported below, with the path
  }
  throw new ActionSetupError(`GITHUB_EVENT_PATH ${path} does not hold a JSON event payload.`);
}
