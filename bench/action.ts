import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatCommitBody, formatCommitMessage } from '../src/protocol/index.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { startCountingProxy, type CountedRequest, type CountingProxy } from './counting-proxy.js';
import { coldStarts, describeRuns, percentile } from './process-timing.js';
import { packageRoot } from './package-root.js';

const OWNER = 'alice';
const REPO = 'nightly';
const ACTIONS_LOGIN = 'github-actions[bot]';
const COLD_RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_COLD_MS = 1_500;
const TARGET_PUSH_REQUESTS = 8;
const run$ = promisify(execFile);

/**
 * `overnight action` as a workflow step runs it: a new process per event (bin/overnight.js, built
 * by `npm run bench`) against the local GitHub stand-in, its `github-actions[bot]` token standing
 * in for the job's. Cold start is spawn to exit for an event the bot has nothing to do for; the
 * request counts come from a proxy in front of the stand-in, so they are what left the process.
 */
export async function run(): Promise<void> {
  const root = packageRoot();
  const bin = join(root, 'bin', 'overnight.js');
  const dir = mkdtempSync(join(tmpdir(), 'overnight-bench-action-'));
  const sandbox = createSandbox({ dir: join(dir, 'sandbox'), owner: OWNER, repo: REPO, appId: 4242, webhookSecret: 'unused' });
  await sandbox.start();
  const proxy = await startCountingProxy(sandbox.info().webUrl);
  const token = sandbox.userToken(ACTIONS_LOGIN);
  const stage: Stage = { sandbox, proxy, bin, dir, token, files: 0 };
  try {
    const nodeAlone = await coldStarts(COLD_RUNS, [process.execPath, '-e', '']);
    const version = await coldStarts(COLD_RUNS, [process.execPath, bin, '--version']);
    await sandbox.createIssue(OWNER, { title: 'Not a goal: an ordinary issue' });
    const noop = await eventFile(stage, 'issues', 'opened');
    const action = await coldStarts(COLD_RUNS, [process.execPath, bin, 'action', '--no-throttle'], actionEnv(stage, 'issues', noop));
    const met = percentile(action.wall, 50) < TARGET_COLD_MS ? 'met' : 'missed';
    console.log(`action: \`overnight action\` as a process per event, against the loopback stand-in (${process.platform}, Node ${process.version}, ${COLD_RUNS} runs each)`);
    console.log(`  node -e '' alone: ${describeRuns(nodeAlone)}`);
    console.log(`  overnight --version: ${describeRuns(version)}`);
    console.log(`  overnight action, issues.opened with nothing to do: ${describeRuns(action)} (target wall < ${TARGET_COLD_MS} ms: ${met}); API requests ${proxy.requests.length}`);

    const counts = await requestCounts(stage);
    for (const { what, requests, dashboardWrites } of counts) {
      console.log(`  requests for ${what}: ${requests.length}, dashboard body writes ${dashboardWrites}`);
      console.log(`    ${summarise(requests)}`);
    }
    const throttled = await throttledPush(stage);
    console.log(`  push -> PR with Octokit's write throttle on, as in a real job: ${(throttled / 1000).toFixed(1)} s spawn to exit (GitHub asks integrations to space writes)`);
    const steady = counts.find((count) => count.what.startsWith('push -> PR (steady'));
    if (steady) console.log(`  push -> PR target <= ${TARGET_PUSH_REQUESTS} requests: ${steady.requests.length <= TARGET_PUSH_REQUESTS ? 'met' : 'missed'}`);
  } finally {
    await proxy.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Stage {
  sandbox: Sandbox;
  proxy: CountingProxy;
  bin: string;
  dir: string;
  token: string;
  files: number;
  /** Commits a session for a goal on its agent branch and pushes it (set once the clone exists). */
  push?: (session: string, goal: number) => Promise<void>;
}

/** Each case as it happens on GitHub, then one action run for its event, counted. */
async function requestCounts(stage: Stage) {
  const { sandbox } = stage;
  const clone = join(stage.dir, 'clone');
  await run$('git', ['clone', '--quiet', sandbox.remoteUrl, clone]);
  const git = (...args: string[]) => run$('git', ['-C', clone, '-c', 'user.name=runner', '-c', 'user.email=runner@example.com', ...args]);
  const counted = async (what: string, event: string, action: string | undefined, happen: () => Promise<unknown>) => {
    await happen();
    const file = await eventFile(stage, event, action);
    const before = stage.proxy.requests.length;
    await act(stage, event, file);
    const requests = stage.proxy.requests.slice(before);
    const dashboardWrites = requests.filter((request) => request.method === 'PATCH' && /\/issues\/\d+$/.test(request.path)).length;
    return { what, requests, dashboardWrites };
  };
  const push = async (session: string, goal: number) => {
    await git('checkout', '--quiet', '-B', `agent/${session}`, 'origin/main');
    writeFileSync(join(clone, `${session}.md`), `${session}\n`);
    await git('add', '.');
    const message = formatCommitMessage({
      subject: 'Write the release notes',
      body: formatCommitBody({ summary: 'Added the notes.', rationale: 'Oldest goal.' }),
      trailers: { session, goal: { kind: 'issue', number: goal }, agent: 'notes', runner: 'bench', cycle: 1, durationSec: 42, verify: 'passed', outcome: 'complete' },
    });
    await git('commit', '--quiet', '-m', message);
    await git('push', '--quiet', 'origin', `agent/${session}`);
  };
  const goal = async (title: string) => (await sandbox.createIssue(OWNER, { title, labels: ['overnight'] })).number;
  stage.push = push;

  const first = await goal('First goal');
  const second = await goal('Second goal');
  const results = [
    await counted('push -> PR (first: labels and dashboard created)', 'push', undefined, () => push('20261128-0107-000001', first)),
    await counted('push -> PR (steady state)', 'push', undefined, () => push('20261128-0207-000002', second)),
    await counted('/overnight pause on a goal', 'issue_comment', 'created', () => sandbox.createComment(OWNER, first, '/overnight pause')),
    await counted('/overnight status on a goal', 'issue_comment', 'created', () => sandbox.createComment(OWNER, first, '/overnight status')),
    await counted('/overnight on a plain issue (with the acknowledgement)', 'issue_comment', 'created', async () => {
      const plain = await sandbox.createIssue(OWNER, { title: 'Plain issue' });
      await sandbox.createComment(OWNER, plain.number, '/overnight');
    }),
    await counted('a comment without a command', 'issue_comment', 'created', () => sandbox.createComment(OWNER, first, 'Looks good to me.')),
  ];
  return results;
}

/** One more push, handled as the example workflow runs it: the throttle on. */
async function throttledPush(stage: Stage): Promise<number> {
  const goal = (await stage.sandbox.createIssue(OWNER, { title: 'Throttled goal', labels: ['overnight'] })).number;
  await stage.push!('20261128-0307-000003', goal);
  const file = await eventFile(stage, 'push', undefined);
  const began = performance.now();
  await run$(process.execPath, [stage.bin, 'action'], { env: actionEnv(stage, 'push', file) });
  return performance.now() - began;
}

/** The newest event of this kind a workflow would run for (none for what the job's token did), as an event file. */
async function eventFile(stage: Stage, event: string, action: string | undefined): Promise<string> {
  const delivery = stage.sandbox
    .deliveries()
    .filter((candidate) => candidate.event === event && candidate.action === action)
    .filter((candidate) => (candidate.payload.sender as { login?: string } | undefined)?.login !== ACTIONS_LOGIN)
    .at(-1);
  if (!delivery) throw new Error(`the stand-in emitted no ${event}`);
  const { installation: _installation, ...payload } = delivery.payload;
  stage.files += 1;
  const path = join(stage.dir, `event-${stage.files}.json`);
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

async function act(stage: Stage, event: string, path: string): Promise<void> {
  await run$(process.execPath, [stage.bin, 'action', '--no-throttle'], { env: actionEnv(stage, event, path) });
}

/** A job's environment, and nothing of this process's (no token of the developer's leaks in). */
function actionEnv(stage: Stage, event: string, path: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: path,
    GITHUB_TOKEN: stage.token,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: `${stage.proxy.url}/api/v3`,
    GITHUB_RUN_ID: '1',
  };
}

/** `GET /repos/{o}/{r}/pulls x2, POST ...` with owner, repo and numbers folded, in order of first use. */
function summarise(requests: CountedRequest[]): string {
  const counts = new Map<string, number>();
  for (const { method, path } of requests) {
    const route = `${method} ${path.replace(/^\/api\/v3/, '').replace(`/repos/${OWNER}/${REPO}`, '').replace(/\/\d+(?=\/|$)/g, '/N')}`;
    counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  return [...counts].map(([route, count]) => (count > 1 ? `${route} x${count}` : route)).join(', ');
}

