import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { pino } from 'pino';
import { startBot, type RunningBot } from '../bot/index.js';
import { createSandbox, type Sandbox, type SandboxInfo } from '../sandbox/index.js';
import type { Print } from './show/printer.js';
import { runSampleTests } from './agent/run-sample-tests.js';
import { createSampleRepo, type SampleRepo } from './sample-repo/write-sample-repo.js';
import { describeFacts } from './show/sandbox-view.js';

export const OWNER = 'alice';
export const OUTSIDER = 'mallory';
export const REPO = 'tinyutils';
const APP_ID = 4242;

export interface Stage {
  sample: SampleRepo;
  sandbox: Sandbox;
  info: SandboxInfo;
  bot: RunningBot;
}

/**
 * Everything but the runner: the sample project pushed to a bare repository, the stand-in GitHub
 * serving it (maintainer with write, outsider with read), and the bot on a real Probot server
 * receiving the sandbox's signed webhooks. Each thing started is registered in `stops` at once,
 * so a failure half-way still stops what was started.
 */
export async function setStage(dir: string, print: Print, stops: Array<() => Promise<unknown>>): Promise<Stage> {
  const sandboxDir = join(dir, 'sandbox');
  // The sandbox adopts a bare repository already at <dir>/remote.git, so the sample's first commit
  // is an ordinary `git push`, made before the sandbox (and its post-receive hook) exists.
  const remotePath = join(sandboxDir, 'remote.git');
  await mkdir(sandboxDir, { recursive: true });
  await execa('git', ['init', '--bare', '--quiet', '--initial-branch=main', remotePath]);
  const sample = await createSampleRepo({ dir: join(dir, REPO), remoteUrl: remotePath });
  const baseline = await runSampleTests(sample.path);
  print(`sample repo ${REPO}: string and date helpers, ${baseline.pass ?? '?'} tests passing with node --test; main ${sample.head.slice(0, 7)} pushed`);

  const secret = randomBytes(20).toString('hex');
  const sandbox = createSandbox({ dir: sandboxDir, owner: OWNER, repo: REPO, appId: APP_ID, webhookSecret: secret });
  const info = await sandbox.start();
  stops.push(() => sandbox.stop());
  sandbox.setPermission(OWNER, 'write');
  sandbox.setPermission(OUTSIDER, 'read');
  print(`sandbox GitHub at ${info.apiUrl} (${OWNER}: write, ${OUTSIDER}: read); machine facts: ${describeFacts(sandbox.facts())}`);

  const logFile = join(dir, 'bot.log');
  const log = pino({ level: 'info' }, pino.destination({ dest: logFile, sync: true }));
  // No write throttle against a local stand-in: GitHub's secondary rate limits do not apply.
  const bot = await startBot({ appId: APP_ID, privateKey: sandbox.privateKey, secret, baseUrl: info.apiUrl, log, throttle: false });
  stops.push(() => bot.stop());
  sandbox.setWebhookUrl(bot.webhookUrl);
  await bot.reconciled;
  print(`bot (Probot) listening at ${bot.webhookUrl}, webhooks signed with the App's secret; log: ${logFile}`);
  return { sample, sandbox, info, bot };
}
