import { createRequire } from 'node:module';

// Loaded on the first compile: only `expression` schedules need cron-parser (and its luxon, ~4 MB),
// and an idle daemon keeps every module it loaded.
const requireCjs = createRequire(import.meta.url);

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A compiled 5-field cron expression that tests wall-clock minutes. */
export interface CronMatcher {
  /**
   * Whether a wall time matches. Wall times are numbers: the wall clock's date and time read as
   * if they were UTC, so a day is always 24 hours long and its fields come from getUTC*.
   */
  matches(wallMs: number): boolean;
  /** The first matching whole wall minute in [fromWallMs, toWallMs): days and hours that cannot match are skipped whole. */
  next(fromWallMs: number, toWallMs: number): number | undefined;
  /**
   * True when the job runs at particular times: no `*` opens its minute or hour field. Only such
   * jobs are bent by a clock change; a `*` job runs by the clock as it reads (Vixie cron, cron(8)).
   */
  fixedTime: boolean;
}

/**
 * Reads the expression's fields with cron-parser (names, ranges, steps, `L`, `#`, `H`) but never
 * its iterator: that one can step backwards across a clock change whose offset is not a whole
 * hour and then never reach the end of a range. The matching itself is plain set lookups.
 */
export function compileCron(expression: string): CronMatcher {
  const texts = expression.trim().split(/\s+/);
  if (texts.length !== 5) throw new Error(`expected a 5-field cron expression, got "${expression}"`);
  // A fixed seed makes `H` fields pick the same minute on every call, as Jenkins seeds them with
  // the job name: the ticks stay a pure function of the config.
  const { CronExpressionParser } = requireCjs('cron-parser') as typeof import('cron-parser');
  const { fields } = CronExpressionParser.parse(expression, { hashSeed: expression });
  const minutes = numbers(fields.minute.values);
  const hours = numbers(fields.hour.values);
  const months = numbers(fields.month.values);
  const daysOfMonth = numbers(fields.dayOfMonth.values);
  const weekdays = new Set([...numbers(fields.dayOfWeek.values)].map((day) => day % 7));
  // "5L" is the last Friday of the month; cron-parser keeps it as text.
  const lastWeekdays = new Set(
    fields.dayOfWeek.values.filter((value) => typeof value === 'string' && value.endsWith('L')).map((value) => Number.parseInt(String(value), 10) % 7),
  );
  const { nthDay } = fields.dayOfWeek;
  const domRestricted = !fields.dayOfMonth.isWildcard;
  const dowRestricted = !fields.dayOfWeek.isWildcard;

  const dayCache = new Map<number, boolean>();
  const dayMatches = (day: number): boolean => {
    const date = new Date(day * DAY_MS);
    const dayOfMonth = date.getUTCDate();
    const weekday = date.getUTCDay();
    const monthLength = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    if (!months.has(date.getUTCMonth() + 1)) return false;
    const domMatch = daysOfMonth.has(dayOfMonth) || (fields.dayOfMonth.hasLastChar && dayOfMonth === monthLength);
    const dowMatch =
      (weekdays.has(weekday) && (nthDay <= 0 || Math.ceil(dayOfMonth / 7) === nthDay)) ||
      (lastWeekdays.has(weekday) && dayOfMonth + 7 > monthLength);
    // POSIX: when both day fields are restricted either may match; otherwise the restricted one must.
    if (domRestricted && dowRestricted) return domMatch || dowMatch;
    if (domRestricted) return domMatch;
    if (dowRestricted) return dowMatch;
    return true;
  };

  const dayMatchesCached = (day: number): boolean => {
    let match = dayCache.get(day);
    if (match === undefined) dayCache.set(day, (match = dayMatches(day)));
    return match;
  };

  return {
    fixedTime: !texts[0]!.startsWith('*') && !texts[1]!.startsWith('*'),
    matches(wallMs) {
      const day = Math.floor(wallMs / DAY_MS);
      const minuteOfDay = Math.floor((wallMs - day * DAY_MS) / MINUTE_MS);
      return minutes.has(minuteOfDay % 60) && hours.has(Math.floor(minuteOfDay / 60)) && dayMatchesCached(day);
    },
    next(fromWallMs, toWallMs) {
      // Every step moves forward by at least a minute, so the loop ends at toWallMs.
      for (let wall = Math.ceil(fromWallMs / MINUTE_MS) * MINUTE_MS; wall < toWallMs; ) {
        const day = Math.floor(wall / DAY_MS);
        const hour = Math.floor((wall - day * DAY_MS) / HOUR_MS);
        if (!dayMatchesCached(day)) wall = (day + 1) * DAY_MS;
        else if (!hours.has(hour)) wall = day * DAY_MS + (hour + 1) * HOUR_MS;
        else if (minutes.has(Math.floor(wall / MINUTE_MS) % 60)) return wall;
        else wall += MINUTE_MS;
      }
      return undefined;
    },
  };
}

function numbers(values: readonly (number | string)[]): Set<number> {
  return new Set(values.filter((value): value is number => typeof value === 'number'));
}
