import { describe, expect, it } from 'vitest';
import type { CheckResult, ChecksReport } from '../../../../src/constraints/types.js';
import { cycleChecks, evaluateGate, smallerLimit, windowFact } from '../../../../src/runner/cycle/gate/gate.js';

const check = (name: CheckResult['name'], ok: boolean, reason: string, required = true): CheckResult => ({ name, ok, reason, required, ms: 1, seen: '' });
const report = (...checks: CheckResult[]): ChecksReport => ({
  ok: checks.every((c) => c.ok || !c.required),
  checks,
  facts: { power: { source: 'battery', percent: 83, charging: false }, network: { interface: 'en0', kind: 'wifi', metered: false, ssid: 'x' } },
});

describe('the gate', () => {
  it('opens when nothing stands in the way', () => {
    expect(evaluateGate({ withinWindow: true, constraints: report(check('pluggedIn', true, 'on AC power')), paused: false, sessionsTonight: 0, openAgentPrs: 0 })).toStrictEqual({ open: true, reasons: [] });
  });

  it('names every reason it is closed, each with what was seen', () => {
    const gate = evaluateGate({
      withinWindow: false,
      window: '01:00-05:00 Europe/Berlin',
      constraints: report(check('pluggedIn', false, 'on battery (83%), pluggedIn is required'), check('maxCpuPercent', false, 'CPU 90%', false)),
      paused: true,
      sessionsTonight: 4,
      maxSessionsPerNight: 4,
      openAgentPrs: 3,
      maxOpenPrs: 2,
    });
    expect(gate).toStrictEqual({
      open: false,
      reasons: [
        'outside the window 01:00-05:00 Europe/Berlin',
        'on battery (83%), pluggedIn is required',
        'paused: the dashboard issue carries overnight:paused',
        '4 sessions tonight, maxSessionsPerNight is 4',
        '3 agent PRs open, maxOpenPrs is 2',
      ],
    });
  });

  it('keeps every check for the cycle record, passed or failed, without timings or raw readings', () => {
    expect(cycleChecks(report(check('pluggedIn', true, 'on AC power'), check('maxCpuPercent', false, 'CPU 90%', false)))).toStrictEqual([
      { name: 'pluggedIn', required: true, ok: true, reason: 'on AC power' },
      { name: 'maxCpuPercent', required: false, ok: false, reason: 'CPU 90%' },
    ]);
  });

  it('ignores the window and constraints when they are not given (--ignore-window, --ignore-constraints)', () => {
    expect(evaluateGate({ paused: false, sessionsTonight: 9, openAgentPrs: 9 }).open).toBe(true);
  });

  it('reads the window in the schedule time zone', () => {
    const schedule = { timezone: 'Europe/Berlin', window: { start: '22:00', end: '02:00' }, every: '30m', jitterMs: 0, missed: 'catch-up' as const, backToBack: true, cooldown: '30s' };
    expect(windowFact(schedule, new Date('2026-11-28T00:30:00Z'))).toStrictEqual({ withinWindow: true, window: '22:00-02:00 Europe/Berlin' });
    expect(windowFact(schedule, new Date('2026-11-28T12:00:00Z')).withinWindow).toBe(false);
  });

  it('takes the smaller of the runner and repository PR limits', () => {
    expect(smallerLimit(5, 3)).toBe(3);
    expect(smallerLimit(undefined, 3)).toBe(3);
    expect(smallerLimit(undefined, undefined)).toBeUndefined();
  });
});
