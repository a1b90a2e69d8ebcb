import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../keepalive/helpers.js';
import { baseSchedule, ControlledCycle, daemonHarness, type Harness, type HarnessOptions } from './daemon-harness.js';
import { GoalQueueCycle, type QueueCall } from './goal-queue-cycle.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.daemon.stop('test over')));
});

function start(options: HarnessOptions): Harness {
  const h = daemonHarness(options);
  harnesses.push(h);
  return h;
}

const ticks = (h: Harness) => h.tickLines().map((line) => `${line.scheduledAt.slice(11, 16)} ${line.action}`);
const triggers = (queue: GoalQueueCycle) => queue.calls.map((call) => `${call.tick.trigger} ${call.goal ?? 'idle'}`);
/** Ends a session and waits until the daemon has taken the slot back (and queued what follows). */
async function finish(h: Harness, call: QueueCall): Promise<void> {
  call.finish();
  await waitFor(() => !h.daemon.status().running.some((cycle) => cycle.id === call.ctx.cycleId), `cycle ${call.ctx.cycleId} to end`);
  await h.daemon.settled();
}

const noStarts = (h: Harness) => h.lines().filter((line) => line.event === 'no-start').map((line) => `${line.trigger}: ${line.reason}`);

describe('daemon: back-to-back sessions', () => {
  it('starts the next cycle a cooldown after a session that left goals waiting, not at the next tick', async () => {
    const queue = new GoalQueueCycle(['#1', '#2', '#3']);
    const h = start({ startAt: '2026-11-28T00:59:00Z', cycle: queue.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:00:00Z');
    await h.advanceTo('2026-11-28T01:05:00Z');
    await finish(h, queue.on('#1'));
    await waitFor(() => h.daemon.status().pendingStarts !== undefined, 'the back-to-back cycle to be queued');
    expect(h.daemon.status()).toMatchObject({
      state: 'open',
      running: [],
      pendingStarts: [{ at: '2026-11-28T01:05:30.000Z', trigger: 'back-to-back' }],
      assertion: { held: true },
    });

    await h.advanceTo('2026-11-28T01:05:29Z');
    expect(queue.calls).toHaveLength(1);
    await h.advanceTo('2026-11-28T01:05:30Z');
    expect(triggers(queue)).toEqual(['tick #1', 'back-to-back #2']);
    expect(queue.on('#2').tick).toMatchObject({ night: '2026-11-28', catchUp: false, scheduledAt: new Date('2026-11-28T01:05:30Z') });
    expect(h.daemon.status()).toMatchObject({ state: 'running', running: [{ trigger: 'back-to-back', goal: '#2', session: 's-#2' }] });
    // The cycle start is logged with what started it.
    expect(h.lines().filter((line) => line.event === 'cycle-start').map((line) => line.trigger)).toEqual(['tick', 'back-to-back']);

    // The last goal: nothing waits after it, so the runner goes back to its ticks.
    await finish(h, queue.on('#2'));
    await h.advanceTo('2026-11-28T01:06:00Z');
    await finish(h, queue.on('#3'));
    await waitFor(() => h.daemon.status().state === 'open', 'the last session to end');
    expect(h.daemon.status().pendingStarts).toBeUndefined();
    await h.advanceTo('2026-11-28T01:30:00Z');
    expect(triggers(queue)).toEqual(['tick #1', 'back-to-back #2', 'back-to-back #3', 'tick idle']);
    expect(h.daemon.status().assertion.held).toBe(true);
  });

  it('adds jitter to the cooldown, at most the cooldown again', async () => {
    const queue = new GoalQueueCycle(['#1', '#2']);
    const schedule = baseSchedule({ jitterMs: 10 * 60_000, cooldown: '40s' });
    const h = start({ startAt: '2026-11-28T00:59:00Z', schedule, cycle: queue.fn, random: () => 0.5 });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:05:00Z');
    expect(queue.calls).toHaveLength(1);
    await finish(h, queue.on('#1'));
    // 40 s + half of min(10 min, 40 s).
    await waitFor(() => h.daemon.status().pendingStarts?.[0]?.at === '2026-11-28T01:06:00.000Z', 'the jittered back-to-back cycle');
  });

  it('never follows a skipped or idle cycle, the last goal, or a session with backToBack off', async () => {
    const cycle = new ControlledCycle();
    const h = start({ startAt: '2026-11-28T00:59:00Z', cycle: cycle.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:00:00Z');
    cycle.finishAll({ outcome: 'skipped', detail: 'on battery', moreWork: false });
    await waitFor(() => h.daemon.status().state === 'open', 'the skipped cycle to end');
    await h.advanceTo('2026-11-28T01:29:59Z');
    expect(cycle.calls).toEqual([]);
    expect(h.daemon.status().pendingStarts).toBeUndefined();

    const off = start({ startAt: '2026-11-28T00:59:00Z', schedule: baseSchedule({ backToBack: false }), cycle: new GoalQueueCycle(['#1', '#2']).fn });
    await off.daemon.start();
    await off.advanceTo('2026-11-28T01:00:00Z');
    const running = off.daemon.status().running;
    expect(running).toHaveLength(1);
    expect(running[0]).toMatchObject({ goal: '#1' });
    await off.advanceTo('2026-11-28T01:29:00Z');
    expect(off.lines().filter((line) => line.event === 'start-later')).toEqual([]);
  });

  it('does not start a back-to-back cycle once the window has closed', async () => {
    const queue = new GoalQueueCycle(['#1', '#2']);
    const h = start({ startAt: '2026-11-28T01:49:00Z', cycle: queue.fn, schedule: baseSchedule({ every: '10m', missed: 'skip' }) });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:59:50Z');
    await finish(h, queue.on('#1'));
    expect(h.daemon.status().pendingStarts).toEqual([{ at: '2026-11-28T02:00:20.000Z', trigger: 'back-to-back' }]);
    await h.advanceTo('2026-11-28T02:01:00Z');
    expect(triggers(queue)).toEqual(['tick #1']);
    expect(noStarts(h)).toEqual(['back-to-back: the window is closed']);
    expect(h.daemon.status()).toMatchObject({ state: 'waiting', assertion: { held: false } });
  });

  it('coalesces a tick that fires during a back-to-back cycle and runs it as one catch-up right after, without a cooldown', async () => {
    const queue = new GoalQueueCycle(['#1', '#2', '#3', '#4']);
    const h = start({ startAt: '2026-11-28T00:59:00Z', cycle: queue.fn });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:20:00Z');
    await finish(h, queue.on('#1'));
    await h.advanceTo('2026-11-28T01:20:30Z');
    expect(triggers(queue)).toEqual(['tick #1', 'back-to-back #2']);
    await h.advanceTo('2026-11-28T01:35:00Z');
    expect(ticks(h)).toEqual(['01:00 run', '01:30 skipped']);
    expect(h.tickLines()[1]!.reason).toBe(`cycle ${queue.on('#2').ctx.cycleId} is still running; coalesced into one catch-up cycle after it`);

    await finish(h, queue.on('#2'));
    await waitFor(() => queue.calls.length === 3, 'the catch-up cycle');
    expect(queue.calls[2]!.tick).toMatchObject({ trigger: 'catch-up', catchUp: true, scheduledAt: new Date('2026-11-28T01:30:00Z') });
    expect(h.daemon.status().pendingStarts).toBeUndefined();
  });
});

describe('daemon: parallel slots (budget.maxConcurrent)', () => {
  it('fills every free slot at a tick, one decision after another a stagger apart, each on its own goal', async () => {
    const queue = new GoalQueueCycle(['#1', '#2', '#3', '#4', '#5']);
    const h = start({ startAt: '2026-11-28T00:59:00Z', cycle: queue.fn, budget: { maxConcurrent: 3 } });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:00:00Z');
    expect(h.daemon.status().pendingStarts).toEqual([{ at: '2026-11-28T01:00:01.000Z', trigger: 'free-slot' }]);
    await h.advanceTo('2026-11-28T01:00:05Z');
    expect(triggers(queue)).toEqual(['tick #1', 'free-slot #2', 'free-slot #3']);
    expect(queue.calls.map((call) => call.tick.firedAt.toISOString().slice(11, 19))).toEqual(['01:00:00', '01:00:01', '01:00:02']);
    expect(h.daemon.status()).toMatchObject({
      state: 'running',
      running: [{ goal: '#1' }, { goal: '#2' }, { goal: '#3' }],
      assertion: { held: true },
    });
    expect(h.daemon.status().pendingStarts).toBeUndefined();

    // All three busy: the next tick is coalesced, as with one slot.
    await h.advanceTo('2026-11-28T01:30:00Z');
    expect(h.tickLines()[1]!.reason).toMatch(/^cycles c1, c2, c3 fill every slot; coalesced into one catch-up cycle when a slot frees$/);
    // A slot frees: the coalesced tick takes it at once.
    await finish(h, queue.on('#2'));
    await waitFor(() => queue.calls.length === 4, 'the catch-up cycle');
    expect(triggers(queue).at(-1)).toBe('catch-up #4');
  });

  it('never gives one goal to two slots, through back-to-back, free-slot and tick cycles alike', async () => {
    const goals = ['#1', '#2', '#3', '#4', '#5', '#6', '#7'];
    const queue = new GoalQueueCycle([...goals]);
    const h = start({ startAt: '2026-11-28T00:59:00Z', cycle: queue.fn, budget: { maxConcurrent: 2 }, schedule: baseSchedule({ cooldown: '5s' }) });
    await h.daemon.start();
    let at = Date.parse('2026-11-28T01:00:00Z');
    await h.advanceTo(new Date(at).toISOString());
    // Finish the oldest session every 20 s until the queue is empty.
    while (queue.waiting.length > 0 && at < Date.parse('2026-11-28T01:59:00Z')) {
      at += 20_000;
      await h.advanceTo(new Date(at).toISOString());
      const oldest = queue.calls.find((call) => call.goal !== undefined && queue.waiting.includes(call.goal));
      oldest?.finish();
      await h.daemon.settled();
    }
    expect(queue.waiting).toEqual([]);
    expect([...queue.taken].sort()).toEqual(goals);
    expect(queue.refused).toBe(0);
    // Two sessions ran side by side for most of the night.
    expect(triggers(queue).filter((line) => line.startsWith('free-slot')).length).toBeGreaterThanOrEqual(1);
    expect(triggers(queue).filter((line) => line.startsWith('back-to-back')).length).toBeGreaterThanOrEqual(4);
  });

  it('refuses a cycle the goal another slot holds', async () => {
    const holds: boolean[] = [];
    const cycle = new ControlledCycle();
    const h = start({
      startAt: '2026-11-28T00:59:00Z',
      budget: { maxConcurrent: 2 },
      cycle: (tick, ctx) => {
        holds.push(ctx.slots!.hold({ goal: '#1', session: `s${holds.length}`, moreWork: true }));
        return cycle.fn(tick, ctx);
      },
    });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:00:01Z');
    expect(holds).toEqual([true, false]);
    expect(cycle.calls[1]!.ctx.slots!.held()).toEqual(new Set(['#1']));
    expect(cycle.calls[0]!.ctx.slots!.held()).toEqual(new Set());
  });

  it('counts running sessions against maxSessionsPerNight before filling a slot or following one', async () => {
    const queue = new GoalQueueCycle(['#1', '#2', '#3', '#4']);
    const recorded: string[] = [];
    const h = start({
      startAt: '2026-11-28T00:59:00Z',
      cycle: (tick, ctx) => {
        const slots = ctx.slots!;
        // The store records a session as soon as its cycle holds a goal.
        return queue.fn(tick, { ...ctx, slots: { held: slots.held, hold: (claim) => slots.hold(claim) && recorded.push(claim.session) > 0 } });
      },
      budget: { maxConcurrent: 3, maxSessionsPerNight: 2 },
      usage: () => ({ sessionIds: recorded }),
    });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:00:05Z');
    expect(triggers(queue)).toEqual(['tick #1', 'free-slot #2']);
    expect(noStarts(h)).toEqual(['free-slot: 2 sessions tonight (running ones included), maxSessionsPerNight is 2']);
    await finish(h, queue.on('#1'));
    await h.advanceTo('2026-11-28T01:01:00Z');
    expect(noStarts(h).at(-1)).toBe('back-to-back: 2 sessions tonight (running ones included), maxSessionsPerNight is 2');
    expect(queue.calls).toHaveLength(2);
  });

  it('on SIGTERM aborts every running cycle, waits for all of them, and stops with none left', async () => {
    const queue = new GoalQueueCycle(['#1', '#2', '#3', '#4']);
    const returned: string[] = [];
    const h = start({
      startAt: '2026-11-28T00:59:00Z',
      budget: { maxConcurrent: 3 },
      // Each cycle takes a while to stop its agent, the last one longest.
      cycle: async (tick, ctx) => {
        const result = await queue.fn(tick, ctx);
        await new Promise((resolve) => setTimeout(resolve, 20 * (queue.calls.length + 1)));
        returned.push(ctx.cycleId);
        return result;
      },
    });
    await h.daemon.start();
    await h.advanceTo('2026-11-28T01:00:05Z');
    expect(h.daemon.status().running).toHaveLength(3);
    await waitFor(() => h.assertionEvents().length === 1, 'caffeinate to start');

    await h.daemon.stop('SIGTERM');
    expect(queue.calls.map((call) => call.ctx.signal.aborted)).toEqual([true, true, true]);
    expect(returned.sort()).toEqual(['c1', 'c2', 'c3']);
    expect(h.statuses.at(-1)).toMatchObject({ state: 'stopped', running: [], assertion: { held: false }, lastCycle: { outcome: 'abandoned' } });
    expect(h.statuses.at(-1)!.pendingStarts).toBeUndefined();
    expect(h.lines().filter((line) => line.event === 'stop').map((line) => line.cycle)).toEqual(['c1', 'c2', 'c3']);
    expect(h.assertionEvents()).toEqual(['start', 'end']);
    // Stopped means stopped: nothing starts later.
    await h.advanceTo('2026-11-28T01:30:00Z');
    expect(queue.calls).toHaveLength(3);
  });
});
