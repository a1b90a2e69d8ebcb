import { describe, expect, it } from 'vitest';
import { parseRunnerConfig } from '../../src/config/load-config.js';
import { summarizeConfig } from '../../src/config/summary.js';
import type { RunnerConfig } from '../../src/config/runner-config.js';
import { PARSE_OPTIONS, validConfig } from './valid-config.js';

function summaryOf(change: (config: Record<string, any>) => void): string {
  const config = validConfig();
  change(config);
  const result = parseRunnerConfig(JSON.stringify(config), PARSE_OPTIONS);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return summarizeConfig(result.config satisfies RunnerConfig);
}

describe('summarizeConfig', () => {
  it('says window, time zone, ticks, constraints and agents of a minimal config', () => {
    expect(summaryOf(() => {})).toBe(
      '01:00-05:00 Europe/Berlin, every 30m = 8 ticks a night; constraints: none; agents: claude-code (default)',
    );
  });

  it('says so when agents would run without a sandbox', () => {
    expect(summaryOf((c) => (c.sandbox = { mode: 'off' }))).toBe(
      '01:00-05:00 Europe/Berlin, every 30m = 8 ticks a night; constraints: none; agents: claude-code (default); sandbox: off (agents run uncontained)',
    );
  });

  it('counts ticks across midnight and rounds a partial interval up', () => {
    expect(summaryOf((c) => Object.assign(c.schedule, { window: { start: '22:30', end: '02:00' }, every: '1h' }))).toMatch(
      /^22:30-02:00 Europe\/Berlin, every 1h = 4 ticks a night;/,
    );
    expect(summaryOf((c) => Object.assign(c.schedule, { every: '5h' }))).toMatch(/every 5h = 1 tick a night;/);
  });

  it('names a cron expression, jitter and days', () => {
    const summary = summaryOf((c) =>
      Object.assign(c.schedule, { every: undefined, expression: '*/20 1-4 * * *', jitterMs: 90_000, days: ['fri', 'sat'] }),
    );
    expect(summary).toMatch(/^01:00-05:00 Europe\/Berlin, cron \*\/20 1-4 \* \* \*, jitter up to 90s, nights opening fri, sat;/);
  });

  it('lists every constraint that is on', () => {
    const summary = summaryOf((c) => {
      c.constraints = { pluggedIn: true, wifiOnly: true, minBatteryPercent: 40, maxCpuPercent: 70, userIdleMinutes: 10, minFreeDiskGb: 5, denySsids: ['Phone'] };
    });
    expect(summary).toContain(
      'constraints: pluggedIn, wifiOnly, battery >= 40%, cpu <= 70%, idle >= 10 min, free disk >= 5 GB, 1 denied SSIDs;',
    );
  });

  it('lists the default agent first, then the others once each with their kind', () => {
    const summary = summaryOf((c) => {
      c.agents = {
        default: 'codex',
        prefer: [{ match: 'refactor', agent: 'claude-code' }, { match: 'docs', agent: 'scribe' }, { match: 'api', agent: 'codex' }],
        defs: { scribe: { kind: 'command', args: ['scribe'] } },
      };
    });
    expect(summary).toMatch(/; agents: codex \(default\), claude-code, scribe \(command\)$/);
  });
});
