import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../keepalive/helpers.js';
import { baseSchedule, ControlledCycle, daemonHarness, type Harness } from './daemon-harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.daemon.stop('test over')));
});

function start(options: Parameters<typeof daemonHarness>[0]): Harness {
  const h = daemonHarness(options);
  harnesses.push(h);
  return h;
}

const ticks = (h: Harness) => h.tickLines().map((line) => `${line.scheduledAt.slice(11, 16)} ${line.action}`);

describe('daemon: window and sleep assertion', () => {
  it('holds the assertion from the window opening until it closes, running every tick in between', async () => {
    const cycle = new ControlledCycle();
    cycle.autoFinish = { outcome: 'recorded' };
    const h = start({ startAt: '2026-11-28T00:50:00Z', cycle: cycle.fn });
    await h.daemon.start();
    expect(h.daemon.status()).toMatchObject({ state: 'waiting', nextTick: '2026-11-28T01:00:00.000Z', assertion: { held: false } });

    await h.advanceTo('2026-11-28T00:59:59Z');
    expect(h.daemon.status().assertion.held).toBe(false);
    await h.advanceTo('2026-11-28T01:00:00Z');
    expect(h.daemon.status()).toMatchObject({ state: 'open', window: { open: true, night: '2026-11-28' }, assertion: { tool: 'caffeinate', held: true } });
    await waitFor(() => h.assertionEvents().length === 1, 'caffeinate to start');

    await h.advanceTo('2026-11-28T01:59:59Z');
    expect(h.daemon.status().assertion.held).toBe(true);
    await h.advanceTo('2026-11-28T02:00:00Z');
    expect(h.daemon.status()).toMatchObject({ state: 'waiting', assertion: { held: false }, nextTick: '2026-11-29T01:00:00.000Z' });
    expect(h.assertionEvents()).toEqual(['start', 'end']);
    expect(ticks(h)).toEqual(['01:00 run', '01:30 run']);
    expect(h.daemon.status().lastCycle).toMatchObject({ id: 'c2', scheduledAt: '2026-11-28T01:30:00.000Z', catchUp: false, outcome: 'recorded' });
  });

  it('keeps the assertion past the close while a cycle still runs, and releases it when the cycle ends', async () => {
    const cycle = new ControlledCycle();
    const h = start({ startAt: '2026-11-28T01:20:00Z', cycle: cycle.fn });
    await h.daemon.start();
    expect(h.daemon.status().assertion.held).toBe(true);
    // The stand-in logs its start once node has booted; on a loaded machine that can be after a quick release.
    await waitFor(() => h.assertionEvents().length === 1, 'caffeinate to start');
    await h.advanceTo('2026-11-28T01:30:00Z');
    expect(cycle.calls.map((call) => call.tick.scheduledAt.toISOString())).toEqual(['2026-11-28T01:30:00.000Z']);
    await h.advanceTo('2026-11-28T02:10:00Z');
    expect(h.daemon.status()).toMatchObject({ state: 'running', window: { open: false }, assertion: { held: true } });

    cycle.finishAll();
    await waitFor(() => !h.daemon.status().assertion.held, 'the assertion to be released');
    expect(h.daemon.status()).toMatchObject({ state: 'waiting', lastCycle: { outcome: 'complete' } });
    await waitFor(() => h.assertionEvents().length === 2, 'caffeinate to end');
    expect(h.assertionEvents()).toEqual(['start', 'end']);
  });

  it('logs each cycle through a child logger carrying its id', async () => {
    const cycle = new ControlledCycle();
    cycle.autoFinish = { outcome: 'recorded', detail: 'appended' };
    const h = start({ startAt: '2026-11-28T00:59:00Z', cycle: cycle.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:00:00Z');
    const cycleLines = h.lines().filter((line) => line.cycle === 'c1');
    expect(cycleLines.map((line) => line.event)).toEqual(['cycle-start', 'cycle-end']);
    expect(cycleLines[1]).toMatchObject({ outcome: 'recorded', detail: 'appended' });
  });

  it('fires a jittered tick at its jittered time and reports it as the next tick', async () => {
    const cycle = new ControlledCycle();
    cycle.autoFinish = { outcome: 'recorded' };
    const schedule = baseSchedule({ jitterMs: 60_000 });
    const h = start({ startAt: '2026-11-28T00:50:00Z', schedule, cycle: cycle.fn, random: () => 0.5 });
    await h.daemon.start();
    expect(h.daemon.status().nextTick).toBe('2026-11-28T01:00:30.000Z');
    await h.advanceTo('2026-11-28T01:00:29Z');
    // The window is open (and held) before its first jittered tick.
    expect(h.daemon.status()).toMatchObject({ state: 'open', assertion: { held: true } });
    expect(ticks(h)).toEqual([]);
    await h.advanceTo('2026-11-28T01:00:30Z');
    expect(ticks(h)).toEqual(['01:00 run']);
  });
});

describe('daemon: ticks that pass while a cycle runs', () => {
  it('catch-up: coalesces them into one catch-up cycle right after the running one', async () => {
    const cycle = new ControlledCycle();
    const h = start({ startAt: '2026-11-28T00:59:00Z', schedule: baseSchedule({ every: '10m' }), cycle: cycle.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:35:00Z');
    expect(ticks(h)).toEqual(['01:00 run', '01:10 skipped', '01:20 skipped', '01:30 skipped']);
    expect(h.tickLines()[1]!.reason).toBe('cycle c1 is still running; coalesced into one catch-up cycle after it');

    cycle.finishAll();
    await waitFor(() => cycle.calls.length === 1, 'the catch-up cycle');
    expect(cycle.calls[0]!.tick).toMatchObject({ catchUp: true, scheduledAt: new Date('2026-11-28T01:30:00Z'), night: '2026-11-28' });
    cycle.finishAll();
    await waitFor(() => h.daemon.status().state === 'open', 'the catch-up cycle to end');
    await h.advanceTo('2026-11-28T01:40:00Z');
    expect(cycle.calls.map((call) => call.tick.catchUp)).toEqual([false]);
  });

  it('skip: drops them and waits for the next tick', async () => {
    const cycle = new ControlledCycle();
    const h = start({ startAt: '2026-11-28T00:59:00Z', schedule: baseSchedule({ every: '10m', missed: 'skip' }), cycle: cycle.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:25:00Z');
    expect(h.tickLines()[1]!.reason).toBe('cycle c1 is still running; missed is "skip"');
    cycle.finishAll();
    await h.daemon.settled();
    expect(cycle.calls).toEqual([]);
    expect(h.daemon.status()).toMatchObject({ state: 'open', nextTick: '2026-11-28T01:30:00.000Z' });
    await h.advanceTo('2026-11-28T01:30:00Z');
    expect(cycle.calls.map((call) => call.tick.catchUp)).toEqual([false]);
  });
});

describe('daemon: sleep and wake', () => {
  const asleepFrom = async (missed: 'catch-up' | 'skip', wakeAt: string) => {
    const cycle = new ControlledCycle();
    cycle.autoFinish = { outcome: 'recorded' };
    const h = start({ startAt: '2026-11-28T00:59:00Z', schedule: baseSchedule({ every: '10m', missed }), cycle: cycle.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:05:00Z');
    h.clock.sleep(wakeAt);
    h.detector.wake({ gapMs: Date.parse(wakeAt) - Date.parse('2026-11-28T01:05:00Z'), at: new Date(wakeAt) });
    await h.daemon.settled();
    return h;
  };

  it('catch-up: logs every missed tick and runs one catch-up cycle while the window is open', async () => {
    const h = await asleepFrom('catch-up', '2026-11-28T01:47:00Z');
    expect(ticks(h)).toEqual(['01:00 run', '01:10 skipped', '01:20 skipped', '01:30 skipped', '01:40 skipped']);
    expect(h.tickLines()[1]!.reason).toBe('missed while the machine was asleep for 2520 s; coalesced into one catch-up cycle');
    await waitFor(() => h.daemon.status().lastCycle?.catchUp === true, 'the catch-up cycle');
    expect(h.daemon.status()).toMatchObject({
      lastCycle: { scheduledAt: '2026-11-28T01:40:00.000Z', firedAt: '2026-11-28T01:47:00.000Z', catchUp: true },
      nextTick: '2026-11-28T01:50:00.000Z',
      lastWake: { gapMs: 2_520_000 },
    });
    await h.advanceTo('2026-11-28T01:50:00Z');
    expect(ticks(h).at(-1)).toBe('01:50 run');
  });

  it('skip: logs the missed ticks as skipped and waits for the next one', async () => {
    const h = await asleepFrom('skip', '2026-11-28T01:47:00Z');
    expect(ticks(h)).toEqual(['01:00 run', '01:10 skipped', '01:20 skipped', '01:30 skipped', '01:40 skipped']);
    expect(h.tickLines()[4]!.reason).toBe('missed while the machine was asleep for 2520 s; missed is "skip"');
    expect(h.daemon.status()).toMatchObject({ lastCycle: { catchUp: false }, nextTick: '2026-11-28T01:50:00.000Z' });
  });

  it('catch-up after the window closed: nothing to catch up, and the assertion is released', async () => {
    const h = await asleepFrom('catch-up', '2026-11-28T03:00:00Z');
    expect(ticks(h).slice(1).every((line) => line.endsWith('skipped'))).toBe(true);
    expect(h.tickLines().at(-1)!.reason).toContain('the window has closed, so there is nothing to catch up');
    expect(h.daemon.status()).toMatchObject({ state: 'waiting', assertion: { held: false }, nextTick: '2026-11-29T01:00:00.000Z' });
  });

  it('catch-up: a sleep during a running cycle is caught up once, after the cycle', async () => {
    const cycle = new ControlledCycle();
    const h = start({ startAt: '2026-11-28T00:59:00Z', schedule: baseSchedule({ every: '10m' }), cycle: cycle.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:05:00Z');
    h.clock.sleep('2026-11-28T01:47:00Z');
    h.detector.wake({ gapMs: 42 * 60_000, at: new Date('2026-11-28T01:47:00Z') });
    await h.daemon.settled();
    expect(cycle.calls).toHaveLength(1);
    cycle.finishAll();
    await waitFor(() => cycle.calls.length === 1, 'the catch-up cycle');
    expect(cycle.calls[0]!.tick).toMatchObject({ catchUp: true, scheduledAt: new Date('2026-11-28T01:40:00Z') });
  });

  it('treats a tick timer that fires far too late as missed, even before the detector reports the sleep', async () => {
    const cycle = new ControlledCycle();
    cycle.autoFinish = { outcome: 'recorded' };
    const h = start({ startAt: '2026-11-28T00:59:00Z', schedule: baseSchedule({ every: '10m', missed: 'skip' }), cycle: cycle.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:05:00Z');
    h.clock.sleep('2026-11-28T01:25:00Z');
    await h.advanceTo('2026-11-28T01:25:00Z');
    expect(ticks(h)).toEqual(['01:00 run', '01:10 skipped', '01:20 skipped']);
    expect(h.tickLines()[1]!.reason).toBe('missed while its timer fired 900 s late (the machine was asleep); missed is "skip"');
  });

  it('recomputes without catching up when the wall clock is set back', async () => {
    const cycle = new ControlledCycle();
    cycle.autoFinish = { outcome: 'recorded' };
    const h = start({ startAt: '2026-11-28T01:05:00Z', schedule: baseSchedule({ every: '10m' }), cycle: cycle.fn });
    await h.daemon.start();
    h.clock.sleep('2026-11-28T00:30:00Z');
    h.detector.wake({ gapMs: -35 * 60_000, at: new Date('2026-11-28T00:30:00Z') });
    await h.daemon.settled();
    expect(h.lines().some((line) => line.event === 'clock-jump')).toBe(true);
    expect(h.daemon.status()).toMatchObject({ state: 'waiting', assertion: { held: false } });
  });
});

describe('daemon: stop', () => {
  it('aborts the running cycle, releases the assertion and records the stop', async () => {
    const cycle = new ControlledCycle();
    const h = start({ startAt: '2026-11-28T00:59:00Z', cycle: cycle.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:00:00Z');
    await waitFor(() => h.assertionEvents().length === 1, 'caffeinate to start');
    expect(h.detector.running).toBe(true);

    await h.daemon.stop('SIGTERM');
    expect(cycle.calls[0]!.ctx.signal.aborted).toBe(true);
    expect(h.assertionEvents()).toEqual(['start', 'end']);
    expect(h.detector.running).toBe(false);
    expect(h.statuses.at(-1)).toMatchObject({ state: 'stopped', nextTick: undefined, assertion: { held: false }, lastCycle: { outcome: 'aborted' } });
    // Stopped means stopped: later timers and wakes do nothing.
    await h.advanceTo('2026-11-28T01:30:00Z');
    expect(ticks(h)).toEqual(['01:00 run']);
  });

  it('reports a cycle that throws as an error outcome and carries on', async () => {
    const h = start({
      startAt: '2026-11-28T00:59:00Z',
      cycle: async () => {
        throw new Error('disk full');
      },
    });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:00:00Z');
    await waitFor(() => h.daemon.status().lastCycle !== undefined, 'the cycle to end');
    expect(h.daemon.status()).toMatchObject({ state: 'open', lastCycle: { outcome: 'error', detail: 'disk full' }, nextTick: '2026-11-28T01:30:00.000Z' });
  });
});
