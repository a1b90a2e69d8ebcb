import { describe, expect, it } from 'vitest';
import { runnerConfigSchema } from '../../src/config/runner-config.js';
import { demoRunnerConfig, demoWindow, FAST_PACE, NORMAL_PACE } from '../../src/demo/demo-config.js';
import { clockTime, createPrinter } from '../../src/demo/show/printer.js';
import { ticksFrom } from '../../src/schedule/next-tick.js';
import { isWithinWindow } from '../../src/schedule/window.js';

const input = (now: Date, timeZone = 'Europe/Berlin') => ({
  now,
  timeZone,
  pace: NORMAL_PACE,
  repoPath: '/tmp/demo/tinyutils',
  github: 'alice/tinyutils',
  apiUrl: 'http://127.0.0.1:4000/api/v3',
  agent: 'demo',
  demoAgent: { node: '/usr/bin/node', script: '/x/lib/demo/demo-agent-bin.js', readPaths: ['/x/lib', '/x/node_modules'] },
  runnerName: 'box-demo',
  sandboxMode: 'required' as const,
});

describe('demoRunnerConfig', () => {
  it('is a valid runner config whose window is open now and ticks every 20 s', () => {
    const now = new Date('2026-11-27T21:14:35Z');
    const config = runnerConfigSchema.parse(demoRunnerConfig(input(now)));
    expect(config.schedule.window).toEqual({ start: '22:14', end: '22:20' });
    expect(isWithinWindow(config.schedule, now)).toBeDefined();
    const ticks = ticksFrom({ ...config.schedule, jitterMs: 0 }, now, 3).map((tick) => tick.at.toISOString());
    expect(ticks).toEqual(['2026-11-27T21:14:40.000Z', '2026-11-27T21:15:00.000Z', '2026-11-27T21:15:20.000Z']);
  });

  it('runs the built-in agent as a command agent that gets the prompt and the worktree, and may read its own code in the sandbox', () => {
    const config = runnerConfigSchema.parse(demoRunnerConfig(input(new Date())));
    expect(config.agents.default).toBe('demo');
    expect(config.agents.defs.demo).toEqual({
      kind: 'command',
      bin: '/usr/bin/node',
      args: ['/x/lib/demo/demo-agent-bin.js', '--workdir', '{workdir}', '{prompt}'],
      sandbox: { allowRead: ['/x/lib', '/x/node_modules'], allowWrite: [] },
    });
    expect(config.sandbox.mode).toBe('required');
    expect(runnerConfigSchema.parse(demoRunnerConfig({ ...input(new Date()), sandboxMode: 'off' })).sandbox.mode).toBe('off');
    expect(config.verify.command).toBe('node --test');
    expect(config.constraints).toMatchObject({ pluggedIn: true, wifiOnly: true });
  });

  it('names a real agent as the default when one is asked for', () => {
    const config = runnerConfigSchema.parse(demoRunnerConfig({ ...input(new Date()), agent: 'claude-code', pace: FAST_PACE }));
    expect(config.agents.default).toBe('claude-code');
    expect(config.schedule.every).toBe('4s');
  });
});

describe('demoWindow', () => {
  it('crosses midnight when the demo starts just before it', () => {
    const now = new Date('2026-11-27T23:58:10Z');
    const window = demoWindow(now, 'UTC', 6);
    expect(window).toEqual({ start: '23:58', end: '00:04' });
    const schedule = runnerConfigSchema.parse({ ...demoRunnerConfig(input(now, 'UTC')) }).schedule;
    expect(isWithinWindow(schedule, new Date('2026-11-28T00:02:00Z'))).toMatchObject({ date: '2026-11-27' });
  });
});

describe('createPrinter', () => {
  it('stamps each line with the local time and indents continuation lines under the text', () => {
    const out: string[] = [];
    const at = new Date(2026, 10, 27, 1, 7, 9, 450);
    createPrinter((text) => out.push(text), () => at)('tick 1\n  why: first');
    expect(out.join('')).toBe('[01:07:09] tick 1\n             why: first\n');
    expect(clockTime(at.toISOString())).toBe('01:07:09.4');
  });
});
