import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { onStopSignals } from '../platform/index.js';
import type { SandboxInfo } from '../sandbox/index.js';

export interface SandboxCliOptions {
  dir?: string;
  port: number;
  owner: string;
  repo: string;
  appId: number;
  webhookSecret?: string;
  webhookUrl?: string;
  json?: boolean;
}

function integer(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return parsed;
  };
}

/**
 * `overnight sandbox`: runs the local GitHub stand-in until Ctrl-C, and prints what a bot and a
 * runner need to use it. With --json it prints one line of JSON (for a test that starts it).
 */
export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('run a local stand-in for GitHub (bare git remote, webhooks, REST) on 127.0.0.1')
    .option('--dir <dir>', 'where the remote, the App key and the stand-in commands live (default: a new temp dir)')
    .option('--port <port>', 'port on 127.0.0.1 (default: a free one)', integer('--port', 0, 65535), 0)
    .option('--owner <login>', 'repository owner', 'overnight-demo')
    .option('--repo <name>', 'repository name', 'sample')
    .option('--app-id <id>', 'GitHub App id', integer('--app-id', 1, 2 ** 31 - 1), 1)
    .option('--webhook-secret <secret>', 'webhook secret (default: a random one, printed)')
    .option('--webhook-url <url>', "where to deliver webhooks, e.g. the bot's http://127.0.0.1:3000/api/github/webhooks")
    .option('--json', 'print the sandbox details as one line of JSON')
    .action((options: SandboxCliOptions) => runSandbox(options));
}

function untilSignal(): Promise<string> {
  return new Promise((done) => {
    const off = onStopSignals((signal) => {
      off();
      done(signal);
    });
  });
}

/** The command's body; `until` resolves when the sandbox should stop (default: SIGINT/SIGTERM). */
export async function runSandbox(
  options: SandboxCliOptions,
  { until = untilSignal, write = (text: string) => void process.stdout.write(text) }: { until?: () => Promise<string>; write?: (text: string) => void } = {},
): Promise<void> {
  const dir = options.dir === undefined ? await mkdtemp(join(tmpdir(), 'overnight-sandbox-')) : resolve(options.dir);
  // Loaded on use, like every heavy command: `overnight run` must not carry the stand-in.
  const { createSandbox } = await import('../sandbox/index.js');
  const sandbox = createSandbox({
    dir,
    port: options.port,
    owner: options.owner,
    repo: options.repo,
    appId: options.appId,
    webhookSecret: options.webhookSecret ?? randomBytes(16).toString('hex'),
    webhookUrl: options.webhookUrl,
  });
  const info = await sandbox.start();
  const ownerToken = sandbox.userToken(options.owner);
  write(options.json ? `${JSON.stringify({ ...info, ownerToken, webhookUrl: options.webhookUrl ?? null })}\n` : describe(info, ownerToken, options.webhookUrl));
  const reason = await until();
  await sandbox.stop();
  if (!options.json) write(`sandbox stopped (${reason}); its files stay in ${dir}\n`);
}

function describe(info: SandboxInfo, ownerToken: string, webhookUrl: string | undefined): string {
  return [
    'overnight sandbox running on 127.0.0.1 (Ctrl-C to stop)',
    `  repository   ${info.owner}/${info.repo}`,
    `  REST API     ${info.apiUrl}`,
    `  for the bot  GHE_HOST=${info.gheHost} GHE_PROTOCOL=http APP_ID=${info.appId} PRIVATE_KEY_PATH=${info.privateKeyPath} WEBHOOK_SECRET=${info.webhookSecret}`,
    `  webhooks     ${webhookUrl ?? `not delivered until set: curl -X PUT ${info.webUrl}/_sandbox/webhook -d '{"url":"..."}'`}`,
    `  git remote   ${info.remoteUrl}`,
    `  owner token  ${ownerToken} (GITHUB_TOKEN for a runner)`,
    `  stand-ins    ${info.standinsDir} (first on PATH, with OVERNIGHT_PLATFORM=darwin)`,
    `  control API  ${info.webUrl}/_sandbox/state`,
    '',
  ].join('\n');
}
