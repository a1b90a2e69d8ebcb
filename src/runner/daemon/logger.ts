import { join } from 'node:path';
import { pino, type DestinationStream, type Logger, type StreamEntry } from 'pino';
import { redactSecrets } from '../process/redact.js';
import { createRollingFile } from './rolling-file.js';

export interface RunnerLoggerOptions {
  /** `platformPaths().logDir`: ~/Library/Logs/overnight on macOS, the XDG state dir on Linux. */
  logDir: string;
  level?: string;
  /** Also print human-readable lines here (the terminal). Default: stdout when it is a TTY; false: none. */
  pretty?: NodeJS.WritableStream | false | undefined;
}

export interface RunnerLogger {
  logger: Logger;
  /** `<logDir>/current.log`, a symlink to the JSON-lines file being written (it rotates). */
  file: string;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/**
 * The daemon's logger: JSON lines to `<logDir>/runner.N.log` (`current.log` links the live one), rotated daily or at 10 MB with two
 * weeks kept, plus pretty lines on a terminal. Streams run in-process (not as pino worker-thread
 * transports) to keep an idle daemon small. Every line passes `redactSecrets` on its way to any
 * sink, so a token that reaches a log call by any path is still never written.
 */
export async function createRunnerLogger({
  logDir,
  level = 'info',
  pretty: prettyTo = process.stdout.isTTY ? process.stdout : undefined,
}: RunnerLoggerOptions): Promise<RunnerLogger> {
  const rolling = createRollingFile({ dir: logDir, name: 'runner', maxBytes: 10 * 1024 * 1024, keep: 14, linkName: 'current.log' });
  const streams: StreamEntry[] = [{ level: 'trace', stream: rolling }];
  if (prettyTo) {
    // Only a terminal needs pino-pretty; a daemon under launchd or systemd never loads it.
    const { default: pretty } = await import('pino-pretty');
    streams.push({ level: 'trace', stream: pretty({ destination: prettyTo, colorize: true, sync: true }) as DestinationStream });
  }
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', '*.headers.authorization'], censor: '[REDACTED]' },
      hooks: { streamWrite: redactSecrets },
    },
    pino.multistream(streams),
  );
  return {
    logger,
    file: join(logDir, 'current.log'),
    // Every line is already on disk (synchronous writes): closing only releases the file.
    close: async () => rolling.end(),
  };
}
