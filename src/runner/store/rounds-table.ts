import type Database from 'better-sqlite3';
import type { RoundRow } from './rows.js';

type SqlRow = Record<string, unknown>;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function toRound(row: SqlRow): RoundRow {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === null || key === 'id') continue;
    out[camel(key)] = key === 'test_findings' ? JSON.parse(String(value)) : value;
  }
  return out as unknown as RoundRow;
}

/**
 * The rounds of each session: its first agent run and every repair after a failed verify, each
 * with its usage, duration and the verify result that followed. Written whole once the round is
 * over (again, by round number, if a later step adds to it).
 */
export class RoundsTable {
  constructor(private readonly db: Database.Database) {}

  record(round: RoundRow): RoundRow {
    const entries = Object.entries(round).filter(([, value]) => value !== undefined);
    const columns = entries.map(([key]) => snake(key));
    const values = entries.map(([key, value]) => (key === 'testFindings' ? JSON.stringify(value) : (value as string | number)));
    const updates = columns.filter((column) => column !== 'session_id' && column !== 'round').map((column) => `${column} = excluded.${column}`);
    this.db
      .prepare(
        `INSERT INTO rounds (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (session_id, round) DO UPDATE SET ${updates.join(', ')}`,
      )
      .run(...values);
    return this.of([round.sessionId]).find((row) => row.round === round.round)!;
  }

  /** The rounds of these sessions, in order; none on a database an older overnight wrote. */
  of(sessionIds: readonly string[]): RoundRow[] {
    if (sessionIds.length === 0 || !this.exists()) return [];
    const marks = sessionIds.map(() => '?').join(', ');
    return (this.db.prepare(`SELECT * FROM rounds WHERE session_id IN (${marks}) ORDER BY session_id, round`).all(...sessionIds) as SqlRow[]).map(toRound);
  }

  private exists(): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rounds'").get() !== undefined;
  }
}
