import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAEMON_NODE_FLAGS } from '../src/runner/service/plan-service.js';
import { packageRoot } from './package-root.js';

/** Goal: an idle daemon uses under 0.5% CPU over 60 s and under 80 MB RSS; a tick fires within 1 s of its target. */
const TARGET_CPU_PERCENT = 0.5;
const TARGET_RSS_MB = 80;
const TARGET_LATENCY_MS = 1_000;
const LATENCY_TICKS = 5;
const RSS_SAMPLE_MS = 5_000;

/**
 * Two real `overnight run` processes (bin/overnight.js, built by `npm run bench`):
 * one idle, its window hours away, sampled for CPU time and RSS over BENCH_SECONDS (default 60);
 * one with a window open now ticking every second, whose recorded ticks give the latency
 * between each tick's target and the moment it fired.
 */
export async function run(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const bin = join(packageRoot(), 'bin', 'overnight.js');
  const home = mkdtempSync(join(tmpdir(), 'overnight-bench-'));
  try {
    const idle = await measureIdle(bin, join(home, 'idle'), seconds);
    console.log(`daemon: idle \`overnight run\` waiting for a tick hours away, ${seconds} s on ${process.platform}`);
    console.log(`  CPU ${idle.cpuPercent.toFixed(3)}% (${idle.cpuMs} ms CPU) (target < ${TARGET_CPU_PERCENT}%: ${idle.cpuPercent < TARGET_CPU_PERCENT ? 'met' : 'missed'})`);
    const rss = idle.rssSamplesMb;
    const rssMax = Math.max(...rss);
    console.log(
      `  RSS ${median(rss).toFixed(1)} MB median, ${Math.min(...rss).toFixed(1)}-${rssMax.toFixed(1)} MB over ${rss.length} samples ` +
        `(target < ${TARGET_RSS_MB} MB at every sample: ${rssMax < TARGET_RSS_MB ? 'met' : 'missed'})`,
    );

    const latencies = await measureTickLatency(bin, join(home, 'ticking'));
    const worst = Math.max(...latencies);
    console.log(`  tick latency over ${latencies.length} ticks: median ${median(latencies)} ms, max ${worst} ms (target < ${TARGET_LATENCY_MS} ms: ${worst < TARGET_LATENCY_MS ? 'met' : 'missed'})`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function measureIdle(bin: string, home: string, seconds: number) {
  const start = new Date(Date.now() + 6 * 3_600_000);
  const daemon = startDaemon(bin, home, { start: hhmm(start), end: hhmm(new Date(start.getTime() + 3_600_000)) }, '30m', 'real');
  try {
    await until(() => existsSync(join(home, 'data', 'daemon-status.json')), 30_000);
    // Let start-up work (module loading, JIT) settle before measuring the idle state.
    await delay(2_000);
    const pid = daemon.pid!;
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    // RSS moves by a few MB with the garbage collector's timing: sampled through the whole
    // window (one `ps` every 5 s costs the daemon nothing), not read once at the end.
    const rssSamplesMb: number[] = [];
    for (let elapsed = 0; elapsed < seconds * 1_000; elapsed += RSS_SAMPLE_MS) {
      await delay(Math.min(RSS_SAMPLE_MS, seconds * 1_000 - elapsed));
      rssSamplesMb.push(rssKb(pid) / 1024);
    }
    const cpuUsed = cpuMs(pid) - cpuBefore;
    const wallMs = performance.now() - started;
    return { cpuMs: cpuUsed, cpuPercent: (cpuUsed / wallMs) * 100, rssSamplesMb };
  } finally {
    await stop(daemon);
  }
}

async function measureTickLatency(bin: string, home: string): Promise<number[]> {
  const now = Date.now();
  const daemon = startDaemon(bin, home, { start: hhmm(new Date(now)), end: hhmm(new Date(now + 5 * 60_000)) }, '1s', 'dry-run');
  const ticksFile = join(home, 'data', 'ticks.jsonl');
  const ticks = () => (existsSync(ticksFile) ? readFileSync(ticksFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { scheduledAt: string; firedAt: string }) : []);
  try {
    await until(() => ticks().length >= LATENCY_TICKS, 60_000);
  } finally {
    await stop(daemon);
  }
  return ticks().map((tick) => Date.parse(tick.firedAt) - Date.parse(tick.scheduledAt));
}

/**
 * The idle daemon is the real one: its cycle, store and GitHub client are loaded and start-up recovery runs
 * against a real clone (with a token for a closed loopback port: an idle daemon makes no request). The ticking
 * one runs `--dry-run`, so its ticks are recorded with their target and firing times.
 */
function startDaemon(bin: string, home: string, window: { start: string; end: string }, every: string, mode: 'real' | 'dry-run'): ChildProcess {
  const config = join(home, 'config.json');
  const repo = join(home, 'repo');
  mkdirSync(repo, { recursive: true });
  execFileSync('git', ['init', '-q', '--bare', join(home, 'origin.git')]);
  execFileSync('git', ['init', '-q', repo]);
  execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', join(home, 'origin.git')]);
  writeFileSync(
    config,
    JSON.stringify({ repo: { path: repo, github: 'bench/bench' }, github: { apiUrl: 'http://127.0.0.1:9' }, schedule: { timezone: 'UTC', window, every } }),
  );
  // The flags the installed launchd/systemd service runs the daemon with.
  const args = [...DAEMON_NODE_FLAGS, bin, 'run', ...(mode === 'dry-run' ? ['--dry-run'] : []), '--config', config];
  return spawn(process.execPath, args, { env: { ...process.env, OVERNIGHT_HOME: home, GITHUB_TOKEN: 'bench-token' }, stdio: 'ignore' });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Cumulative user + system CPU time of a process, in ms. */
function cpuMs(pid: number): number {
  if (process.platform === 'linux') {
    // /proc/<pid>/stat fields 14 and 15 (utime, stime) in clock ticks of 1/100 s; the command
    // name (field 2) may hold spaces, so count from the closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }
  // BSD ps: cumulative CPU as [hh:]mm:ss.cc
  const text = execFileSync('ps', ['-o', 'time=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0) * 1_000;
}

function rssKb(pid: number): number {
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
}


async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`the daemon did not get there within ${timeoutMs} ms`);
    await delay(100);
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hhmm = (date: Date) => date.toISOString().slice(11, 16);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
