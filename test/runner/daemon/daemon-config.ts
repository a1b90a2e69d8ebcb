import { runnerConfigSchema, type RunnerConfig } from '../../../src/config/runner-config.js';

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** A config (as JSON input) whose UTC window opened at the current minute and stays open for minutes. */
export function openWindowInput(every: string, now = Date.now()) {
  const minute = Math.floor(now / 60_000) * 60_000;
  return {
    repo: { path: '/tmp/overnight-repo', github: 'octo/repo' },
    schedule: { timezone: 'UTC', window: { start: hhmm(minute), end: hhmm(minute + 5 * 60_000) }, every },
  };
}

export function openWindowConfig(every: string, now = Date.now()): RunnerConfig {
  return runnerConfigSchema.parse(openWindowInput(every, now));
}
