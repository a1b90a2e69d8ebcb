import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** The secret probot falls back to when none is set: public, so anyone can sign deliveries with it. */
export const PROBOT_DEFAULT_SECRET = 'development';

export type SecretCheck = { ok: true; warning?: string } | { ok: false; problem: string };

const HOW =
  'Set WEBHOOK_SECRET (in the environment or in .env) to the webhook secret of your GitHub App, as entered on the ' +
  "app's settings page under \"Webhook secret\".";

/**
 * Whether the bot may start with the webhook secret this environment gives it. Without one,
 * probot verifies deliveries against its public default, so anyone who can reach the server could
 * forge events. That is tolerated only while developing through a smee.io proxy, loudly; and
 * without APP_ID, where probot only runs its app-registration flow, which receives no events.
 */
export function checkWebhookSecret(env: NodeJS.ProcessEnv): SecretCheck {
  const secret = env.WEBHOOK_SECRET ?? '';
  if (secret !== '' && secret !== PROBOT_DEFAULT_SECRET) return { ok: true };
  if (!env.APP_ID) return { ok: true };
  if (env.NODE_ENV === 'development' && env.WEBHOOK_PROXY_URL) {
    return {
      ok: true,
      warning:
        `WARNING: the bot accepts deliveries signed with probot's public "${PROBOT_DEFAULT_SECRET}" secret ` +
        `(NODE_ENV=development, deliveries through ${env.WEBHOOK_PROXY_URL}). Anyone who can reach it can forge events. ` +
        `Never run it this way against a repository you care about. ${HOW}`,
    };
  }
  const what = secret === '' ? 'WEBHOOK_SECRET is not set' : `WEBHOOK_SECRET is "${PROBOT_DEFAULT_SECRET}", probot's public default`;
  return {
    ok: false,
    problem:
      `${what}, so anyone could sign webhook deliveries the bot would accept; it does not start. ${HOW} ` +
      'For local development through a smee.io channel only: NODE_ENV=development with WEBHOOK_PROXY_URL set.',
  };
}

/**
 * The environment probot's `run` will see: this process's, overlaid with `.env` in the working
 * directory, which probot applies over it the same way before reading its options.
 */
export function botEnvironment({ env = process.env, cwd = process.cwd(), readFile = (path: string) => readFileSync(path, 'utf8') } = {}): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFile(join(cwd, '.env'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return env;
    throw error;
  }
  return { ...env, ...parseEnv(text) };
}
