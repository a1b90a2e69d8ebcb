import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ClaimsTable } from './claims-table.js';
import { RoundsTable } from './rounds-table.js';
import { migrate } from './migrations.js';
import { isCorruption, StateCorruptError } from './state-corrupt-error.js';
import { canTransition, IllegalTransitionError, isSessionState, type SessionState } from './session-state.js';
import type { CycleCheck, CycleRow, GoalHistory, NewSession, SessionPatch, SessionRow, TransitionRow } from './rows.js';

export interface StoreOptions {
  now?: () => Date;
  /** Open an existing database without writing (dry runs, reports). */
  readonly?: boolean;
}

type SqlRow = Record<string, unknown>;

/** States that count as a failed attempt for the "rests after two failures a night" rule. */
const FAILED_STATES: readonly SessionState[] = ['failed', 'timeout', 'abandoned'];

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function fromSql(row: SqlRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null) out[camel(key)] = value;
  return out;
}

function toCycle(row: SqlRow): CycleRow {
  const { checks, ...cycle } = fromSql(row);
  return {
    ...cycle,
    catchUp: cycle.catchUp === 1,
    reasons: JSON.parse(String(cycle.reasons)) as string[],
    // Absent on a database an older overnight wrote, read without migrating (`report`).
    ...(typeof checks === 'string' ? { checks: JSON.parse(checks) as CycleCheck[] } : {}),
  } as CycleRow;
}

function toSession(row: SqlRow): SessionRow {
  // push_attempts is absent on a database an older overnight wrote, read without migrating.
  const { testFindings, ...rest } = fromSql(row);
  const session = {
    ...rest,
    recurring: row.recurring === 1,
    pushAttempts: Number(row.push_attempts ?? 0),
    ...(typeof testFindings === 'string' ? { testFindings: JSON.parse(testFindings) as unknown } : {}),
  } as unknown as SessionRow;
  if (!isSessionState(session.state)) throw new Error(`session ${session.id} has unknown state "${String(session.state)}"`);
  return session;
}

/**
 * The runner's state: SQLite in WAL mode, every session state change checked
 * against the transition table and recorded in `transitions`. A database SQLite cannot read, or
 * whose quick check finds damage, is refused with a `StateCorruptError`.
 */
export class Store {
  readonly db: Database.Database;
  /** The claim refs this runner made (claims-table.ts). */
  readonly claims: ClaimsTable;
  /** Each session's rounds: its first run and its repairs (rounds-table.ts). */
  readonly rounds: RoundsTable;
  private readonly now: () => Date;
  private readonly readonly: boolean;

