import { Temporal } from 'temporal-polyfill';
import { formatDuration, WEEKDAYS } from '../config/index.js';
import { dstChange, type DstChange } from './dst.js';
import { formatLocal, formatUtc, zoned } from './format-instant.js';
import type { Tick } from './jitter.js';
import type { NightWindow } from './night.js';
import type { ScheduleSpec } from './schedule-spec.js';
import { nightTicks } from './ticks.js';

/** The `overnight schedule --json` shape. */
export function ticksAsJson(ticks: readonly Tick[], timeZone: string): { at: string; local: string }[] {
  return ticks.map((tick) => ({ at: formatUtc(tick.at), local: formatLocal(tick.at, timeZone) }));
}

/** Local times grouped by night, each night headed by its tick count and what DST does to it. */
export function renderTickTable(schedule: ScheduleSpec, ticks: readonly Tick[], { jitter }: { jitter: boolean }): string {
  const lines = [`Time zone: ${schedule.timezone}`, describeSchedule(schedule, jitter), ''];
  if (ticks.length === 0) return [...lines, 'No ticks within a year.'].join('\n');
  let night: NightWindow | undefined;
  for (const tick of ticks) {
    if (tick.night.date !== night?.date) {
      night = tick.night;
      lines.push(nightHeading(schedule, night));
    }
    const local = zoned(tick.at, schedule.timezone);
    const wholeMinute = local.second === 0 && local.millisecond === 0;
    const time = local.toPlainTime().toString({ smallestUnit: wholeMinute ? 'minute' : 'second' });
    lines.push(`  ${local.toPlainDate().toString()} ${time} ${local.offset}   ${formatUtc(tick.at)}`);
  }
  return lines.join('\n');
}

function describeSchedule(schedule: ScheduleSpec, jitter: boolean): string {
  const { start, end } = schedule.window;
  const cadence = schedule.expression === undefined ? `every ${schedule.every}` : `cron "${schedule.expression}"`;
  const days = schedule.days === undefined ? '' : `, on ${schedule.days.join(' ')}`;
  const jitterText = jitter && schedule.jitterMs > 0 ? `jitter up to ${formatDuration(schedule.jitterMs)}` : 'no jitter';
  return `Window ${start}-${end}${days}, ${cadence}, ${jitterText}`;
}

function nightHeading(schedule: ScheduleSpec, night: NightWindow): string {
  const weekday = WEEKDAYS[Temporal.PlainDate.from(night.date).dayOfWeek - 1] ?? '';
  const count = nightTicks(schedule, night).length;
  const change = dstChange(schedule, night);
  const dst = change === undefined ? '' : `, ${describeDst(change, schedule, night)}`;
  const day = `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)} ${night.date}`;
  return `Night of ${day}: ${count} ${count === 1 ? 'tick' : 'ticks'}${dst}`;
}

function describeDst(change: DstChange, schedule: ScheduleSpec, night: NightWindow): string {
  const parts: string[] = [];
  if (change.deltaMs < 0) parts.push(`shortened by ${formatDuration(-change.deltaMs)} (DST)`);
  if (change.deltaMs > 0) parts.push(`lengthened by ${formatDuration(change.deltaMs)} (DST)`);
  const { start, end } = schedule.window;
  if (change.openMoved) parts.push(`opens at ${shortLocal(night.open, schedule.timezone)}: ${start} falls in the DST gap`);
  if (change.closeMoved) parts.push(`closes at ${shortLocal(night.close, schedule.timezone)}: ${end} falls in the DST gap`);
  return parts.join(', ');
}

function shortLocal(instant: Date, timeZone: string): string {
  const local = zoned(instant, timeZone);
  return `${local.toPlainTime().toString({ smallestUnit: 'minute' })} ${local.offset}`;
}
