import { appendFile as fsAppendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CycleFn } from '../cycle/cycle-types.js';

export interface RecordTickOptions {
  /** JSON-lines file each tick is appended to (`<dataDir>/ticks.jsonl`). */
  file: string;
  appendFile?: (path: string, text: string) => Promise<void>;
  now?: () => Date;
}

/**
 * The cycle of `overnight run --dry-run`: it only records that the tick happened, one JSON line
 * per tick, so a schedule can be tried on a machine before it is handed real work.
 */
export function createRecordTickCycle({
  file,
  appendFile = async (path, text) => {
    await mkdir(dirname(path), { recursive: true });
    await fsAppendFile(path, text);
  },
  now = () => new Date(),
}: RecordTickOptions): CycleFn {
  return async (tick, { signal, logger, cycleId }) => {
    if (signal.aborted) return { outcome: 'aborted', detail: 'the daemon stopped before the tick was recorded' };
    const record = {
      cycle: cycleId,
      night: tick.night,
      scheduledAt: tick.scheduledAt.toISOString(),
      firedAt: tick.firedAt.toISOString(),
      catchUp: tick.catchUp,
      recordedAt: now().toISOString(),
    };
    await appendFile(file, `${JSON.stringify(record)}\n`);
    logger.info({ file }, 'tick recorded');
    return { outcome: 'recorded', detail: `appended to ${file}` };
  };
}
