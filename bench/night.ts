import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { openStateStore, stateDbPath, type CycleRow, type SessionRow } from '../src/runner/index.js';
import { createSandbox } from '../src/sandbox/index.js';
import { packageRoot } from './package-root.js';

const GOALS = 12;
/** The agent's fixed working time; BENCH_AGENT_SECONDS overrides it. */
const AGENT_SECONDS = Number(process.env.BENCH_AGENT_SECONDS ?? 20);
/** Ticks as far apart as one session takes, or a little more: with back-to-back off, one session a tick. */
const EVERY_SECONDS = Number(process.env.BENCH_EVERY_SECONDS ?? 30);
const COOLDOWN = '1s';
/** BENCH_NIGHTS="1:on,3:on" runs only those (slots:back-to-back); BENCH_KEEP=1 keeps each night's directory and logs. */
const ONLY = process.env.BENCH_NIGHTS?.split(',');
const KEEP = process.env.BENCH_KEEP === '1';
/** Goals: with back-to-back on, the agent busy at least this fraction of the time while goals wait; with three slots, the queue empty this much sooner. */
const TARGET_BUSY = 0.9;
const TARGET_SPEEDUP = 2.5;

interface NightResult {
  backToBack: boolean;
  maxConcurrent: number;
  finished: number;
  /** Agent time over (slots x time from the window opening until the queue is empty). */
  busy: number;
  drainMs: number;
  /** Per session: its cycle's own work besides the agent (gate, analyze, git, push, PR). */
  overheadMs: number;
  /** Share of slot time with no session's cycle running before the queue emptied: waiting for a tick or a cooldown, or an idle cycle. */
  waiting: number;
}

/**
 * A compressed night on the local GitHub stand-in: 12 goal issues, an agent that works a fixed
 * time, ticks EVERY_SECONDS apart and a window that opens at the first tick. The compiled
 * `overnight run` (bin/overnight.js, built by `npm run bench`) works until every goal has its PR,
 * once for each of back-to-back off and on, with one slot and with three. Figures come from the
 * runner's own store: the sessions' start and end and their agent time.
 */
