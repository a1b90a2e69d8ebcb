import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runnerConfigSchema } from '../src/config/runner-config.js';
import { createGit } from '../src/runner/git/git.js';
import type { GithubPort } from '../src/runner/github/types.js';
import { createClaims } from '../src/runner/cycle/claims/claims.js';
import { createPublisher } from '../src/runner/cycle/publish/publish.js';
import { openRunnerRepo } from '../src/runner/git/runner-repo.js';
import { openStore } from '../src/runner/store/index.js';
import { createWorkspaces } from '../src/runner/git/workspace.js';

const FILES = 10_000;
const RUNS = 5;
/** Goal: the cycle's own overhead at least 3x faster than a fresh clone. */
const TARGET_RATIO = 3;

/**
 * The cycle's overhead without the agent — fetch into the runner's repository, workspace (a cleaned spare from the last
 * session, with a fresh `.git` for the agent), snapshot, commit, push, cleaning the workspace — on a generated repository of
 * 10,000 files, against preparing the same workspace with
 * a fresh `git clone --no-local` (what a cloud agent does each run) and committing and pushing
 * the same change from it. Each is run 5 times after one warm-up; medians are printed.
 */
export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'overnight-bench-cycle-'));
  try {
    const { origin, dev } = generateRepository(root);
    const git = createGit();
    const store = openStore(':memory:');
    const config = runnerConfigSchema.parse({
      repo: { path: dev, github: 'bench/repo' },
      schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
    });
    // Made once per state dir, borrowing the clone's objects for its first fetch.
    const started = performance.now();
    const repo = await openRunnerRepo({ git, path: join(root, 'repo.git'), clonePath: dev, remote: 'origin', base: 'main' });
    const madeRepo = performance.now() - started;
    const workspaces = createWorkspaces({ git, repo, base: 'main', root: join(root, 'workspaces'), gitDirs: join(root, 'git', 'sessions') });
    const now = () => new Date();
    const github = {} as GithubPort;
    const claims = createClaims({ github, store, runner: 'bench', ttlMinutes: config.claims.ttlMinutes, now });
    const publisher = createPublisher({ git, github, store, config, claims, sessionsDir: join(root, 'sessions'), repo, now });

    let n = 0;
    const cycle = async () => {
      const id = `20261128-0100-${(n++).toString(16).padStart(6, '0')}`;
      const workspace = await workspaces.create(id);
      writeFileSync(join(workspace.path, 'CHANGED.md'), `session ${id}\n`);
      const staged = await workspaces.stage(id, workspace.baseSha);
      const session = store.createSession({ id, night: '2026-11-28', goal: '#1', goalTitle: 'bench', agent: 'none', rationale: '', branch: `agent/${id}` });
      store.moveSession(id, 'running');
      store.updateSession(id, { baseSha: workspace.baseSha });
      const committed = await publisher.commit(store.getSession(session.id)!, staged.tree, `bench ${id}\n`);
      await publisher.push(committed);
      await workspaces.release(id);
    };
    const clone = (withPublish: boolean) => () => {
      const dir = join(root, `clone-${n++}`);
      sh(root, 'clone', '--quiet', '--no-local', origin, dir);
      if (withPublish) {
        writeFileSync(join(dir, 'CHANGED.md'), `clone ${n}\n`);
        sh(dir, 'add', '--all');
        sh(dir, 'commit', '--quiet', '--no-verify', '-m', `bench clone ${n}`);
        sh(dir, 'push', '--quiet', '--no-verify', 'origin', `HEAD:refs/heads/agent/clone-${n}`);
      }
      rmSync(dir, { recursive: true, force: true });
    };

    // Before each timed run the base moves by one upstream commit, as it does between nights.
    let night = 0;
    const moveBase = () => upstreamCommit(root, origin, ++night);
    const ours = await median(moveBase, cycle);
    const cloneOnly = await median(moveBase, clone(false));
    const cloneAll = await median(moveBase, clone(true));
    console.log(`cycle: overhead without the agent on a ${FILES}-file repository, median of ${RUNS} runs`);
    console.log(`  overnight (fetch + workspace + snapshot + commit + push + clean): ${ours.toFixed(0)} ms`);
    console.log(`  the runner's repository, made once (objects borrowed, repacked):  ${madeRepo.toFixed(0)} ms`);
    console.log(`  git clone --no-local alone:                                     ${cloneOnly.toFixed(0)} ms`);
    console.log(`  git clone --no-local + commit + push:                           ${cloneAll.toFixed(0)} ms`);
    const ratio = cloneAll / ours;
    console.log(
      `  ratio (clone path / overnight): ${ratio.toFixed(1)}x; clone alone / overnight: ${(cloneOnly / ours).toFixed(1)}x (target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'missed'})`,
    );
    store.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const IDENTITY = ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com'];

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** 100 directories of 100 source-like files each, committed and pushed to a bare origin. */
function generateRepository(root: string): { origin: string; dev: string } {
  const origin = join(root, 'origin.git');
  const dev = join(root, 'dev');
  sh(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  sh(root, 'init', '--quiet', '--initial-branch=main', dev);
  for (let d = 0; d < FILES / 100; d++) {
    const dir = join(dev, 'src', `module-${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 100; f++) {
      writeFileSync(join(dir, `file-${f}.ts`), `// module ${d} file ${f}\nexport const value${f} = ${d * 100 + f};\n${'export const filler = "x";\n'.repeat(20)}`);
    }
  }
  sh(dev, 'add', '--all');
  sh(dev, 'commit', '--quiet', '-m', 'generated');
  sh(dev, 'remote', 'add', 'origin', origin);
  sh(dev, 'push', '--quiet', 'origin', 'main');
  sh(dev, 'config', 'user.name', 'Bench');
  sh(dev, 'config', 'user.email', 'bench@example.com');
  return { origin, dev };
}

function upstreamCommit(root: string, origin: string, n: number): void {
  const upstream = join(root, 'upstream');
  if (!existsSync(upstream)) sh(root, 'clone', '--quiet', origin, upstream);
  else sh(upstream, 'pull', '--quiet', '--ff-only', 'origin', 'main');
  writeFileSync(join(upstream, 'UPSTREAM.md'), `night ${n}\n`);
  sh(upstream, 'add', 'UPSTREAM.md');
  sh(upstream, 'commit', '--quiet', '-m', `upstream ${n}`);
  sh(upstream, 'push', '--quiet', 'origin', 'HEAD:main');
}

async function median(setup: () => void, step: () => unknown): Promise<number> {
  setup();
  await step();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    setup();
    const started = performance.now();
    await step();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}
