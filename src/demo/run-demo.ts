import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parseDuration } from '../config/index.js';
import { AgentResolveError, detectSandbox, resolveAgent, runnerRepoPath, stateDbPath, type CycleRow, type SandboxDetection } from '../runner/index.js';
import type { Sandbox } from '../sandbox/index.js';
import type { Child } from './start-child.js';
import { demoAgents, NORMAL_PACE, REAL_AGENT_PACE, type DemoAgentArgv, type DemoPace } from './demo-config.js';
import { DEMO_GOALS } from './demo-goals.js';
import { createPrinter, type Print } from './show/printer.js';
import { formatPulls } from './show/morning.js';
import { botReplyAfter, describeFacts, hasLabel, labelNames, pullFor } from './show/sandbox-view.js';
import { OUTSIDER, OWNER, setStage } from './set-stage.js';
import { startRunner } from './start-runner.js';
import { createWaiter } from './show/wait-step.js';
import { watchRunner, type RunnerWatcher } from './show/watch-runner.js';
import { watchSandbox } from './show/watch-sandbox.js';

/**
 * `overnight demo`: the whole product on one machine, nothing but Node and git needed. It sits at
 * the cli level of the dependency graph (cli -> runner|bot|sandbox) because it is the one place that
 * wires all three together; the runner and the bot still talk only through git and the (stand-in)
 * GitHub, as in production: the runner is a separate `overnight run` process, the bot a real Probot
 * HTTP server receiving signed webhooks.
 */
export interface RunDemoOptions {
  /** Where everything lives; default: a new temp dir. Kept afterwards for inspection. */
  dir?: string;
  pace?: DemoPace;
  /** A real agent (claude-code, codex, aider) instead of the built-in demo agent. */
  agent?: string;
  write?: (text: string) => void;
  /** Aborted on Ctrl-C: everything started is stopped and the demo rejects. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Which sandbox this machine has (default: bubblewrap or Seatbelt, run once). */
  detectSandbox?: () => Promise<SandboxDetection>;
}

export interface DemoResult {
  dir: string;
  /** PR number by goal issue number. */
  pulls: Record<number, number>;
  runnerPid: number;
  report: string;
}

/** A failure the user should read: the demo prints the message and exits 1. */
export class DemoError extends Error {
  override name = 'DemoError';
}

const DEMO_AGENT = 'demo';
// Ticks a step may take: on a loaded machine some ticks are skipped because a probe was too slow to answer.
const PATIENCE = 20;
// Compiled next to this file in lib/demo/: the runner launches them as ordinary programs.
const CLI_ENTRY = fileURLToPath(new URL('../cli/entry.js', import.meta.url));
const DEMO_AGENT_ARGV: DemoAgentArgv = {
  node: process.execPath,
  script: fileURLToPath(new URL('./agent/bin.js', import.meta.url)),
  // Inside the sandbox only system dirs and toolchains are readable: the agent's compiled code
  // (lib/) and the packages it imports (execa) must be listed.
  readPaths: [fileURLToPath(new URL('..', import.meta.url)), nodeModulesOf(import.meta.resolve('execa'))],
};
const fail = (message: string) => new DemoError(message);

export async function runDemo(options: RunDemoOptions = {}): Promise<DemoResult> {
  const agent = options.agent ?? DEMO_AGENT;
  checkAgent(agent);
  const pace = options.pace ?? (agent === DEMO_AGENT ? NORMAL_PACE : REAL_AGENT_PACE);
  const print = createPrinter(options.write ?? ((text) => process.stdout.write(text)));
  if (options.dir !== undefined && (await readdir(options.dir).catch(() => [])).length > 0) {
    throw fail(`--dir ${options.dir} is not empty: give a new or empty directory (the demo keeps everything it makes there)`);
  }
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'overnight-demo-')));
  const stops: Array<() => Promise<unknown>> = [];
  print(`overnight demo: a compressed night with a stand-in GitHub, the bot and a runner (agent: ${agent})\nworking in ${dir}`);
  const sandbox = await (options.detectSandbox ?? (() => detectSandbox()))();
  print(
    sandbox.ok
      ? `agent sandbox: ${sandbox.tool} ${sandbox.version} (${sandbox.path}); the agent and the sample's tests run inside it`
      : `agent sandbox: none usable here (${sandbox.reason}; fix: ${sandbox.fix}); the demo runs its agent without one (sandbox.mode "off")`,
  );
  try {
    return await show({ dir, agent, pace, env: options.env ?? process.env, print, signal: options.signal, stops, sandboxMode: sandbox.ok ? 'required' : 'off' });
  } finally {
    // Last started, first stopped: the runner before the bot before the sandbox it talks to.
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    print(`everything the demo started is stopped; the sandbox is kept for inspection: ${dir}`);
  }
}