export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'overnight-bench-night-'));
  const results: NightResult[] = [];
  try {
    console.log(`night: ${GOALS} goals, an agent that works ${AGENT_SECONDS} s, ticks every ${EVERY_SECONDS} s, cooldown ${COOLDOWN}; no verify command`);
    for (const maxConcurrent of [1, 3]) {
      for (const backToBack of [false, true]) {
        if (ONLY && !ONLY.includes(`${maxConcurrent}:${backToBack ? 'on' : 'off'}`)) continue;
        const result = await night(join(root, `night-${maxConcurrent}-${backToBack ? 'b2b' : 'ticks'}`), { backToBack, maxConcurrent });
        results.push(result);
        const label = `backToBack ${backToBack ? 'on ' : 'off'}, maxConcurrent ${maxConcurrent}`;
        console.log(
          `  ${label}: ${result.finished} sessions finished; busy ${result.busy.toFixed(2)} per slot; queue empty ${seconds(result.drainMs)} after the window opened; ` +
            `each session's cycle besides the agent ${seconds(result.overheadMs)}; slots waiting ${(result.waiting * 100).toFixed(0)}% of the time`,
        );
      }
    }
    const find = (backToBack: boolean, slots: number) => results.find((result) => result.backToBack === backToBack && result.maxConcurrent === slots);
    const [one, three] = [find(true, 1), find(true, 3)];
    if (one) console.log(`  backToBack on: busy ${one.busy.toFixed(2)} while goals wait (target >= ${TARGET_BUSY}: ${one.busy >= TARGET_BUSY ? 'met' : 'missed'})`);
    if (one && three) {
      const speedup = one.drainMs / three.drainMs;
      console.log(`  maxConcurrent 3 empties the queue ${speedup.toFixed(2)}x sooner than 1, back-to-back on (target >= ${TARGET_SPEEDUP}x: ${speedup >= TARGET_SPEEDUP ? 'met' : 'missed'})`);
    }
    const [offOne, offThree] = [find(false, 1), find(false, 3)];
    if (offOne && offThree) console.log(`  maxConcurrent 3 empties the queue ${(offOne.drainMs / offThree.drainMs).toFixed(2)}x sooner than 1, back-to-back off`);
  } finally {
    if (KEEP) console.log(`  kept: ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

async function night(dir: string, { backToBack, maxConcurrent }: { backToBack: boolean; maxConcurrent: number }): Promise<NightResult> {
  mkdirSync(dir, { recursive: true });
  const sandbox = createSandbox({ dir: join(dir, 'sandbox'), owner: 'bench', repo: 'night', appId: 1, webhookSecret: randomBytes(16).toString('hex'), initialFiles: { 'README.md': '# night\n' } });
  const info = await sandbox.start();
  let runner: ChildProcess | undefined;
  try {
    sandbox.setPermission('bench', 'write');
    for (let n = 1; n <= GOALS; n += 1) await sandbox.createIssue('bench', { title: `Write night note ${n}`, labels: ['overnight'] });
    const repo = join(dir, 'repo');
    execFileSync('git', ['clone', '--quiet', info.remoteUrl, repo]);
    // In a dir of its own: the sandbox lets the agent read it, and never the runner's home beside it.
    const agent = join(dir, 'agent', 'agent.mjs');
    mkdirSync(dirname(agent));
    writeFileSync(agent, AGENT);

    // The window opens at a minute boundary at least 10 s away, so setting up never eats into it.
    const opensAt = Math.ceil((Date.now() + 10_000) / 60_000) * 60_000;
    const config = {
      repo: { path: repo, github: 'bench/night' },
      github: { apiUrl: info.apiUrl },
      schedule: { timezone: 'UTC', window: { start: hhmm(opensAt), end: hhmm(opensAt + 30 * 60_000) }, every: `${EVERY_SECONDS}s`, backToBack, cooldown: COOLDOWN },
      agents: {
        default: 'fixed',
        // The agent runs in the sandbox: it may read its script's dir, and node where it lives outside the system dirs.
        defs: { fixed: { kind: 'command', bin: process.execPath, args: [agent, 'notes/{session}.md', String(AGENT_SECONDS)], sandbox: { allowRead: [dirname(agent), ...nodeOutsideSystemDirs()] } } },
      },
      budget: { perSessionMinutes: 10, maxConcurrent },
      pr: { openedBy: 'runner' },
      runnerName: 'bench',
    };
    const home = join(dir, 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'config.json'), JSON.stringify(config));
    const env = {
      ...process.env,
      PATH: [info.standinsDir, process.env.PATH ?? ''].join(delimiter),
      OVERNIGHT_PLATFORM: 'darwin',
      OVERNIGHT_HOME: home,
      OVERNIGHT_TICK_FLOOR: '1s',
      GITHUB_TOKEN: sandbox.userToken('bench'),
    };
    runner = spawn(process.execPath, [join(packageRoot(), 'bin', 'overnight.js'), 'run', '--config', join(home, 'config.json')], { env, stdio: 'ignore' });
    const { sessions, cycles } = await allPublished(stateDbPath(join(home, 'data')), opensAt + 30 * 60_000);
    const agentMs = sessions.reduce((sum, session) => sum + (session.agentMs ?? 0), 0);
    const drainMs = Math.max(...sessions.map((session) => Date.parse(session.finishedAt!))) - opensAt;
    // The whole cycle of each session, from its start (before the gate) to its PR.
    const cycleMs = sessions.reduce((sum, session) => {
      const cycle = cycles.find((candidate) => candidate.id === session.cycleId)!;
      return sum + (Date.parse(cycle.finishedAt ?? session.finishedAt!) - Date.parse(cycle.startedAt));
    }, 0);
    return {
      backToBack,
      maxConcurrent,
      finished: sessions.length,
      busy: agentMs / (maxConcurrent * drainMs),
      drainMs,
      overheadMs: (cycleMs - agentMs) / sessions.length,
      waiting: 1 - cycleMs / (maxConcurrent * drainMs),
    };
  } finally {
    if (runner && runner.exitCode === null) {
      const exited = new Promise((resolve) => runner!.once('exit', resolve));
      runner.kill('SIGTERM');
      await exited;
    }
    await sandbox.stop();
  }
}

/** Polls the runner's store (read-only, as `overnight report` does) until every goal has its PR. */
async function allPublished(db: string, deadline: number): Promise<{ sessions: SessionRow[]; cycles: CycleRow[] }> {
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!existsSync(db)) continue;
    const store = openStateStore(db, true);
    try {
      const sessions = store.nights().flatMap((night) => store.sessionsOfNight(night));
      const cycles = store.nights().flatMap((night) => store.cyclesOfNight(night));
      // A night of failing sessions measures nothing: say why at the first one.
      const failed = sessions.find((session) => session.state === 'failed');
      if (failed) throw new Error(`session ${failed.id} failed: ${failed.error ?? 'no reason recorded'}`);
      const published = sessions.filter((session) => session.state === 'pr-open');
      // Done once the last session's cycle has ended too.
      if (published.length >= GOALS && published.every((session) => cycles.find((cycle) => cycle.id === session.cycleId)?.finishedAt)) return { sessions, cycles };
    } catch (error) {
      // The runner creates the file before its tables.
      if (!/no such table/.test((error as Error).message)) throw error;
    } finally {
      store.close();
    }
  }
  throw new Error(`the runner did not publish ${GOALS} sessions before the window closed`);
}

/** node's own install dir, when it is not under /usr or /opt (which the sandbox shows anyway). */
function nodeOutsideSystemDirs(): string[] {
  const install = dirname(dirname(process.execPath));
  return ['/usr', '/opt'].some((system) => install.startsWith(system)) ? [] : [install];
}

// Works a fixed time, as an agent takes time, then writes its note: a real change to publish.
const AGENT = `import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
const [file, seconds] = process.argv.slice(2);
await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'a night note\\n');
console.log('Wrote ' + file);
`;


const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
