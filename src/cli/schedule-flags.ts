import { Temporal } from 'temporal-polyfill';
import { type ConfigProblem, parseDuration } from '../config/index.js';

/** What commander hands the `schedule` action. `jitter` is false for --no-jitter. */
export interface ScheduleFlags {
  config?: string;
  from?: string;
  count?: string;
  jitter?: string | false;
  json?: boolean;
  timezone?: string;
  window?: string;
  every?: string;
  expression?: string;
  days?: string;
}

/** Which flag replaces which `schedule` field, so a problem can name the flag the user typed. */
export const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  timezone: '--timezone',
  window: '--window',
  every: '--every',
  expression: '--expression',
  days: '--days',
  jitterMs: '--jitter',
};

/**
 * The `schedule` fields the flags replace, as raw values for the schema to check, plus the
 * problems with flags whose text does not even have the right form.
 */
export function scheduleOverrides(flags: ScheduleFlags): { overrides: Record<string, unknown>; problems: ConfigProblem[] } {
  const overrides: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  if (flags.timezone !== undefined) overrides.timezone = flags.timezone;
  if (flags.window !== undefined) {
    const [start, end, ...rest] = flags.window.split('-');
    if (start === undefined || end === undefined || rest.length > 0) {
      problems.push({ path: 'schedule.window', message: `expected "HH:MM-HH:MM" (from --window), got "${flags.window}"` });
    } else {
      overrides.window = { start: start.trim(), end: end.trim() };
    }
  }
  // One flag of the pair replaces the config's choice, whichever it was; both at once is an error.
  if (flags.every !== undefined || flags.expression !== undefined) {
    overrides.every = flags.every;
    overrides.expression = flags.expression;
  }
  if (flags.days !== undefined) overrides.days = flags.days.split(',').map((day) => day.trim().toLowerCase());
  if (typeof flags.jitter === 'string') {
    const ms = /^\d+$/.test(flags.jitter.trim()) ? Number(flags.jitter) : parseDuration(flags.jitter);
    if (ms === undefined) {
      problems.push({
        path: 'schedule.jitterMs',
        message: `expected milliseconds or a duration such as "5m" (from --jitter), got "${flags.jitter}"`,
      });
    } else {
      overrides.jitterMs = ms;
    }
  }
  return { overrides, problems };
}

const MAX_COUNT = 1000;

export function parseCount(text: string | undefined): number | ConfigProblem {
  if (text === undefined) return 10;
  const count = Number(text);
  if (/^\d+$/.test(text.trim()) && count >= 1 && count <= MAX_COUNT) return count;
  return { path: '--count', message: `expected a whole number from 1 to ${MAX_COUNT}, got "${text}"` };
}

/** An ISO-8601 instant; without an offset, a wall time in the schedule's zone ("compatible"). */
export function parseFrom(text: string | undefined, timeZone: string, now: Date): Date | ConfigProblem {
  if (text === undefined) return now;
  try {
    return new Date(Temporal.Instant.from(text).epochMilliseconds);
  } catch {
    // Not an instant; try a local date-time below.
  }
  try {
    const local = Temporal.PlainDateTime.from(text).toZonedDateTime(timeZone, { disambiguation: 'compatible' });
    return new Date(local.epochMilliseconds);
  } catch {
    return {
      path: '--from',
      message:
        `expected an ISO-8601 time such as "2026-03-07T12:00:00Z", or a local "2026-03-07T22:00" ` +
        `in ${timeZone}, got "${text}"`,
    };
  }
}
