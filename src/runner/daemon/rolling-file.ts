import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, statSync, symlinkSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RollingFileOptions {
  dir: string;
  /** Files are `<name>.<N>.log`, N counting up across rotations and restarts. */
  name?: string;
  /** A file reaching this size is closed and the next one started. */
  maxBytes?: number;
  /** How many files are kept; older ones are deleted at each rotation. */
  keep?: number;
  /** The link that always names the file being written. */
  linkName?: string;
  now?: () => Date;
}

/** A pino destination: each `write` is one whole log line. */
export interface RollingFile {
  write(line: string): boolean;
  /** The file being written now. */
  current(): string;
  end(): void;
}

/**
 * Log lines appended to `<dir>/<name>.<N>.log`, a new file each local day and whenever one
 * reaches `maxBytes`, with `<linkName>` linking the live one and the `keep` newest kept. Writes
 * are synchronous, so a line is on disk before the daemon goes on and a rotation never splits
 * one; a daemon writes a few lines a minute at most. The day is checked at each write, so an
 * idle daemon needs no timer. A restart appends to the newest file if it is from today and not
 * full. (This replaces pino-roll, whose date-fns dependency alone cost an idle daemon ~4 MB.)
 */
export function createRollingFile({
  dir,
  name = 'runner',
  maxBytes = 10 * 1024 * 1024,
  keep = 14,
  linkName = 'current.log',
  now = () => new Date(),
}: RollingFileOptions): RollingFile {
  mkdirSync(dir, { recursive: true });
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.log$`);
  const numbers = () => readdirSync(dir).flatMap((file) => (pattern.exec(file) ? [Number(pattern.exec(file)![1])] : []));
  const fileOf = (n: number) => join(dir, `${name}.${n}.log`);

  let number = Math.max(0, ...numbers());
  let fd: number;
  let size: number;
  let day: string;

  const open = (n: number) => {
    number = n;
    fd = openSync(fileOf(n), 'a', 0o600);
    size = fstatSync(fd).size;
    day = localDay(now());
    link();
  };
  const link = () => {
    // Replaced by a rename, so the link never disappears for a reader.
    const temp = join(dir, `.${linkName}.${process.pid}`);
    try {
      unlinkSync(temp);
    } catch {
      // Not there.
    }
    symlinkSync(`${name}.${number}.log`, temp);
    renameSync(temp, join(dir, linkName));
  };
  const prune = () => {
    for (const n of numbers().sort((a, b) => b - a).slice(keep)) {
      try {
        unlinkSync(fileOf(n));
      } catch {
        // Already gone.
      }
    }
  };

  const resumable = number > 0 && isResumable(fileOf(number), maxBytes, localDay(now()));
  open(resumable ? number : number + 1);
  prune();

  return {
    write(line) {
      const bytes = Buffer.byteLength(line);
      if ((size > 0 && size + bytes > maxBytes) || localDay(now()) !== day) {
        closeSync(fd);
        open(number + 1);
        prune();
      }
      writeSync(fd, line);
      size += bytes;
      return true;
    },
    current: () => fileOf(number),
    end: () => closeSync(fd),
  };
}

function isResumable(file: string, maxBytes: number, today: string): boolean {
  try {
    const stat = statSync(file);
    return stat.size < maxBytes && localDay(stat.mtime) === today;
  } catch {
    return false;
  }
}

function localDay(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}
