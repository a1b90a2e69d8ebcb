import { StringDecoder } from 'node:string_decoder';
import { MAX_LINE_CHARS } from './parse-values.js';

export interface LineSplitter {
  /** A chunk of output as it arrives: lines may be cut anywhere, UTF-8 characters too. */
  write(chunk: string | Uint8Array): void;
  /** The output ended: a last line without a newline is delivered. */
  end(): void;
}

/**
 * Turns a child's stdout chunks into whole lines for a usage meter. A line longer than
 * `maxLineChars` is dropped whole rather than buffered without bound: an agent printing one
 * endless line must not eat the runner's memory.
 */
export function createLineSplitter(onLine: (line: string) => void, { maxLineChars = MAX_LINE_CHARS } = {}): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let discarding = false;

  const take = (text: string) => {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const line = pending + text.slice(start, newline);
      pending = '';
      if (!discarding && line.length <= maxLineChars) onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      discarding = false;
      start = newline + 1;
    }
    if (discarding) return;
    pending += text.slice(start);
    if (pending.length > maxLineChars) {
      pending = '';
      discarding = true;
    }
  };

  return {
    write(chunk) {
      take(typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    },
    end() {
      take(decoder.end());
      if (!discarding && pending !== '') onLine(pending);
      pending = '';
      discarding = false;
    },
  };
}