  constructor(file: string, { now = () => new Date(), readonly = false }: StoreOptions = {}) {
    if (!readonly && file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true });
      // Checked through a read-only connection first: a writable one would set WAL mode (rewriting
      // the header) and, closing, checkpoint and delete the -wal file, destroying what a recovery
      // tool could still read from a damaged database.
      if (existsSync(file)) withCorruptionAsError(file, () => checkIntegrity(new Database(file, { readonly: true, fileMustExist: true }), true));
    }
    this.db = withCorruptionAsError(file, () => new Database(file, { readonly, fileMustExist: readonly }));
    this.now = now;
    this.readonly = readonly;
    try {
      withCorruptionAsError(file, () => {
        if (readonly) return checkIntegrity(this.db, false);
        this.db.pragma('journal_mode = WAL');
        // In WAL mode NORMAL syncs at checkpoints, not at every commit: a power loss may drop the
        // last transactions but never corrupts the file, and the night's many small writes stay cheap.
        this.db.pragma('synchronous = NORMAL');
        this.db.pragma('foreign_keys = ON');
        migrate(this.db);
      });
      this.claims = new ClaimsTable(this.db, now);
      this.rounds = new RoundsTable(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /**
   * Copies the write-ahead log into the database and truncates it (a clean stop), so the state is
   * one self-contained file. Returns false when a reader kept some frames from being copied.
   */
  checkpoint(): boolean {
    if (this.readonly) return true;
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return result !== undefined && result.busy === 0;
  }

  close(): void {
    this.db.close();
  }

  startCycle(input: { night: string; scheduledAt: Date; startedAt: Date; catchUp: boolean }): CycleRow {
    const startedAt = input.startedAt.toISOString();
    this.db.prepare('INSERT OR IGNORE INTO nights (night, first_cycle_at) VALUES (?, ?)').run(input.night, startedAt);
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO cycles (night, scheduled_at, started_at, catch_up) VALUES (?, ?, ?, ?)')
      .run(input.night, input.scheduledAt.toISOString(), startedAt, input.catchUp ? 1 : 0);
    return this.getCycle(Number(lastInsertRowid))!;
  }

  finishCycle(id: number, result: { outcome: string; reasons?: string[]; detail?: string; checks?: CycleCheck[] }): CycleRow {
    this.db
      .prepare('UPDATE cycles SET outcome = ?, reasons = ?, detail = ?, checks = ?, finished_at = ? WHERE id = ?')
      .run(
        result.outcome,
        JSON.stringify(result.reasons ?? []),
        result.detail ?? null,
        result.checks ? JSON.stringify(result.checks) : null,
        this.now().toISOString(),
        id,
      );
    return this.getCycle(id)!;
  }

  getCycle(id: number): CycleRow | undefined {
    const row = this.db.prepare('SELECT * FROM cycles WHERE id = ?').get(id) as SqlRow | undefined;
    return row && toCycle(row);
  }

  cyclesOfNight(night: string): CycleRow[] {
    return (this.db.prepare('SELECT * FROM cycles WHERE night = ? ORDER BY id').all(night) as SqlRow[]).map(toCycle);
  }

  /** Nights that have any cycle, newest first. */
  nights(): string[] {
    return (this.db.prepare('SELECT night FROM nights ORDER BY night DESC').all() as { night: string }[]).map((r) => r.night);
  }

  createSession(input: NewSession): SessionRow {
    const at = this.now().toISOString();
    const insert = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO sessions (id, cycle_id, night, state, goal, goal_title, revision_of, recurring, agent, rationale,
             branch, claim_ref, log_path, created_at, updated_at)
           VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.id,
          input.cycleId ?? null,
          input.night,
          input.goal,
          input.goalTitle,
          input.revisionOf ?? null,
          input.recurring ? 1 : 0,
          input.agent,
          input.rationale,
          input.branch,
          input.claimRef ?? null,
          input.logPath ?? null,
          at,
          at,
        );
      this.recordTransition({ sessionId: input.id, to: 'queued', at });
    });
    insert();
    return this.getSession(input.id)!;
  }

  updateSession(id: string, patch: SessionPatch): SessionRow {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    const sets = [...entries.map(([key]) => `${snake(key)} = ?`), 'updated_at = ?'];
    const result = this.db
      .prepare(`UPDATE sessions SET ${sets.join(', ')} WHERE id = ?`)
      .run(...entries.map(([, value]) => (Array.isArray(value) ? JSON.stringify(value) : (value as string | number | null))), this.now().toISOString(), id);
    if (result.changes === 0) throw new Error(`no session ${id}`);
    return this.getSession(id)!;
  }

  /** Moves a session to `to` (checked against the table), setting `patch` in the same transaction. */
  moveSession(id: string, to: SessionState, patch: SessionPatch = {}, note?: string): SessionRow {
    const move = this.db.transaction(() => {
      const current = this.getSession(id);
      if (!current) throw new Error(`no session ${id}`);
      if (!canTransition(current.state, to)) throw new IllegalTransitionError(current.state, to);
      const at = this.now().toISOString();
      this.db.prepare('UPDATE sessions SET state = ? WHERE id = ? AND state = ?').run(to, id, current.state);
      this.recordTransition({ sessionId: id, from: current.state, to, at, ...(note === undefined ? {} : { note }) });
      return this.updateSession(id, patch);
    });
    return move();
  }

  getSession(id: string): SessionRow | undefined {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SqlRow | undefined;
    return row && toSession(row);
  }

  sessionsInState(...states: SessionState[]): SessionRow[] {
    const marks = states.map(() => '?').join(', ');
    return (this.db.prepare(`SELECT * FROM sessions WHERE state IN (${marks}) ORDER BY created_at, id`).all(...states) as SqlRow[]).map(
      toSession,
    );
  }

  sessionsOfNight(night: string): SessionRow[] {
    return (this.db.prepare('SELECT * FROM sessions WHERE night = ? ORDER BY created_at, id').all(night) as SqlRow[]).map(toSession);
  }

  transitionsOf(sessionId: string): TransitionRow[] {
    const rows = this.db
      .prepare('SELECT session_id, from_state AS "from", to_state AS "to", at, note FROM transitions WHERE session_id = ? ORDER BY id')
      .all(sessionId) as SqlRow[];
    return rows.map((row) => fromSql(row) as unknown as TransitionRow);
  }

  /** Per goal: when it was last attempted (any night) and how many attempts failed on `night`. */
  goalHistory(night: string): Map<string, GoalHistory> {
    const rows = this.db
      .prepare(
        `SELECT goal, MAX(created_at) AS last_attempt_at,
           SUM(CASE WHEN night = ? AND state IN (${FAILED_STATES.map(() => '?').join(', ')}) THEN 1 ELSE 0 END) AS failures_tonight
         FROM sessions GROUP BY goal`,
      )
      .all(night, ...FAILED_STATES) as { goal: string; last_attempt_at: string; failures_tonight: number }[];
    return new Map(rows.map((r) => [r.goal, { lastAttemptAt: r.last_attempt_at, failuresTonight: r.failures_tonight }]));
  }

  private recordTransition(row: TransitionRow): void {
    this.db
      .prepare('INSERT INTO transitions (session_id, from_state, to_state, at, note) VALUES (?, ?, ?, ?, ?)')
      .run(row.sessionId, row.from ?? null, row.to, row.at, row.note ?? null);
  }
}

class CorruptionFound extends Error {}

/** `PRAGMA quick_check`: page and b-tree structure in O(N), without the index cross-checks of integrity_check. */
function checkIntegrity(db: Database.Database, close: boolean): void {
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
    if (problems.length > 0) throw new CorruptionFound(`quick_check: ${problems.join('\n').split('\n').slice(0, 3).join('; ')}`);
  } finally {
    if (close) db.close();
  }
}

/** Runs `open`, turning what SQLite says about a damaged file into a `StateCorruptError`. */
function withCorruptionAsError<T>(file: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (error instanceof CorruptionFound) throw new StateCorruptError(file, error.message);
    if (isCorruption(error)) throw new StateCorruptError(file, `${(error as Error).message}, ${(error as { code: string }).code}`);
    throw error;
  }
}

export function openStore(file: string, options?: StoreOptions): Store {
  return new Store(file, options);
}