interface Show {
  dir: string;
  agent: string;
  pace: DemoPace;
  env: NodeJS.ProcessEnv;
  print: Print;
  signal: AbortSignal | undefined;
  stops: Array<() => Promise<unknown>>;
  sandboxMode: 'required' | 'off';
}

async function show({ dir, agent, pace, env, print, signal, stops, sandboxMode }: Show): Promise<DemoResult> {
  // 1-3. The sample repository, the stand-in GitHub and the bot.
  const stage = await setStage(dir, print, stops);
  const { sandbox } = stage;
  const sandboxWatch = watchSandbox(print, (login) => login.endsWith('[bot]'));
  let runner: { child: Child; watch: RunnerWatcher } | undefined;
  const waitUntil = createWaiter({
    signal,
    fail,
    async look() {
      await runner?.watch.poll();
      await sandbox.settled();
      const state = await sandbox.snapshot();
      sandboxWatch.show(state);
      if (runner) failOnBrokenRun(runner.watch, runner.child);
      return state;
    },
  });

  // 4. The maintainer files the goals and pauses one; an outsider tries a command.
  const goals: number[] = [];
  for (const goal of DEMO_GOALS) {
    const issue = await sandbox.createIssue(OWNER, { ...goal, labels: ['overnight'] });
    goals.push(issue.number);
    print(`@${OWNER} filed #${issue.number} "${goal.title}" [overnight]`);
  }
  const [first, , paused] = goals as [number, number, number];
  await comment(sandbox, print, OWNER, paused, '/overnight pause');
  await waitUntil(`#${paused} to be labelled overnight:paused`, (state) => hasLabel(state, paused, 'overnight:paused') || undefined, 15_000);
  const labelsBefore = labelNames(await sandbox.snapshot(), first).join(', ');
  const refused = await comment(sandbox, print, OUTSIDER, first, '/overnight stop');
  await waitUntil(`the bot's reply to @${OUTSIDER}`, (state) => botReplyAfter(state, first, refused), 15_000);
  const labelsAfter = labelNames(await sandbox.snapshot(), first).join(', ');
  if (labelsAfter !== labelsBefore) throw fail(`@${OUTSIDER}'s command changed #${first}'s labels (${labelsBefore} -> ${labelsAfter})`);
  print(`  @${OUTSIDER}'s command was refused; #${first} is unchanged (${labelsAfter})`);

  // 5. The runner, with a window that is open now.
  const home = join(dir, 'runner');
  const started = await startRunner({ home, stage, pace, agent, demoAgent: DEMO_AGENT_ARGV, sandboxMode, cli: CLI_ENTRY, env, fail });
  stops.push(() => started.child.stop());
  // The session commits are in the runner's own repository, never in the sample clone.
  const watch = watchRunner({
    dbPath: stateDbPath(join(home, 'data')),
    repoPath: runnerRepoPath(join(home, 'data')),
    print,
    describeFacts: () => describeFacts(sandbox.facts()),
    runnerLog: join(home, 'logs', 'current.log'),
  });
  stops.push(async () => watch.close());
  runner = { child: started.child, watch };
  const { window, every, jitterMs, timezone, cooldown } = started.config.schedule;
  print(
    `runner started: \`overnight run --config ${started.configFile}\` (pid ${started.child.pid})\n` +
      `window ${window.start}-${window.end} ${timezone}, every ${every}, jitter up to ${jitterMs / 1000} s, back to back after a ${cooldown} cooldown; ` +
      `constraints: pluggedIn, wifiOnly; verify: node --test; sandbox: ${sandboxMode}; log: ${join(home, 'logs', 'current.log')}`,
  );
  const tickMs = (parseDuration(every ?? pace.every) ?? 20_000) + jitterMs;
  const patience = PATIENCE * tickMs;
  const cycleAfter = (count: number, wanted: (cycle: CycleRow) => boolean) => () => watch.cycles().slice(count).find(wanted);

  // 6. The night: a PR for each goal that is not paused. Probes too slow to answer skip a tick
  //    ("unknown" fails closed), so each step waits for the cycle that makes its point.
  const pulls: Record<number, number> = {};
  for (const goal of goals.filter((number) => number !== paused)) {
    pulls[goal] = await waitUntil(`a pull request for #${goal}`, (state) => pullFor(state, goal), patience + started.config.budget.perSessionMinutes * 60_000);
  }
  const idle = await waitUntil('a cycle that finds nothing to do', cycleAfter(watch.cycles().length, (cycle) => cycle.outcome === 'idle'), patience);
  if (watch.sessions().some((session) => session.goal === `#${paused}`)) throw fail(`the runner worked on #${paused} while it was paused`);
  print(`  tick ${watch.cycles().findIndex((cycle) => cycle.id === idle.id) + 1}: #${paused} carries overnight:paused and the others have PRs, so the runner left it alone`);

  // 7. Unplugged: a tick is skipped, naming the constraint and the value seen.
  await sandbox.setFacts({ power: { source: 'battery', percent: 83 } });
  print(`the laptop is unplugged: the stand-in pmset now reports ${describeFacts(sandbox.facts())}`);
  const onBattery = (cycle: CycleRow) => cycle.outcome === 'skipped' && cycle.reasons.some((reason) => /battery/i.test(reason));
  await waitUntil('a cycle skipped on battery', cycleAfter(watch.cycles().length, onBattery), patience);
  await sandbox.setFacts({ power: { source: 'ac', percent: 100 } });
  print(`plugged in again: ${describeFacts(sandbox.facts())}`);

  // 8. Resumed: the last goal gets its PR too.
  await comment(sandbox, print, OWNER, paused, '/overnight resume');
  await waitUntil(`#${paused} to lose overnight:paused`, (state) => (hasLabel(state, paused, 'overnight:paused') ? undefined : true), 15_000);
  pulls[paused] = await waitUntil(`a pull request for #${paused}`, (state) => pullFor(state, paused), patience + started.config.budget.perSessionMinutes * 60_000);
  // The bot opens the PRs; the runner learns of them at its next cycle, and the report reads the runner.
  await waitUntil('the runner to record every PR', () => (watch.sessions().every((s) => s.state === 'pr-open') ? true : undefined), patience);

  // 9. Morning: stop the runner as launchd would, whatever it is doing: it finishes or abandons
  //    the cycle in progress and exits 0.
  const exitCode = await started.child.stop();
  if (exitCode !== 0) throw fail(`the runner exited ${exitCode} on SIGTERM, expected 0:\n${started.child.tail()}`);
  print('runner stopped on SIGTERM (exit 0)');
  const state = await sandbox.snapshot();
  await writeFile(join(dir, 'sandbox-state.json'), `${JSON.stringify(state, null, 2)}\n`);
  const report = await execa(process.execPath, [CLI_ENTRY, 'report', '--config', started.configFile], { env: started.env, extendEnv: false, reject: false });
  if (report.exitCode !== 0) throw fail(`overnight report exited ${report.exitCode}: ${report.stderr}`);
  print(`the morning report (\`overnight report --config ${started.configFile}\`):\n\n${report.stdout.trimEnd()}\n`);
  print(`the pull requests waiting for review:\n\n${formatPulls(state)}\n`);
  return { dir, pulls, runnerPid: started.child.pid, report: report.stdout };
}

