/**
 * The state database cannot be read as SQLite, or SQLite finds it damaged. Read-only commands
 * stop with this; the runner moves the file aside and starts a fresh one.
 */
export class StateCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(
      `the state database ${file} is corrupt (${detail}). Start the runner (\`overnight run\` or \`overnight once\`): ` +
        `it moves the file aside to ${file}.corrupt-<time> and starts a fresh one. Or move it away yourself. ` +
        'Pushed branches and PRs live on GitHub and are not lost.',
    );
    this.name = 'StateCorruptError';
  }
}

/**
 * Whether an error from better-sqlite3 means the file itself is damaged: not a database at all
 * (SQLITE_NOTADB), damaged pages or indexes (SQLITE_CORRUPT and its extended codes), or a file
 * shorter than its header says (SQLITE_IOERR_SHORT_READ). Not a locked, missing or unwritable
 * file, and not a schema from a newer overnight: moving those aside would throw good state away.
 */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ');
}
