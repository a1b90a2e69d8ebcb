import { describe, expect, it } from 'vitest';
import { mayStartCycle, type StartFacts } from '../../../src/runner/daemon/may-start.js';

type Extra = Partial<Omit<StartFacts, 'budget'>> & { maxConcurrent?: number; maxSessionsPerNight?: number };
const facts = ({ maxConcurrent = 1, maxSessionsPerNight, ...extra }: Extra): StartFacts => ({
  trigger: 'tick',
  windowOpen: true,
  running: [],
  budget: { maxConcurrent, maxSessionsPerNight },
  ...extra,
});

describe('mayStartCycle', () => {
  it('needs a free slot, whatever started the cycle', () => {
    for (const trigger of ['tick', 'catch-up', 'back-to-back', 'free-slot'] as const) {
      expect(mayStartCycle(facts({ trigger, running: [{}, { session: 's1' }], maxConcurrent: 2 }))).toStrictEqual({
        start: false,
        reason: '2 of 2 slots busy (budget.maxConcurrent)',
      });
      expect(mayStartCycle(facts({ trigger, running: [{ session: 's1' }], maxConcurrent: 2 }))).toStrictEqual({ start: true });
    }
  });

  it('starts no back-to-back or free-slot cycle outside the window', () => {
    expect(mayStartCycle(facts({ trigger: 'back-to-back', windowOpen: false }))).toStrictEqual({ start: false, reason: 'the window is closed' });
    expect(mayStartCycle(facts({ trigger: 'free-slot', windowOpen: false }))).toStrictEqual({ start: false, reason: 'the window is closed' });
  });

  it('counts every running cycle as a session against maxSessionsPerNight, recorded or not, and never twice', () => {
    const running = [{ session: 's2' }, {}];
    // s1 finished, s2 is recorded and running, the other cycle has not recorded its session yet.
    const usage = { sessionIds: ['s1', 's2'] };
    expect(mayStartCycle(facts({ trigger: 'free-slot', running, maxConcurrent: 4, usage, maxSessionsPerNight: 4 }))).toStrictEqual({ start: true });
    expect(mayStartCycle(facts({ trigger: 'free-slot', running, maxConcurrent: 4, usage, maxSessionsPerNight: 3 }))).toStrictEqual({
      start: false,
      reason: '3 sessions tonight (running ones included), maxSessionsPerNight is 3',
    });
    expect(mayStartCycle(facts({ trigger: 'tick', running, maxConcurrent: 4, usage, maxSessionsPerNight: 3 })).start).toBe(false);
  });

  it("leaves a tick with nothing running to its gate, which records the skip with the night's figures", () => {
    const spent = { usage: { sessionIds: ['s1', 's2'] }, maxSessionsPerNight: 2 };
    expect(mayStartCycle(facts({ trigger: 'tick', ...spent }))).toStrictEqual({ start: true });
    expect(mayStartCycle(facts({ trigger: 'catch-up', ...spent }))).toStrictEqual({ start: true });
    expect(mayStartCycle(facts({ trigger: 'back-to-back', ...spent }))).toStrictEqual({
      start: false,
      reason: '2 sessions tonight (running ones included), maxSessionsPerNight is 2',
    });
  });

  it('has no session cap without maxSessionsPerNight, and none to count in a dry run', () => {
    expect(mayStartCycle(facts({ trigger: 'back-to-back', usage: { sessionIds: Array.from({ length: 500 }, (_, i) => `s${i}`) } }))).toStrictEqual({ start: true });
    expect(mayStartCycle(facts({ trigger: 'free-slot', running: [{}], maxConcurrent: 2, maxSessionsPerNight: 2 }))).toStrictEqual({ start: true });
  });
});
