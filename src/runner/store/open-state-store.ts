import { existsSync } from 'node:fs';
import { openStore, type Store } from './open-store.js';

/**
 * The runner's state store at `file`. Read-only opens (dry runs, reports, the demo watching a
 * running runner) never create the database: an absent one reads as empty.
 */
export function openStateStore(file: string, readonly: boolean): Store {
  if (!readonly) return openStore(file);
  return existsSync(file) ? openStore(file, { readonly: true }) : openStore(':memory:');
}