/** The `node_modules` dir a resolved package lives in. */
function nodeModulesOf(resolved: string): string {
  const path = fileURLToPath(resolved);
  const at = path.lastIndexOf(`${sep}node_modules${sep}`);
  return at < 0 ? dirname(path) : path.slice(0, at + `${sep}node_modules`.length);
}

/** A real agent must be installed before anything starts; the message says how to get it. */
function checkAgent(agent: string): void {
  try {
    resolveAgent(agent, demoAgents(agent, DEMO_AGENT_ARGV));
  } catch (error) {
    if (error instanceof AgentResolveError) throw fail(`--agent ${agent}: ${error.message}`);
    throw error;
  }
}

function failOnBrokenRun(watch: RunnerWatcher, runner: Child): void {
  if (!runner.running()) throw fail(`the runner exited early:\n${runner.tail()}`);
  // no-changes too: a goal without a change never gets its PR, and the show could not go on.
  const broken = watch.sessions().find((session) => ['failed', 'timeout', 'abandoned', 'no-changes'].includes(session.state));
  if (broken) throw fail(`session ${broken.id} for ${broken.goal} ended ${broken.state}: ${broken.error ?? 'no error recorded'}`);
  const errored = watch.cycles().find((cycle) => cycle.outcome === 'error');
  if (errored) throw fail(`cycle ${errored.id} failed: ${errored.detail ?? 'no detail recorded'}`);
}

async function comment(sandbox: Sandbox, print: Print, as: string, issue: number, body: string): Promise<number> {
  const created = await sandbox.createComment(as, issue, body);
  print(`@${as} commented on #${issue}: ${body}`);
  return created.id;
}
