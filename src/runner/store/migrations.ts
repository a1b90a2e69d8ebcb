import type Database from 'better-sqlite3';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many ran. Append only:
 * an edited migration would never reach a database that already ran it.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE nights (
    night TEXT PRIMARY KEY,
    first_cycle_at TEXT NOT NULL
  );
  CREATE TABLE cycles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    night TEXT NOT NULL REFERENCES nights(night),
    scheduled_at TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    catch_up INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    reasons TEXT NOT NULL DEFAULT '[]',
    detail TEXT
  );
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    cycle_id INTEGER REFERENCES cycles(id),
    night TEXT NOT NULL,
    state TEXT NOT NULL,
    goal TEXT NOT NULL,
    goal_title TEXT NOT NULL,
    revision_of INTEGER,
    recurring INTEGER NOT NULL DEFAULT 0,
    agent TEXT NOT NULL,
    rationale TEXT NOT NULL DEFAULT '',
    branch TEXT NOT NULL,
    base_sha TEXT,
    start_sha TEXT,
    worktree TEXT,
    log_path TEXT,
    claim_ref TEXT,
    agent_pid INTEGER,
    commit_sha TEXT,
    pr_number INTEGER,
    outcome TEXT,
    verify TEXT,
    error TEXT,
    agent_ms INTEGER,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    pushed_at TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX sessions_state ON sessions(state);
  CREATE INDEX sessions_goal ON sessions(goal);
  CREATE TABLE transitions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    from_state TEXT,
    to_state TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT
  );
  `,
  // The constraint checks each gate ran (JSON), so an open gate shows what it saw too.
  `ALTER TABLE cycles ADD COLUMN checks TEXT;`,
  // Every claim ref the runner made, so a release that failed is retried until GitHub confirms it
  // gone; and per session the pushes tried, so a push that keeps failing gives up visibly.
  `
  CREATE TABLE claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL,
    goal TEXT NOT NULL,
    session_id TEXT NOT NULL,
    runner TEXT NOT NULL,
    state TEXT NOT NULL,
    sha TEXT,
    tree_sha TEXT,
    claimed_at TEXT NOT NULL,
    refreshed_at TEXT,
    released_at TEXT,
    release_attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    note TEXT
  );
  CREATE INDEX claims_session ON claims(session_id);
  CREATE INDEX claims_state ON claims(state);
  ALTER TABLE sessions ADD COLUMN push_attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN next_push_at TEXT;
  `,
  // Cost and usage from the agents' own output, per session and per round (the first run and each
  // repair after a failed verify), the cap that stopped a session, and what weakened its tests.
  `
  ALTER TABLE sessions ADD COLUMN cost_usd REAL;
  ALTER TABLE sessions ADD COLUMN input_tokens INTEGER;
  ALTER TABLE sessions ADD COLUMN output_tokens INTEGER;
  ALTER TABLE sessions ADD COLUMN turns INTEGER;
  ALTER TABLE sessions ADD COLUMN usage_basis TEXT;
  ALTER TABLE sessions ADD COLUMN agent_session_id TEXT;
  ALTER TABLE sessions ADD COLUMN repairs INTEGER;
  ALTER TABLE sessions ADD COLUMN stopped_by TEXT;
  ALTER TABLE sessions ADD COLUMN test_findings TEXT;
  CREATE TABLE rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    round INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    agent_ms INTEGER,
    exit_code INTEGER,
    stopped TEXT,
    cost_usd REAL,
    input_tokens INTEGER,
    output_tokens INTEGER,
    turns INTEGER,
    usage_basis TEXT,
    verify TEXT,
    verify_ms INTEGER,
    test_findings TEXT,
    UNIQUE (session_id, round)
  );
  `,
];

/** Brings `db` to the latest schema; refuses a database written by a newer overnight. */
export function migrate(db: Database.Database, migrations: readonly string[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `state database schema version ${current} is newer than this overnight knows (${migrations.length}); upgrade overnight`,
    );
  }
  const apply = db.transaction(() => {
    for (let version = current; version < migrations.length; version++) {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }
  });
  apply();
  return migrations.length;
}
