import type Database from 'better-sqlite3';
import type { ClaimRow } from './rows.js';

type SqlRow = Record<string, unknown>;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function toClaim(row: SqlRow): ClaimRow {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null) out[camel(key)] = value;
  return out as unknown as ClaimRow;
}

/** What a claim may be changed by: its state and the bookkeeping around it. */
export type ClaimPatch = Partial<Pick<ClaimRow, 'state' | 'sha' | 'treeSha' | 'refreshedAt' | 'releasedAt' | 'releaseAttempts' | 'lastError' | 'note'>>;

/**
 * The runner's record of its claim refs. A row is written before GitHub is asked, so a crash
 * between the two leaves a `pending` row the next settle cleans up.
 */
export class ClaimsTable {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  begin(input: { ref: string; goal: string; sessionId: string; runner: string }): ClaimRow {
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO claims (ref, goal, session_id, runner, state, claimed_at) VALUES (?, ?, ?, ?, 'pending', ?)`)
      .run(input.ref, input.goal, input.sessionId, input.runner, this.now().toISOString());
    return this.get(Number(lastInsertRowid))!;
  }

  update(id: number, patch: ClaimPatch): ClaimRow {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    if (entries.length > 0) {
      const sets = entries.map(([key]) => `${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} = ?`);
      this.db.prepare(`UPDATE claims SET ${sets.join(', ')} WHERE id = ?`).run(...entries.map(([, value]) => value as string | number), id);
    }
    return this.get(id)!;
  }

  /** A claim attempt that lost: nothing of it exists on GitHub, so nothing is kept. */
  drop(id: number): void {
    this.db.prepare('DELETE FROM claims WHERE id = ?').run(id);
  }

  get(id: number): ClaimRow | undefined {
    const row = this.db.prepare('SELECT * FROM claims WHERE id = ?').get(id) as SqlRow | undefined;
    return row && toClaim(row);
  }

  /** Claims GitHub may still hold for this runner, oldest first. */
  unreleased(): ClaimRow[] {
    return this.select(`state IN ('pending', 'held') ORDER BY id`);
  }

  /** The claim of a session that this runner still holds (or may hold). */
  openOf(sessionId: string): ClaimRow | undefined {
    return this.select(`session_id = ? AND state IN ('pending', 'held') ORDER BY id DESC`, sessionId)[0];
  }

  ofSessions(sessionIds: readonly string[]): ClaimRow[] {
    if (sessionIds.length === 0 || !this.exists()) return [];
    return this.select(`session_id IN (${sessionIds.map(() => '?').join(', ')}) ORDER BY id`, ...sessionIds);
  }

  /** Sessions this runner ever claimed for: "a session it knows". */
  knows(sessionId: string): boolean {
    return this.db.prepare('SELECT 1 FROM claims WHERE session_id = ? LIMIT 1').get(sessionId) !== undefined;
  }

  private select(where: string, ...params: string[]): ClaimRow[] {
    return (this.db.prepare(`SELECT * FROM claims WHERE ${where}`).all(...params) as SqlRow[]).map(toClaim);
  }

  // A read-only open of a database an older overnight wrote has no claims table (`report`).
  private exists(): boolean {
    return this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'claims'`).get() !== undefined;
  }
}
