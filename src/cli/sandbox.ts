import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { onStopSignals } from '../platform/index.js';
import type { SandboxInfo } from '../sandbox/index.js';
import type { SandboxSource } from '../setup/index.js';
import { currentSandboxFile } from './current-sandbox-file.js';
import { registerSandboxGoals } from './sandbox-goals.js';

export interface SandboxCliOptions {
  dir?: string;
  port: number;
  owner?: string;
  name?: string;
  /** A clone to stand in for: its base branch seeds the remote, its GitHub remote names the repository. */
  repo?: string;
  base?: string;
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
  const sandbox = program
    .command('sandbox')
    .description('run a local stand-in for GitHub (bare git remote, webhooks, REST) on 127.0.0.1; --repo PATH stands in for your own repository')
    .enablePositionalOptions()
    .option('--repo <path>', "stand in for this clone's repository: its base branch (history and all) is the remote's")
    .option('--base <branch>', "with --repo: the branch to seed (default: the remote's HEAD as last fetched, else the checked-out branch)")
    .option('--dir <dir>', 'where the remote, the App key and the stand-in commands live (default: a new temp dir)')
    .option('--port <port>', 'port on 127.0.0.1 (default: a free one)', integer('--port', 0, 65535), 0)
    .option('--owner <login>', 'repository owner (default: from --repo\'s GitHub remote, else overnight-demo)')
    .option('--name <name>', 'repository name (default: from --repo\'s GitHub remote, else sample)')
    .option('--app-id <id>', 'GitHub App id', integer('--app-id', 1, 2 ** 31 - 1), 1)
    .option('--webhook-secret <secret>', 'webhook secret (default: a random one, printed)')
    .option('--webhook-url <url>', "where to deliver webhooks, e.g. the bot's http://127.0.0.1:3000/api/github/webhooks")
    .option('--json', 'print the sandbox details as one line of JSON')
    .action(async (options: SandboxCliOptions) => {
      try {
        await runSandbox(options);
      } catch (error) {
        const { InitError } = await import('../setup/index.js');
        if (!(error instanceof InitError)) throw error;
        process.stderr.write(`overnight sandbox: ${error.message}\n`);
        process.exitCode = 2;
      }
    });
  registerSandboxGoals(sandbox);
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
  const source = options.repo === undefined ? undefined : await (await import('../setup/index.js')).sandboxSource(options.repo, options.base === undefined ? {} : { base: options.base });
  const dir = options.dir === undefined ? await mkdtemp(join(tmpdir(), 'overnight-sandbox-')) : resolve(options.dir);
  const kept = source !== undefined && existsSync(join(dir, 'remote.git', 'HEAD'));
  // Loaded on use, like every heavy command: `overnight run` must not carry the stand-in.
  const { createSandbox, removeSandboxFile, writeSandboxFile } = await import('../sandbox/index.js');
  const owner = options.owner ?? source?.owner ?? 'overnight-demo';
  const sandbox = createSandbox({
    dir,
    port: options.port,
    owner,
    repo: options.name ?? source?.name ?? 'sample',
    appId: options.appId,
    webhookSecret: options.webhookSecret ?? randomBytes(16).toString('hex'),
    webhookUrl: options.webhookUrl,
    ...(source ? { defaultBranch: source.branch, seedFrom: { repoPath: source.repoPath, ref: source.ref } } : {}),
  });
  const info = await sandbox.start();
  const ownerToken = sandbox.userToken(owner);
  const running = { pid: process.pid, dir, webUrl: info.webUrl, apiUrl: info.apiUrl, remoteUrl: info.remoteUrl, owner: info.owner, repo: info.repo };
  const files = [join(dir, 'sandbox.json'), currentSandboxFile()];
  for (const file of files) await writeSandboxFile(file, running);
  try {
    write(options.json ? `${JSON.stringify({ ...info, ownerToken, webhookUrl: options.webhookUrl ?? null })}\n` : describe(info, ownerToken, options.webhookUrl, source, kept));
    const reason = await until();
    await sandbox.stop();
    if (!options.json) write(`sandbox stopped (${reason}); its files stay in ${dir}\n`);
  } finally {
    for (const file of files) await removeSandboxFile(file);
  }
}

function describe(info: SandboxInfo, ownerToken: string, webhookUrl: string | undefined, source: SandboxSource | undefined, kept: boolean): string {
  const lines = [
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
  ];
  if (!source) return lines.join('\n');
  const remoteName = 'overnight-sandbox';
  const seeded = kept
    ? `${info.remotePath} was already there and is kept, agent branches and all (a new --dir seeds afresh).`
    : `The stand-in's ${source.branch} is ${source.ref} of ${source.repoPath}: its history, nothing added.`;
  return [
    ...lines,
    seeded,
    'To try the runner on it, once:',
    `  git -C ${source.repoPath} remote add ${remoteName} ${info.remoteUrl}`,
    'and in a runner config (a copy of yours: the state stays apart from your real nights):',
    `  "repo": { "path": ${JSON.stringify(source.repoPath)}, "remote": "${remoteName}", "base": ${JSON.stringify(source.branch)}, "github": "${info.owner}/${info.repo}" },`,
    `  "github": { "apiUrl": "${info.apiUrl}", "token": "env" },`,
    '  "pr": { "openedBy": "runner" },',
    `  "stateDir": ${JSON.stringify(join(info.remotePath, '..', 'state'))}`,
    `then run it with GITHUB_TOKEN=${ownerToken}`,
    'File a goal:       overnight sandbox issue "Add a --verbose flag"',
    'Comment on it:     overnight sandbox comment 1 "/overnight agent codex"',
    '',
  ].join('\n');
}
