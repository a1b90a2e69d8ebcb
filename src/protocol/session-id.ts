import { randomBytes } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';

/**
 * Session ids name one agent run: `YYYYMMDD-HHMM-<6 hex>` read on the runner's wall clock
 *, so a branch list sorts by night and a developer recognises "last night, 01:07".
 */

const SESSION_ID = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})-[0-9a-f]{6}$/;

const defaultRandomHex = (): string => randomBytes(3).toString('hex');

export function newSessionId(now: Date, timeZone: string, randomHex: () => string = defaultRandomHex): string {
  const wall = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const suffix = randomHex();
  if (!/^[0-9a-f]{6}$/.test(suffix)) {
    throw new Error(`randomHex must return 6 lowercase hex digits, got "${suffix}"`);
  }
  return `${pad(wall.year, 4)}${pad(wall.month)}${pad(wall.day)}-${pad(wall.hour)}${pad(wall.minute)}-${suffix}`;
}

export function isSessionId(text: string): boolean {
  const match = SESSION_ID.exec(text);
  if (!match) return false;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  // Day 0 of the next month is the last day of this one. Cheaper than Temporal: the bot checks
  // every PR head on a page of 100 with this.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59;
}
