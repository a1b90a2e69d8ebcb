import { Temporal } from 'temporal-polyfill';
import type { NightWindow } from './night.js';
import type { ScheduleSpec } from './schedule-spec.js';

/** How a clock change bends one night away from its wall-clock window. */
export interface DstChange {
  /** Elapsed length minus wall-clock length: negative when the night is shortened, positive when lengthened. */
  deltaMs: number;
  /** The window's start fell in a spring-forward gap, so the night opens later than the wall time says. */
  openMoved: boolean;
  /** Likewise for its end. */
  closeMoved: boolean;
}

/** What DST does to `night`, or undefined when it runs exactly as the window reads. */
export function dstChange(schedule: Pick<ScheduleSpec, 'timezone' | 'window'>, night: NightWindow): DstChange | undefined {
  const { start, end } = schedule.window;
  const openDate = Temporal.PlainDate.from(night.date);
  const closeDate = end > start ? openDate : openDate.add({ days: 1 });
  const wallOpen = openDate.toPlainDateTime(Temporal.PlainTime.from(start));
  const wallClose = closeDate.toPlainDateTime(Temporal.PlainTime.from(end));
  const wallMs = wallOpen.until(wallClose).total({ unit: 'milliseconds' });
  const elapsedMs = Math.max(0, night.close.getTime() - night.open.getTime());
  const change = {
    deltaMs: elapsedMs - wallMs,
    openMoved: !localWallTime(night.open, schedule.timezone).equals(wallOpen),
    closeMoved: !localWallTime(night.close, schedule.timezone).equals(wallClose),
  };
  return change.deltaMs === 0 && !change.openMoved && !change.closeMoved ? undefined : change;
}

function localWallTime(instant: Date, timeZone: string): Temporal.PlainDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).toPlainDateTime();
}
