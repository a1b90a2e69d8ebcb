import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseProcessTable } from '../../../src/runner/sandbox/process-table.js';
import { trackProcessTree } from '../../../src/runner/sandbox/track-process-tree.js';
import { isAlive, waitFor } from './sandbox-harness.js';

const T0 = 'Mon Dec  1 01:07:33 2026';
const T1 = 'Mon Dec  1 01:09:10 2026';
/** `ps -A -o pid=,ppid=,pgid=,stat=,lstart=` lines. */
const row = (pid: number, ppid: number, pgid: number, stat = 'S', started = T0) =>
  `${String(pid).padStart(5)} ${String(ppid).padStart(5)} ${String(pgid).padStart(5)} ${stat.padEnd(4)} ${started}`;

/** A process table that changes as the test goes, and a clock that only moves when slept on. */
function fakeHost(initial: string[]) {
  let table = initial;
  let clock = 0;
  const signals: string[] = [];
  return {
    set: (rows: string[]) => {
      table = rows;
    },
    rows: () => table,
    signals,
    options: {
      kill: (pid: number, signal: NodeJS.Signals) => {
        signals.push(`${signal} ${pid}`);
      },
      listProcesses: async () => table.join('\n'),
      sleep: async (ms: number) => {
        clock += ms;
      },
      now: () => clock,
      selfPid: 50,
    },
  };
}

describe('parseProcessTable', () => {
  it('reads the columns of ps on Linux (procps) and macOS, start time included', () => {
    const text = ['    1     0     0 S<Ll Wed Dec  2 00:39:04 2026', '  736     1   736 Ss   Wed Dec  2 00:39:05 2026', ' 4447  4444  4447 Z    Wed Dec  2 01:07:26 2026', ''].join('\n');
    expect(parseProcessTable(text)).toEqual([
      { pid: 1, ppid: 0, pgid: 0, stat: 'S<Ll', started: 'Wed Dec  2 00:39:04 2026' },
      { pid: 736, ppid: 1, pgid: 736, stat: 'Ss', started: 'Wed Dec  2 00:39:05 2026' },
      { pid: 4447, ppid: 4444, pgid: 4447, stat: 'Z', started: 'Wed Dec  2 01:07:26 2026' },
    ]);
  });
});

describe('trackProcessTree', () => {
  it('follows children, keeps a setsid grandchild after its parent exits, and ignores unrelated processes', async () => {
    const host = fakeHost([row(1, 0, 0), row(50, 1, 50), row(100, 50, 100), row(101, 100, 100), row(102, 101, 102), row(300, 1, 300)]);
    const tree = trackProcessTree(100, host.options);
    expect((await tree.sample()).map(({ pid }) => pid)).toEqual([100, 101, 102]);
    // 101 exits; its setsid child is reparented to init and forks 103 into its own group.
    host.set([row(1, 0, 0), row(50, 1, 50), row(100, 50, 100), row(102, 1, 102), row(103, 1, 102), row(300, 1, 300)]);
    expect((await tree.sample()).map(({ pid }) => pid)).toEqual([100, 102, 103]);
    // A later, unrelated process gets pid 101 again: a different start time, not a member.
    host.set([row(1, 0, 0), row(100, 50, 100), row(101, 1, 101, 'S', T1), row(102, 1, 102)]);
    expect((await tree.sample()).map(({ pid }) => pid)).toEqual([100, 102]);
  });

  it("never adopts the runner's own group, nor a group none of whose members is still alive", async () => {
    const host = fakeHost([row(50, 1, 50), row(100, 50, 100), row(104, 100, 104)]);
    const tree = trackProcessTree(100, host.options);
    await tree.sample();
    // 104's group is gone; pid 104 comes back as another group's leader with a member.
    host.set([row(50, 1, 50), row(51, 1, 50), row(100, 50, 100), row(104, 1, 104, 'S', T1), row(105, 1, 104, 'S', T1)]);
    expect((await tree.sample()).map(({ pid }) => pid)).toEqual([100]);
  });

  it('counts a zombie as gone', async () => {
    const host = fakeHost([row(100, 50, 100), row(101, 100, 100, 'Z')]);
    expect((await trackProcessTree(100, host.options).sample()).map(({ pid }) => pid)).toEqual([100]);
  });

  it('stops with SIGTERM, then SIGKILL for what is left after the grace, then checks again', async () => {
    const host = fakeHost([row(50, 1, 50), row(100, 50, 100), row(101, 100, 100), row(102, 101, 102)]);
    // 101 obeys SIGTERM, 102 ignores it; every one of them dies of SIGKILL.
    host.options.kill = (pid, signal) => {
      host.signals.push(`${signal} ${pid}`);
      if (signal === 'SIGKILL' || pid === 101) host.set(host.rows().filter((line) => !line.startsWith(String(pid).padStart(5))));
    };
    const tree = trackProcessTree(100, host.options);
    const result = await tree.stop({ graceMs: 100, spare: [100] });
    expect(host.signals).toEqual(['SIGTERM 101', 'SIGTERM 102', 'SIGKILL 100', 'SIGKILL 102']);
    expect(result).toEqual({ gone: true, survivors: [] });
  });

  it('reports what survived SIGKILL', async () => {
    const host = fakeHost([row(100, 50, 100), row(101, 100, 100, 'D')]);
    const tree = trackProcessTree(100, host.options);
    const result = await tree.stop({ graceMs: 50, killWaitMs: 200 });
    expect(result).toEqual({ gone: false, survivors: [100, 101] });
    expect(host.signals.filter((signal) => signal === 'SIGKILL 101').length).toBeGreaterThan(1);
  });

  it('on a real process tree: a setsid grandchild whose parent exited is still stopped', async () => {
    // The root forks a setsid child, which forks a grandchild; then the child and the root exit.
    const script = `
      const { spawn } = require('child_process');
      const keep = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)";
      const child = spawn(process.execPath, ['-e', \`
        const g = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify('$KEEP')}], { detached: true, stdio: 'ignore' });
        console.log(g.pid); setTimeout(() => process.exit(0), 300);\`.replace('$KEEP', keep)], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.on('data', (data) => { console.log(JSON.stringify({ child: child.pid, grandchild: Number(data) })); });
      setTimeout(() => process.exit(0), 600);`;
    const root = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const tree = trackProcessTree(root.pid!, { intervalMs: 25 });
    let pids: { child: number; grandchild: number } | undefined;
    try {
      const [line] = (await once(root.stdout!, 'data')) as [Buffer];
      const { child, grandchild } = (pids = JSON.parse(line.toString()) as { child: number; grandchild: number });
      await once(root, 'exit');
      expect(await waitFor(() => !isAlive(child), 2_000)).toBe(true);
      // The grandchild now hangs off init, in its own session, ignoring SIGTERM.
      expect(isAlive(grandchild)).toBe(true);
      const result = await tree.stop({ graceMs: 200 });
      expect(result).toEqual({ gone: true, survivors: [] });
      expect(isAlive(grandchild)).toBe(false);
    } finally {
      tree.close();
      if (pids && isAlive(pids.grandchild)) process.kill(pids.grandchild, 'SIGKILL');
    }
  });
});
