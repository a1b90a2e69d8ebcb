import { join } from 'node:path';
import { pino } from 'pino';
import type { RunnerConfig } from '../../../src/config/runner-config.js';
import type { ChecksReport } from '../../../src/constraints/types.js';
import { createCycle, type CycleOptions } from '../../../src/runner/cycle/cycle.js';
import { createGithub } from '../../../src/runner/github/index.js';
import { openStore, type Store } from '../../../src/runner/store/index.js';
import type { CycleTick } from '../../../src/runner/cycle/cycle-types.js';

export const TOKEN = 'test-token-0123456789abcdef0123';
export const NOW = new Date('2026-11-28T02:00:00Z');
export const silent = pino({ level: process.env.TEST_LOG ?? 'silent' });

export const passingChecks = async (): Promise<ChecksReport> => ({
  ok: true,
  checks: [],
  facts: {
    power: { source: 'ac', percent: 100, charging: false },
    network: { interface: 'en0', kind: 'wifi', metered: false, ssid: 'home' },
  },
});

export function tick(at: Date = NOW): CycleTick {
  return { scheduledAt: at, firedAt: at, catchUp: false, night: '2026-11-28' };
}

export function context() {
  return { signal: new AbortController().signal, logger: silent, cycleId: 'test' };
}

export function openTestStore(dataDir: string, now: () => Date = () => NOW): Store {
  return openStore(join(dataDir, 'state.db'), { now });
}

/** The real cycle against a real GitHub client (nock at the HTTP edge) and real git. */
export function testCycle(config: RunnerConfig, store: Store, extra: Partial<CycleOptions> = {}) {
  let hex = 0;
  return createCycle({
    config,
    store,
    github: createGithub({ apiUrl: 'https://api.github.com', token: TOKEN, repo: 'acme/widgets', paceWrites: false, secondMs: 1 }),
    dataDir: config.stateDir!,
    runChecks: passingChecks,
    token: TOKEN,
    clock: { now: () => NOW },
    logger: silent,
    graceMs: 200,
    randomHex: () => (++hex).toString(16).padStart(6, 'a'),
    ...extra,
  });
}
