import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startBot, type RunningBot } from '../src/bot/index.js';
import { waitUntil } from '../src/platform/index.js';
import { LABELS } from '../src/protocol/index.js';
import { createSandbox } from '../src/sandbox/index.js';
import { BenchStage } from './bot/bench-stage.js';
import { measureCommands } from './bot/measure-commands.js';
import { measurePushes, type PushPlan } from './bot/measure-pushes.js';
import { printBotFigures } from './bot/print-figures.js';
import { pushAgentBranches } from './bot/push-agent-branches.js';

const PLAN: PushPlan = { warmUp: 20, latency: 500, throughput: 500, concurrency: 8 };
const COMMANDS = ['pause', 'status', 'agent codex'];
const COMMAND_REPEATS = 20;
const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const SECRET = 'bench-secret';
const APP_ID = 1;

/**
 * A signed push webhook to "PR created", bot side, against the sandbox GitHub on loopback. The
 * runner's side is done up front: every agent branch is pushed to the sandbox's bare remote in one
 * `git push`, and the sandbox records a real push delivery per branch without sending it (it has
 * no webhook URL). Those deliveries are then replayed to the bot, signed, so each one really opens
 * a PR (labels, the goal's comment, the dashboard). The sandbox logs every REST request it serves,
 * which gives the API requests each event cost and the sandbox's share of each wait. Octokit's
 * write throttle is off: against GitHub it spaces writes 1 s apart per installation by design,
 * which would measure GitHub's policy, not the bot.
 */
export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'overnight-bench-bot-'));
  const botLog = join(dir, 'bot.log');
  const sandbox = createSandbox({
    dir: join(dir, 'sandbox'),
    owner: OWNER,
    repo: REPO,
    appId: APP_ID,
    webhookSecret: SECRET,
    initialFiles: { 'README.md': `# ${REPO}\n`, 'src/retry.js': 'export async function withRetry(task) {\n  for (;;) {\n    try { return await task(); } catch {}\n  }\n}\n' },
  });
  let bot: RunningBot | undefined;
  try {
    const loadBefore = loadavg()[0] ?? 0;
    await sandbox.start();
    const goal = await sandbox.createIssue(OWNER, { title: 'Replace the retry loop', body: 'It retries forever.', labels: [LABELS.goal.name] });
    // Started before the branches exist: its start-up reconciliation would otherwise open their PRs itself.
    const log = pino({ level: 'warn' }, pino.destination({ dest: botLog, sync: true }));
    bot = await startBot({ appId: APP_ID, privateKey: sandbox.privateKey, secret: SECRET, baseUrl: sandbox.apiUrl, log, throttle: false });
    await bot.reconciled;

    const total = PLAN.warmUp + PLAN.latency + PLAN.throughput;
    const sessions = Array.from({ length: total }, (_, index) => `20261128-0107-${index.toString(16).padStart(6, '0')}`);
    const pushStarted = performance.now();
    await pushAgentBranches({ remoteUrl: sandbox.remoteUrl, dir, sessions, goal: goal.number, file: 'src/retry.js', start: new Date('2026-11-28T01:07:00Z') });
    // On a loaded machine the post-receive hook can stop waiting before the sandbox has announced
    // a thousand branches; the sandbox goes on regardless, so wait for the deliveries themselves.
    const pushes = await waitUntil(
      'a push delivery per agent branch',
      () => {
        const recorded = sandbox.deliveries().filter((delivery) => delivery.event === 'push');
        return recorded.length >= total && recorded;
      },
      { timeoutMs: 20 * 60_000, intervalMs: 500 },
    );
    const pushSeconds = (performance.now() - pushStarted) / 1000;

    const stage = new BenchStage(sandbox, bot, { owner: OWNER, repo: REPO }, SECRET);
    const pushFigures = await measurePushes(stage, pushes, PLAN);
    const commandFigures = await measureCommands(stage, goal.number, COMMANDS, COMMAND_REPEATS);
    const opened = (await stage.maintainer.paginate(stage.maintainer.rest.pulls.list, { owner: OWNER, repo: REPO, state: 'all', per_page: 100 })).length;
    printBotFigures({
      plan: PLAN,
      branches: sessions.length,
      pushDeliveries: pushes.length,
      pushSeconds,
      opened,
      pushes: pushFigures,
      commands: commandFigures,
      load: [loadBefore, loadavg()[0] ?? 0],
      firstBotError: await firstError(botLog),
    });
  } finally {
    await bot?.stop();
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first error the bot logged, so an error count comes with its reason. */
async function firstError(path: string): Promise<string | undefined> {
  const lines = (await readFile(path, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  for (const line of lines) {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    if ((entry.level ?? 0) >= 50) return [entry.msg, entry.err?.message].filter(Boolean).join(': ');
  }
  return undefined;
}
