import type { Logger } from 'pino';
import type { CycleSlot } from './cycle-slot.js';

/**
 * Aborts every running cycle at once (each stops its agent: TERM, then KILL after its grace) and
 * waits for them together, so a stop takes as long as the slowest cycle, not their sum. A cycle
 * that has not returned `timeoutMs` after its abort is logged and given up on.
 */
export async function stopCycles(slots: readonly CycleSlot[], reason: string, { logger, timeoutMs }: { logger: Logger; timeoutMs: number }): Promise<void> {
  await Promise.all(
    slots.map(async ({ id, controller, done }) => {
      logger.info({ event: 'stop', cycle: id, reason }, `stopping: aborting cycle ${id}`);
      controller.abort(new Error(`daemon stopping: ${reason}`));
      const gaveUp = await Promise.race([done.then(() => false), delay(timeoutMs).then(() => true)]);
      if (gaveUp) logger.error({ cycle: id, stopTimeoutMs: timeoutMs }, `cycle ${id} did not return within ${timeoutMs} ms of its abort`);
    }),
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
