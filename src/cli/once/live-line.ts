import { liveText } from './live-text.js';
import { paint, type Terminal } from './terminal.js';

export interface LiveLineOptions {
  now?: () => number;
  setTimer?: (redraw: () => void, ms: number) => { unref?(): void };
  clearTimer?: (timer: unknown) => void;
  /** At most one redraw per this many ms for output lines; the clock redraws every second. */
  throttleMs?: number;
}

export interface LiveLine {
  /** Starts showing `label` with its elapsed time (the agent, then verification). */
  start(label: string): void;
  /** One line of output: the live line shows the latest. */
  output(line: string): void;
  /** A lasting line, printed above the live one. */
  print(line: string): void;
  stop(): void;
}

/** `0:07`, `12:30`, `1:02:03`. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * A line at the bottom of a terminal that says what is running, for how long, and its last
 * output line, redrawn in place. Off a terminal it only prints the lasting lines.
 */
export function createLiveLine(
  term: Terminal,
  { now = Date.now, setTimer = setInterval, clearTimer = (timer) => clearInterval(timer as NodeJS.Timeout), throttleMs = 100 }: LiveLineOptions = {},
): LiveLine {
  const { dim } = paint(term.colour);
  let state: { label: string; since: number; last: string | undefined } | undefined;
  let timer: unknown;
  let shown = false;
  let drawnAt = -Infinity;
  const erase = () => {
    if (shown) term.write('\r\u001b[2K');
    shown = false;
  };
  const draw = () => {
    if (!term.tty || !state) return;
    const text = `${formatElapsed(now() - state.since)}  ${state.label}${state.last ? `: ${state.last}` : ''}`;
    erase();
    term.write(dim(clip(text, term.columns - 1)));
    shown = true;
    drawnAt = now();
  };
  return {
    start(label) {
      state = { label, since: now(), last: undefined };
      if (term.tty && timer === undefined) {
        const handle = setTimer(draw, 1000);
        handle.unref?.();
        timer = handle;
      }
      draw();
    },
    output(line) {
      const text = liveText(line);
      if (!state || text === undefined) return;
      state.last = text;
      if (now() - drawnAt >= throttleMs) draw();
    },
    print(line) {
      erase();
      term.write(`${line}\n`);
      draw();
    },
    stop() {
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      erase();
      state = undefined;
    },
  };
}

/** Cut to `width` characters (by code point), with an ellipsis. */
function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
