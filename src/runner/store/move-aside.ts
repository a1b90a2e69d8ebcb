import { existsSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface MovedAside {
  /** Where the damaged database now is. */
  path: string;
  /** When it was moved, from its name. */
  at: string;
}

/** `20261202T012842Z`: sortable, and free of the colons Finder shows as slashes. */
const stamp = (date: Date) => date.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');

/**
 * Moves a damaged database out of the way with its -wal and -shm files, which keep their
 * suffixes so SQLite (or a recovery tool) still finds them next to the moved file.
 */
export function moveAside(file: string, now: Date): MovedAside {
  let target = `${file}.corrupt-${stamp(now)}`;
  for (let n = 1; existsSync(target); n += 1) target = `${file}.corrupt-${stamp(now)}-${n}`;
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return { path: target, at: now.toISOString() };
}

/** The damaged databases moved aside next to `file`, oldest first. */
export function listMovedAside(file: string): MovedAside[] {
  const prefix = `${basename(file)}.corrupt-`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(prefix) && !name.endsWith('-wal') && !name.endsWith('-shm'))
    .sort()
    .flatMap((name) => {
      const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(name.slice(prefix.length));
      if (!match) return [];
      const [, y, mo, d, h, mi, s] = match;
      return [{ path: join(dirname(file), name), at: `${y}-${mo}-${d}T${h}:${mi}:${s}.000Z` }];
    });
}

/** The note `status` and `report` show for each moved-aside database until the user deletes it. */
export function describeMovedAside(moved: MovedAside): string {
  return (
    `the state database was corrupt and was moved to ${moved.path} at ${moved.at}; the runner started a fresh one ` +
    '(history before then is in that file; delete it when you no longer need it)'
  );
}
