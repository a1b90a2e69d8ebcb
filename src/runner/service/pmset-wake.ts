import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS, type ScheduleConfig } from '../../config/index.js';
import { nightsFrom } from '../../schedule/index.js';

// pmset(1) names the days of `repeat` with one letter each, Monday first.
const PMSET_DAYS = ['M', 'T', 'W', 'R', 'F', 'S', 'U'] as const;

/**
 * The one-time command that wakes (or powers on) a Mac shortly before the window opens, so a
 * sleeping laptop is awake to take the assertion. pmset reads times in the system time zone,
 * which may differ from the schedule's, and the lead can move the wake onto the day before.
 * Printed for the user to run with sudo, never run by overnight.
 */
export function pmsetWakeCommand(
  schedule: Pick<ScheduleConfig, 'timezone' | 'window' | 'days'>,
  { now = new Date(), systemTimeZone, leadMinutes = 5 }: { now?: Date; systemTimeZone: string; leadMinutes?: number },
): string | undefined {
  const night = [...nightsFrom(schedule, now, 10)].find((candidate) => candidate.open > now);
  if (!night) return undefined;
  const wake = Temporal.Instant.fromEpochMilliseconds(night.open.getTime() - leadMinutes * 60_000).toZonedDateTimeISO(systemTimeZone);
  const shift = Temporal.PlainDate.from(night.date).until(wake.toPlainDate()).days;
  const opening = schedule.days ?? WEEKDAYS;
  const letters = PMSET_DAYS.filter((_, index) => opening.includes(WEEKDAYS[(index - shift + 7) % 7]!));
  const time = wake.toPlainTime().toString({ smallestUnit: 'second' });
  return `sudo pmset repeat wakeorpoweron ${letters.join('')} ${time}`;
}
