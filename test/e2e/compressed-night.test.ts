import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NightReport } from '../../src/runner/report/night-report.js';
import { SandboxClient } from '../../src/sandbox/client.js';
import type { SandboxInfo } from '../../src/sandbox/sandbox-types.js';
import type { SandboxSnapshot } from '../../src/sandbox/state/snapshot.js';
import { compiledCli, ROOT } from './helpers/compiled-cli.js';
import { filesChangedBy, labelHistory, labelsOf, pullsForGoal, trailersOf } from './helpers/github-reads.js';
import { nightConfig } from './helpers/night-config.js';
import { freePort } from '../../src/platform/free-port.js';
import { listening } from './helpers/ports.js';
import { leftovers, processTable, ProcessTracker, type Started } from './helpers/processes.js';
import { tail, waitUntil } from './helpers/wait-until.js';

// The compressed night as separate processes talking real HTTP on 127.0.0.1 (so no nock here):
// the GitHub stand-in (`overnight sandbox`), the bot (`overnight bot`, a real Probot server) and
// the runner (`overnight run`), each started the way a user starts it. The steps depend on each
// other, so the tests below run in order over one night.

const OWNER = 'alice';
const OUTSIDER = 'mallory';
const REPO = 'nightly';
const APP_ID = 4242;
const EVERY = '4s';
// How long the fake agent works per session: long enough to add up to agent minutes in the report.
const AGENT_SECONDS = 4;
// Each wait spans many ticks: on a loaded machine a tick can be skipped because a probe was slow
// (unknown facts fail closed), so a step waits for the cycle that shows its point.
const STEP_MS = 90_000;
/** A skip reason that saw the stand-in's unplugged laptop (83%), not a probe that was merely slow. */
const ON_BATTERY = /battery.*83\s*%/i;
const TEST_MS = 2 * STEP_MS;

const tracker = new ProcessTracker();
const dir = mkdtempSync(join(tmpdir(), 'overnight-e2e-'));
const home = join(dir, 'runner-home');
const configFile = join(dir, 'runner-config.json');
const keepaliveLog = join(dir, 'keepalive.log');
let bin: string;
let info: SandboxInfo & { ownerToken: string };
let client: SandboxClient;
let sandbox: Started;
let bot: Started;
let runner: Started;
let runnerEnv: NodeJS.ProcessEnv;
const goals = { first: 0, paused: 0, stopped: 0 };
let agentScript: string;
let batteryUntil = 0;

/** The environment of this test's process without anything that would point a child elsewhere. */
function baseEnv(): NodeJS.ProcessEnv {
  const { GITHUB_TOKEN: _a, GH_TOKEN: _b, APP_ID: _c, PRIVATE_KEY: _d, PRIVATE_KEY_PATH: _e, WEBHOOK_SECRET: _f, WEBHOOK_PROXY_URL: _g, GHE_HOST: _h, OVERNIGHT_HOME: _i, ...rest } = process.env;
  return rest;
}

/** `overnight report --json` as a separate process, as a user reads it in the morning. */
async function report(): Promise<NightReport | null> {
  const { stdout } = await promisify(execFile)(process.execPath, [bin, 'report', '--config', configFile, '--json'], { env: runnerEnv });
  return JSON.parse(stdout) as NightReport | null;
}

const state = (): Promise<SandboxSnapshot> => client.snapshot();
const running = () => [sandbox, bot, runner].filter(Boolean);
const runnerLog = () => (existsSync(join(home, 'logs', 'current.log')) ? readFileSync(join(home, 'logs', 'current.log'), 'utf8') : '');
const explain = async () => `runner log:\n${tail(runnerLog(), 20)}\nrunner output:\n${tail(runner?.output() ?? '', 10)}\nbot output:\n${tail(bot?.output() ?? '', 10)}`;

/** What the bot labels an agent PR with, last of all its steps (src/bot/finish-agent-pr.ts). */
const PR_LABELS = ['agent:notes', 'overnight'];

/** The goal's PR once the bot has finished it: the goal says `overnight:pr-open`, the PR has its labels. */
function finishedPull(snapshot: SandboxSnapshot, issue: number): ReturnType<typeof pullsForGoal>[number] | undefined {
  const [found] = pullsForGoal(snapshot, issue);
  const prLabels = found ? labelsOf(snapshot, found.pull.number) : [];
  const done = found && labelsOf(snapshot, issue).includes('overnight:pr-open') && PR_LABELS.every((label) => prLabels.includes(label));
  return done ? found : undefined;
}

