import { pino, type Logger } from 'pino';

/** A pino record as it reaches the destination, parsed. */
interface LogRecord {
  level: number;
  msg?: string;
  err?: { message?: string; status?: number };
  [field: string]: unknown;
}

// Fields every record carries that say nothing about the event; `id` is the run, already in the job's own log.
const NOISE = new Set(['level', 'time', 'pid', 'hostname', 'name', 'id', 'msg', 'err']);

/**
 * One Actions log line for a pino record: warnings and errors become `::warning::`/`::error::`
 * workflow commands (annotations on the run), debug goes to `::debug::` (shown with step debug
 * logging on), info stays a plain line with its fields as JSON.
 */
export function formatActionsLine(record: LogRecord): string {
  const message = describe(record);
  if (record.level >= 50) return `::error::${escapeData(message)}`;
  if (record.level >= 40) return `::warning::${escapeData(message)}`;
  if (record.level < 30) return `::debug::${escapeData(message)}`;
  // One physical line per record, so no text of ours or GitHub's can start a line with `::` and
  // be read by the runner as a workflow command.
  return message.replace(/\r?\n/g, '\\n');
}

/** The job log as the destination of a pino logger: one line per record on `write`. */
export function actionsLogger(options: { level?: string; write?: (line: string) => void } = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  return pino(
    { level: options.level ?? 'info', base: undefined, timestamp: false },
    { write: (chunk: string) => write(`${formatActionsLine(JSON.parse(chunk) as LogRecord)}\n`) },
  );
}

function describe(record: LogRecord): string {
  const error = record.err?.message;
  // An error logged on its own has its message as `msg` too, and pino adds its causes' messages.
  const text = !record.msg || !error || record.msg.includes(error) ? (record.msg ?? error ?? '') : error.includes(record.msg) ? error : `${record.msg}: ${error}`;
  const fields = Object.fromEntries(Object.entries(record).filter(([key]) => !NOISE.has(key)));
  return Object.keys(fields).length > 0 ? `${text} ${JSON.stringify(fields)}` : text;
}

/** The escaping the Actions runner undoes in a workflow command's message. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
