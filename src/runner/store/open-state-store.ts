import { existsSync } from 'node:fs';
import { moveAside, type MovedAside } from './move-aside.js';
import { openStore, type Store } from './open-store.js';
import { StateCorruptError } from './state-corrupt-error.js';

export interface OpenStateStoreOptions {
  now?: () => Date;
  /** Told once when a corrupt database was moved aside (the runner logs it). */
  onMovedAside?: (moved: MovedAside, error: StateCorruptError) => void;
}

/**
 * The runner's state store at `file`. Read-only opens (dry runs, reports, the demo watching a
 * running runner) never create the database, and never move one: an absent database reads as
 * empty, a corrupt one throws `StateCorruptError`, whose message says how to fix it. The runner
 * (a writable open) moves a corrupt database aside and starts a fresh one, so a damaged file
 * costs the history it held but never stops the night or sends the service into a restart loop.
 */
export function openStateStore(file: string, readonly: boolean, { now = () => new Date(), onMovedAside }: OpenStateStoreOptions = {}): Store {
  if (readonly) return existsSync(file) ? openStore(file, { readonly: true }) : openStore(':memory:');
  try {
    return openStore(file);
  } catch (error) {
    if (!(error instanceof StateCorruptError)) throw error;
    const moved = moveAside(file, now());
    onMovedAside?.(moved, error);
    return openStore(file);
  }
}
