import { formatCostUsd } from './format-cost.js';
import { trailerValue, type Trailer } from './git-trailers.js';

/** Ways a change weakened the tests, as `Overnight-Warnings` lists them. */
export const WARNING_VALUES = ['tests-deleted', 'tests-skipped', 'test-command-changed'] as const;
export type SessionWarning = (typeof WARNING_VALUES)[number];

/** The cap that stopped a session early (`Overnight-Stopped-By`): the config field that set it. */
export const STOPPED_BY_VALUES = [
  'budget.maxCostPerSessionUsd',
  'budget.maxCostPerNightUsd',
  'budget.maxTokensPerNight',
  'budget.maxAgentMinutesPerNight',
] as const;
export type StoppedBy = (typeof STOPPED_BY_VALUES)[number];

/**
 * Trailers added after the first release, each optional: a commit without them parses, and a bot
 * that predates them skips them (unknown trailers are ignored). A session stopped by a cap keeps
 * `Overnight-Outcome: timeout` and says which cap in `Overnight-Stopped-By`: an older bot reads
 * only `complete | timeout` there and would drop the whole commit's metadata on a new value.
 */
export interface SessionExtras {
  /** `Overnight-Cost-USD`: absent when the cost is unknown, never a made-up 0. */
  costUsd?: number;
  /** `Overnight-Tokens`: input (cache included) plus output. */
  tokens?: number;
  /** `Overnight-Repairs`: rounds the verify failure went back to the agent. */
  repairs?: number;
  /** `Overnight-Warnings`: what weakened the tests (values this version does not know are dropped when read). */
  warnings?: SessionWarning[];
  stoppedBy?: StoppedBy;
}

const KEYS = {
  costUsd: 'Overnight-Cost-USD',
  tokens: 'Overnight-Tokens',
  repairs: 'Overnight-Repairs',
  warnings: 'Overnight-Warnings',
  stoppedBy: 'Overnight-Stopped-By',
} as const satisfies Record<keyof SessionExtras, string>;

const COUNT = /^\d{1,15}$/;
const COST = /^\d{1,9}(\.\d{1,6})?$/;

export function formatExtraTrailers(extras: SessionExtras): Trailer[] {
  const trailers: Trailer[] = [];
  if (extras.costUsd !== undefined) {
    if (!Number.isFinite(extras.costUsd) || extras.costUsd < 0) throw new Error(`${KEYS.costUsd}: expected a cost of 0 or more, got ${extras.costUsd}`);
    trailers.push({ key: KEYS.costUsd, value: formatCostUsd(extras.costUsd) });
  }
  for (const field of ['tokens', 'repairs'] as const) {
    const value = extras[field];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${KEYS[field]}: expected a whole number of 0 or more, got ${value}`);
    trailers.push({ key: KEYS[field], value: String(value) });
  }
  if (extras.warnings !== undefined && extras.warnings.length > 0) {
    const unknown = extras.warnings.find((warning) => !WARNING_VALUES.includes(warning));
    if (unknown !== undefined) throw new Error(`${KEYS.warnings}: expected ${WARNING_VALUES.join(', ')}, got "${unknown}"`);
    trailers.push({ key: KEYS.warnings, value: [...new Set(extras.warnings)].join(', ') });
  }
  if (extras.stoppedBy !== undefined) {
    if (!STOPPED_BY_VALUES.includes(extras.stoppedBy)) throw new Error(`${KEYS.stoppedBy}: expected one of ${STOPPED_BY_VALUES.join(', ')}`);
    trailers.push({ key: KEYS.stoppedBy, value: extras.stoppedBy });
  }
  return trailers;
}

/** Lenient: a malformed or unknown value is dropped, never fatal; these only feed the PR's text. */
export function parseExtraTrailers(trailers: readonly Trailer[]): SessionExtras {
  const value = (field: keyof SessionExtras) => trailerValue(trailers, KEYS[field]);
  const cost = value('costUsd');
  const count = (field: 'tokens' | 'repairs') => {
    const text = value(field);
    return text !== undefined && COUNT.test(text) ? { [field]: Number(text) } : {};
  };
  const warnings = (value('warnings') ?? '')
    .split(',')
    .map((warning) => warning.trim())
    .filter((warning): warning is SessionWarning => (WARNING_VALUES as readonly string[]).includes(warning));
  const stoppedBy = STOPPED_BY_VALUES.find((known) => known === value('stoppedBy'));
  return {
    ...(cost !== undefined && COST.test(cost) ? { costUsd: Number(cost) } : {}),
    ...count('tokens'),
    ...count('repairs'),
    ...(warnings.length > 0 ? { warnings: [...new Set(warnings)] } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}