beforeAll(async () => {
  // The test build, not lib/: lib/ may be stale while src/ is what is under test.
  bin = compiledCli();

  // 1. The stand-in GitHub, delivering webhooks to where the bot will listen.
  const botPort = await freePort();
  const secret = randomBytes(16).toString('hex');
  const sandboxArgs = ['sandbox', '--json', '--dir', join(dir, 'sandbox'), '--owner', OWNER, '--name', REPO, '--app-id', String(APP_ID)];
  sandbox = tracker.start('the sandbox', process.execPath, [bin, ...sandboxArgs, '--webhook-secret', secret, '--webhook-url', `http://127.0.0.1:${botPort}/api/github/webhooks`], {
    // OVERNIGHT_HOME: where a running sandbox leaves its address for `overnight sandbox issue`.
    env: { ...baseEnv(), OVERNIGHT_HOME: join(dir, 'sandbox-home') },
    cwd: dir,
    logFile: join(dir, 'sandbox.out'),
  });
  const line = await waitUntil('the sandbox to print its details', () => sandbox.output().split('\n').find((text) => text.startsWith('{')), { timeoutMs: 30_000, running: [sandbox] });
  info = JSON.parse(line);
  client = new SandboxClient(info.webUrl);
  await client.setPermission(OWNER, 'write');
  await client.setPermission(OUTSIDER, 'read');

  // 2. The bot: `overnight bot`, configured by probot's own environment variables.
  mkdirSync(join(dir, 'bot'));
  bot = tracker.start('the bot', process.execPath, [bin, 'bot'], {
    env: {
      ...baseEnv(),
      APP_ID: String(info.appId),
      PRIVATE_KEY_PATH: info.privateKeyPath,
      WEBHOOK_SECRET: info.webhookSecret,
      GHE_HOST: info.gheHost,
      GHE_PROTOCOL: 'http',
      PORT: String(botPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
    // Probot reads `.env` from its working directory: an empty one here.
    cwd: join(dir, 'bot'),
    logFile: join(dir, 'bot.out'),
  });
  await waitUntil('the bot to listen', () => listening(botPort), { timeoutMs: 30_000, running: [sandbox, bot] });

  // 3. A local clone for the runner, and the fake agent copied beside it (so any process of it
  // left behind names this test's directory).
  const repoPath = join(dir, REPO);
  execFileSync('git', ['clone', '--quiet', info.remoteUrl, repoPath]);
  execFileSync('git', ['-C', repoPath, 'config', 'user.name', 'E2E Runner']);
  execFileSync('git', ['-C', repoPath, 'config', 'user.email', 'runner@e2e.invalid']);
  agentScript = join(dir, 'agent', 'slow-note.mjs');
  mkdirSync(join(dir, 'agent'));
  copyFileSync(join(ROOT, 'test', 'fixtures', 'e2e', 'slow-note.mjs'), agentScript);
  chmodSync(agentScript, 0o755);
  const config = nightConfig({ now: new Date(), repoPath, github: `${OWNER}/${REPO}`, apiUrl: info.apiUrl, agentScript, agentSeconds: AGENT_SECONDS, every: EVERY, jitterMs: 1_000, windowMinutes: 8 });
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  runnerEnv = {
    ...baseEnv(),
    // The sandbox's pmset/route/networksetup/ipconfig answer the constraint probes as a Mac would;
    // the keep-awake stand-ins (caffeinate, systemd-inhibit) record the assertion's lifetime.
    PATH: [info.standinsDir, join(ROOT, 'test', 'fixtures', 'keepalive'), process.env.PATH ?? ''].join(delimiter),
    OVERNIGHT_PLATFORM: 'darwin',
    OVERNIGHT_HOME: home,
    // A compressed night: ticks seconds apart.
    OVERNIGHT_TICK_FLOOR: '1s',
    GITHUB_TOKEN: info.ownerToken,
    KEEPALIVE_LOG: keepaliveLog,
  };
}, 300_000);

afterAll(async () => {
  await tracker.stopAll();
});

describe('a compressed night: sandbox, bot and runner as separate processes', () => {
  it('the maintainer files two goals and pauses one; an outsider cannot resume it', async () => {
    goals.first = (await client.createIssue(OWNER, { title: 'Write the first night note', body: 'Add a note under notes/.', labels: ['overnight'] })).number;
    goals.paused = (await client.createIssue(OWNER, { title: 'Write the second night note', body: 'Another note under notes/.', labels: ['overnight'] })).number;
    await client.createComment(OWNER, goals.paused, '/overnight pause');
    await waitUntil(`#${goals.paused} to be paused`, async () => labelsOf(await state(), goals.paused).includes('overnight:paused'), { timeoutMs: 30_000, running: running(), explain });

    const refused = await client.createComment(OUTSIDER, goals.paused, '/overnight resume');
    const reply = await waitUntil(
      `the bot's reply to @${OUTSIDER}`,
      async () => (await state()).comments.find((comment) => comment.id > refused.id && comment.user?.login === 'overnight[bot]' && comment.issue_url.endsWith(`/${goals.paused}`)),
      { timeoutMs: 30_000, running: running(), explain },
    );
    expect(reply.body).toContain(`@${OUTSIDER}`);
    expect(labelsOf(await state(), goals.paused)).toContain('overnight:paused');
  }, TEST_MS);

  it('the runner works on the goal that is not paused; the bot opens its PR, with the session in the trailers and the hidden metadata', async () => {
    runner = tracker.start('the runner', process.execPath, [bin, 'run', '--config', configFile], { env: runnerEnv, cwd: dir, logFile: join(dir, 'runner.out') });
    const { pull, metadata } = await waitUntil(`a PR for #${goals.first}`, async () => finishedPull(await state(), goals.first), { timeoutMs: STEP_MS, running: running(), explain });

    expect(pull.user?.login).toBe('overnight[bot]');
    expect(pull.head.ref).toMatch(/^agent\/\d{8}-\d{4}-[0-9a-f]{6}$/);
    expect(pull.body).toContain(`Closes #${goals.first}`);
    const { subject, trailers } = trailersOf(info.remotePath, pull.head.sha);
    expect(subject).toBe('Write the first night note');
    expect(trailers).toMatchObject({ goal: { kind: 'issue', number: goals.first }, agent: 'notes', runner: 'e2e-runner', verify: 'passed', outcome: 'complete' });
    // sandbox.mode is "required" (the default): the agent and the verify command ran in this machine's sandbox.
    expect(trailers.sandbox).toBe(process.platform === 'darwin' ? 'sandbox-exec' : 'bwrap');
    expect(pull.head.ref).toBe(`agent/${trailers.session}`);
    // The PR body's hidden metadata is the commit's trailers, recovered without reading prose.
    expect(metadata).toMatchObject({ ...trailers });
    // The agent's real change, and nothing else.
    expect(filesChangedBy(info.remotePath, pull.head.sha)).toEqual([`notes/${trailers.session}.md`]);

    expect(labelsOf(await state(), pull.number)).toEqual(PR_LABELS);
    // The runner takes overnight:running off before it pushes, so the bot's pr-open (which the
    // push brings about) always comes after: the goal never shows both.
    expect(labelHistory(await client.deliveries(), goals.first)).toEqual(['+overnight', '+overnight:running', '-overnight:running', '+overnight:pr-open']);
  }, TEST_MS);

  it('skips a tick on battery power and records the constraint and the value seen', async () => {
    await client.setFacts({ power: { source: 'battery', percent: 83 } });
    const skip = await waitUntil(
      'a cycle skipped on battery',
      async () => (await report())?.cycles.find((cycle) => cycle.outcome === 'skipped' && cycle.reasons.some((reason) => ON_BATTERY.test(reason))),
      { timeoutMs: STEP_MS, intervalMs: 1_000, running: running(), explain },
    );
    await client.setFacts({ power: { source: 'ac', percent: 100 } });
    batteryUntil = Date.now();
    // The reason names the constraint and the value the stand-in pmset reported.
    expect(skip.reasons.find((reason) => ON_BATTERY.test(reason))).toMatch(/pluggedIn/);
  }, TEST_MS);

  it('leaves the paused goal alone: cycles run and find nothing to do', async () => {
    const afterUnplug = await waitUntil(
      'an idle cycle on AC power again',
      async () => {
        const night = await report();
        return night?.cycles.some((cycle) => Date.parse(cycle.startedAt) > batteryUntil && cycle.outcome === 'idle') ? night : undefined;
      },
      { timeoutMs: STEP_MS, intervalMs: 1_000, running: running(), explain },
    );
    expect(afterUnplug.sessions.map((session) => session.goal)).toEqual([`#${goals.first}`]);
    const snapshot = await state();
    expect(pullsForGoal(snapshot, goals.paused)).toEqual([]);
    expect(labelsOf(snapshot, goals.paused)).toEqual(['overnight', 'overnight:paused']);
  }, TEST_MS);

  it('works on the goal once the maintainer resumes it', async () => {
    await client.createComment(OWNER, goals.paused, '/overnight resume');
    const { pull } = await waitUntil(`a PR for #${goals.paused}`, async () => finishedPull(await state(), goals.paused), { timeoutMs: STEP_MS, running: running(), explain });
    const { trailers } = trailersOf(info.remotePath, pull.head.sha);
    expect(trailers.goal).toEqual({ kind: 'issue', number: goals.paused });
    expect(labelHistory(await client.deliveries(), goals.paused)).toEqual([
      '+overnight',
      '+overnight:paused',
      '-overnight:paused',
      '+overnight:running',
      '-overnight:running',
      '+overnight:pr-open',
    ]);
  }, TEST_MS);

  it('a redelivered push webhook opens no second PR', async () => {
    const { pull } = finishedPull(await state(), goals.first)!;
    const deliveries = await client.deliveries();
    const push = deliveries.find((delivery) => delivery.event === 'push' && (delivery.payload as { ref?: string }).ref === `refs/heads/${pull.head.ref}`);
    expect(push?.attempts[0]?.status).toBeGreaterThanOrEqual(200);
    const before = await state();
    // The bot answers once its handlers are done, so the attempt's status means it has finished.
    const attempt = await client.redeliver(push!.id);
    expect(attempt).toMatchObject({ redelivery: true });
    expect(attempt.status).toBeGreaterThanOrEqual(200);
    expect(attempt.status).toBeLessThan(300);
    const after = await state();
    expect(after.pulls.filter((candidate) => candidate.head.ref === pull.head.ref)).toHaveLength(1);
    expect(after.pulls).toHaveLength(before.pulls.length);
    expect(after.comments.map((comment) => comment.body)).toEqual(before.comments.map((comment) => comment.body));
    expect(after.issues.map((issue) => labelsOf(after, issue.number))).toEqual(before.issues.map((issue) => labelsOf(before, issue.number)));
  }, TEST_MS);

  it('a SIGTERM in the middle of a session stops the agent and its process group, and the runner exits 0', async () => {
    // The bot opens the PRs; the runner records them at its next cycle.
    await waitUntil('the runner to record both PRs', async () => (await report())?.sessions.every((session) => session.state === 'pr-open') && true, {
      timeoutMs: STEP_MS,
      intervalMs: 1_000,
      running: running(),
      explain,
    });
    goals.stopped = (await client.createIssue(OWNER, { title: 'Write the third night note', labels: ['overnight'] })).number;
    // launchd stops the runner whenever it likes: here while the agent is at work.
    const agent = await waitUntil('the agent to be at work on the third goal', () => processTable().find((row) => row.args.includes(agentScript)), {
      timeoutMs: STEP_MS,
      intervalMs: 100,
      running: running(),
      explain,
    });
    expect(agent.pgid).not.toBe(runner.pid);
    expect(await runner.stop()).toEqual({ code: 0, signal: null });
    // The runner waited for its agent's whole group before it exited.
    expect(processTable().filter((row) => row.pgid === agent.pgid)).toEqual([]);

    const night = (await report())!;
    const stopped = night.sessions.find((session) => session.goal === `#${goals.stopped}`);
    expect(stopped).toMatchObject({ state: 'abandoned' });
    expect(stopped?.prNumber).toBeUndefined();
    const snapshot = await state();
    expect(snapshot.refs.map((ref) => ref.ref)).not.toContain(`refs/heads/${stopped!.branch}`);
    // Its claim was released, as were the others'.
    expect(snapshot.refs.filter((ref) => ref.ref.startsWith('refs/heads/overnight-claims/'))).toEqual([]);
    expect(pullsForGoal(snapshot, goals.stopped)).toEqual([]);
    expect(labelsOf(snapshot, goals.stopped)).toEqual(['overnight']);
    // The agent was at work, so the goal showed it, until the stop ended the session.
    expect(labelHistory(await client.deliveries(), goals.stopped)).toEqual(['+overnight', '+overnight:running', '-overnight:running']);
  }, TEST_MS);

  it("the morning report's figures are what happened", async () => {
    const night = (await report())!;
    const snapshot = await state();
    const pulls = new Map(snapshot.pulls.map((pull) => [pull.head.ref, pull]));
    const agentBranches = snapshot.refs.filter((ref) => ref.ref.startsWith('refs/heads/agent/'));

    // Sessions and PRs: the agent/* branches that reached the remote and the PRs in the stand-in
    // GitHub, plus the session the stop cut short (no branch, no PR).
    const published = night.sessions.filter((session) => session.state === 'pr-open');
    expect(published.map((session) => `refs/heads/${session.branch}`).sort()).toEqual(agentBranches.map((ref) => ref.ref).sort());
    expect(night.sessions.map((session) => [session.goal, session.state])).toEqual([
      [`#${goals.first}`, 'pr-open'],
      [`#${goals.paused}`, 'pr-open'],
      [`#${goals.stopped}`, 'abandoned'],
    ]);
    expect(night.totals.sessions).toBe(3);
    expect(night.totals.prs).toBe(snapshot.pulls.length);
    expect(night.totals.prs).toBe(2);
    for (const goal of [goals.first, goals.paused]) expect(pullsForGoal(snapshot, goal)).toHaveLength(1);
    expect(published.map((session) => session.prNumber)).toEqual([goals.first, goals.paused].map((goal) => pullsForGoal(snapshot, goal)[0]!.pull.number));

    // Agent minutes: the published sessions' Overnight-Duration trailers, plus the time the
    // stopped session's agent ran (it has no commit to carry a trailer).
    let agentSeconds = 0;
    for (const session of published) {
      const { trailers } = trailersOf(info.remotePath, pulls.get(session.branch)!.head.sha);
      expect(session).toMatchObject({ id: trailers.session, agent: trailers.agent, verify: trailers.verify, outcome: trailers.outcome, durationSec: trailers.durationSec });
      expect(trailers.durationSec).toBeGreaterThanOrEqual(AGENT_SECONDS);
      agentSeconds += trailers.durationSec;
    }
    agentSeconds += night.sessions.find((session) => session.state === 'abandoned')?.durationSec ?? 0;
    expect(night.totals.agentMinutes).toBeGreaterThan(0);
    // The report rounds to a tenth of a minute, each session to a second.
    expect(Math.abs(night.totals.agentMinutes - agentSeconds / 60)).toBeLessThanOrEqual(0.05 + night.sessions.length * 0.5 / 60);

    // Cycles run and skipped: what the daemon logged as it ended each cycle.
    const logged = readFileSync(join(home, 'logs', 'current.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event?: string; outcome?: string })
      .filter((entry) => entry.event === 'cycle-end')
      .map((entry) => entry.outcome);
    expect(night.cycles.map((cycle) => cycle.outcome)).toEqual(logged);
    const skipped = logged.filter((outcome) => outcome === 'skipped').length;
    const idle = logged.filter((outcome) => outcome === 'idle').length;
    expect(night.totals).toMatchObject({ cycles: logged.length, cyclesSkipped: skipped, cyclesIdle: idle, cyclesRun: logged.length - skipped - idle });
    // The cycles that started a session: two published, one stopped.
    expect(night.totals.cyclesRun).toBe(3);

    // Skips on battery came only from the unplugged stretch: none started once AC was back.
    const onBattery = night.cycles.filter((cycle) => cycle.reasons.some((reason) => ON_BATTERY.test(reason)));
    expect(onBattery.length).toBeGreaterThanOrEqual(1);
    for (const cycle of onBattery) expect(Date.parse(cycle.startedAt)).toBeLessThanOrEqual(batteryUntil);
  }, TEST_MS);

  it('leaves nothing running: no runner, bot, sandbox, agent or keep-awake process', async () => {
    expect((await bot.stop()).signal).not.toBe('SIGKILL');
    expect(await sandbox.stop()).toEqual({ code: 0, signal: null });
    await waitUntil('every process the night started to be gone', () => leftovers({ groups: tracker.groups(), marker: dir }).length === 0, {
      timeoutMs: 15_000,
      explain: () => leftovers({ groups: tracker.groups(), marker: dir }).join('\n'),
    });
    // The sleep assertion was taken while the window was open and ended with the runner.
    expect(existsSync(keepaliveLog)).toBe(true);
    const events = readFileSync(keepaliveLog, 'utf8').trim().split('\n').map((line) => line.split(' ').slice(0, 3).join(' '));
    const starts = events.filter((event) => event.startsWith('start ')).map((event) => event.slice('start '.length));
    const ends = events.filter((event) => event.startsWith('end ')).map((event) => event.slice('end '.length));
    expect(starts.length).toBeGreaterThanOrEqual(1);
    expect(ends.sort()).toEqual(starts.sort());
  }, TEST_MS);
});
