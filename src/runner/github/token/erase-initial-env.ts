import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';

export interface EraseInitialEnvOptions {
  platform?: NodeJS.Platform;
  /** This process's `/proc` entry; tests point it elsewhere to see it refuse. */
  proc?: string;
}

/**
 * Zeroes the values of `names` in the environment block this process was started with. Deleting a
 * variable from `process.env` only unlinks it: the kernel still shows the block, as it was at
 * exec, in `/proc/<pid>/environ` to every process of the same user that can see this one. On Linux
 * a process may write its own memory through `/proc/self/mem`, and the stat file says where the
 * block lies (fields 50 and 51). Call it only after deleting the names from `process.env`, so
 * nothing still points at the bytes. Elsewhere (macOS has no such file) it does nothing and says so.
 */
export function eraseInitialEnv(names: readonly string[], { platform = process.platform, proc = '/proc/self' }: EraseInitialEnvOptions = {}): 'erased' | 'absent' | 'unsupported' {
  if (platform !== 'linux') return 'unsupported';
  let fd: number | undefined;
  try {
    const stat = readFileSync(`${proc}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[50 - 3]);
    const end = Number(fields[51 - 3]);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end <= start) return 'unsupported';
    fd = openSync(`${proc}/mem`, 'r+');
    const block = Buffer.alloc(end - start);
    readSync(fd, block, 0, block.length, start);
    let erased = false;
    for (const name of names) {
      for (let at = entryOf(block, name, 0); at >= 0; at = entryOf(block, name, at + 1)) {
        const valueAt = at + name.length + 1;
        const valueEnd = block.indexOf(0, valueAt);
        const length = (valueEnd < 0 ? block.length : valueEnd) - valueAt;
        if (length === 0) continue;
        writeSync(fd, Buffer.alloc(length), 0, length, start + valueAt);
        erased = true;
      }
    }
    return erased ? 'erased' : 'absent';
  } catch {
    // A kernel or security module that forbids writing one's own memory: the sandbox's PID namespace is then the only shield.
    return 'unsupported';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The offset of the `NAME=` entry at or after `from` (entries start the block or follow a NUL). */
function entryOf(block: Buffer, name: string, from: number): number {
  const needle = Buffer.from(`${name}=`);
  for (let at = block.indexOf(needle, from); at >= 0; at = block.indexOf(needle, at + 1)) {
    if (at === 0 || block[at - 1] === 0) return at;
  }
  return -1;
}
