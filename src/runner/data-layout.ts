import { join } from 'node:path';

/** Where the runner keeps things under its data dir. */
export const stateDbPath = (dataDir: string) => join(dataDir, 'state.db');
export const worktreesDir = (dataDir: string) => join(dataDir, 'worktrees');
/** Session logs (`<id>.log`) and the patches of work that was not pushed (`<id>.patch`). */
export const sessionsDir = (dataDir: string) => join(dataDir, 'sessions');
