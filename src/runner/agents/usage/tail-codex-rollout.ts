import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createLineSplitter } from './split-lines.js';

export interface RolloutTailOptions {
  /** `$CODEX_HOME` as the agent sees it (default `~/.codex`). */
  codexHome: string;
  /** The thread's id, once the run has printed it (`thread.started`). */
  threadId: () => string | undefined;
  /** Each new line of the rollout, for the usage meter. */
  onLine: (line: string) => void;
  everyMs?: number;
  /** Bytes read per poll at most: the file is the agent's, and may be made to grow without end. */
  maxBytesPerPoll?: number;
}

export interface RolloutTail {
  /** Reads what was written since the last poll, then stops. */
  stop(): Promise<void>;
}

/** Codex names a thread's rollout `rollout-<time>-<thread id>.jsonl` under `sessions/YYYY/MM/DD/`. */
const isRolloutOf = (threadId: string) => (path: string) => /(^|\/)rollout-[^/]+\.jsonl$/.test(path) && path.endsWith(`-${threadId}.jsonl`);

/**
 * Follows a Codex thread's rollout file while it runs: `codex exec --json` prints usage only when
 * the turn ends, but the rollout records the thread's running total after every model response.
 * The file lives in the agent's own state dir, so it is read as untrusted: never through a
 * symlink, never a FIFO or device (opened non-blocking, a regular file only), a bounded amount per
 * poll, and any error just ends the tail (the stdout figures still count).
 */
export function tailCodexRollout({ codexHome, threadId, onLine, everyMs = 1_000, maxBytesPerPoll = 4 * 1024 * 1024 }: RolloutTailOptions): RolloutTail {
  const splitter = createLineSplitter(onLine);
  let file: string | undefined;
  let offset = 0;
  let broken = false;
  let polling: Promise<void> = Promise.resolve();

  const find = async (id: string) => {
    const entries = await readdir(join(codexHome, 'sessions'), { recursive: true }).catch(() => [] as string[]);
    const found = entries.map(String).find(isRolloutOf(id));
    return found ? join(codexHome, 'sessions', found) : undefined;
  };

  const poll = async () => {
    if (broken) return;
    try {
      const id = threadId();
      if (!id) return;
      file ??= await find(id);
      if (!file) return;
      const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      try {
        const stat = await handle.stat();
        if (!stat.isFile()) throw new Error('not a regular file');
        const length = Math.min(stat.size - offset, maxBytesPerPoll);
        if (length <= 0) return;
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        offset += bytesRead;
        splitter.write(buffer.subarray(0, bytesRead));
      } finally {
        await handle.close();
      }
    } catch {
      broken = true;
    }
  };

  const timer = setInterval(() => {
    polling = polling.then(poll);
  }, everyMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await polling;
      await poll();
      splitter.end();
    },
  };
}
