import type { CycleProgress, OnceResult } from '../../runner/index.js';
import { createLiveLine, type LiveLineOptions } from './live-line.js';
import { resultLines, sessionLines } from './once-lines.js';
import { paint, type Terminal } from './terminal.js';

export interface OnceView {
  progress(event: CycleProgress): void;
  /** Prints the closing lines; returns the line for stderr when `once` failed. */
  finish(result: OnceResult): string | undefined;
}

/**
 * What `once` shows while it works: the chosen goal and session (with its log), then a live line
 * with the elapsed time and the agent's (later the verify command's) last output line, then the
 * verify result and the PR. Off a terminal the same lines, without colours or the live line.
 */
export function createOnceView(term: Terminal, liveOptions: LiveLineOptions = {}): OnceView {
  const p = paint(term.colour);
  const live = createLiveLine(term, liveOptions);
  return {
    progress(event) {
      if (event.kind === 'session') {
        for (const line of sessionLines(event.session, p)) live.print(line);
        live.start(`agent ${event.session.agent}`);
      } else if (event.kind === 'output') {
        live.output(event.line);
      } else {
        live.start(`verify: ${event.command}`);
      }
    },
    finish(result) {
      live.stop();
      const { lines, failure } = resultLines(result, p);
      for (const line of lines) term.write(`${line}\n`);
      return failure;
    },
  };
}
