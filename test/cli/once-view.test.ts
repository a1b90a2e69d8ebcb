import { describe, expect, it } from 'vitest';
import { formatElapsed } from '../../src/cli/once/live-line.js';
import { liveText } from '../../src/cli/once/live-text.js';
import { createOnceView } from '../../src/cli/once/once-view.js';
import { openTerminal } from '../../src/cli/once/terminal.js';
import type { OnceResult } from '../../src/runner/report/once-result.js';
import type { SessionRow } from '../../src/runner/store/rows.js';

const session: SessionRow = {
  id: '20261128-0107-a1b2c3',
  night: '2026-11-28',
  state: 'queued',
  goal: '#12',
  goalTitle: 'Fix the flaky test',
  recurring: false,
  pushAttempts: 0,
  agent: 'codex',
  rationale: 'Goal #12: never attempted; first of 1 ready goal. Agent codex: the default.',
  branch: 'agent/20261128-0107-a1b2c3',
  logPath: '/data/sessions/20261128-0107-a1b2c3.log',
  createdAt: '2026-11-28T00:07:00.000Z',
  updatedAt: '2026-11-28T00:07:00.000Z',
};

const result: OnceResult = {
  outcome: 'pr-open',
  detail: 'agent/20261128-0107-a1b2c3 PR #4',
  cycle: 3,
  session: session.id,
  goal: '#12',
  agent: 'codex',
  branch: session.branch,
  prNumber: 4,
  prUrl: 'https://github.com/acme/widgets/pull/4',
  verify: 'failed',
  sessionOutcome: 'complete',
  logPath: session.logPath!,
  agentSeconds: 754,
};

/** A terminal whose writes are recorded, a clock moved by hand, and the one-second timer fired by hand. */
function fakeTerminal({ tty, env = {} }: { tty: boolean; env?: NodeJS.ProcessEnv }) {
  let written = '';
  let clock = 0;
  let tickTimer: (() => void) | undefined;
  const term = openTerminal({ stream: { write: (text: string) => ((written += text), true), isTTY: tty, columns: 60 }, env });
  const view = createOnceView(term, {
    now: () => clock,
    setTimer: (redraw) => ((tickTimer = redraw), {}),
    clearTimer: () => (tickTimer = undefined),
  });
  return {
    view,
    written: () => written,
    /** Time passes; the one-second timer fires. */
    advance(ms: number) {
      clock += ms;
      tickTimer?.();
    },
    /** Time passes between two timer ticks. */
    wait(ms: number) {
      clock += ms;
    },
  };
}

function play(t: ReturnType<typeof fakeTerminal>): string | undefined {
  t.view.progress({ kind: 'session', session });
  t.advance(1_000);
  t.wait(200);
  t.view.progress({ kind: 'output', line: '{"type":"item.completed","item":{"type":"agent_message","text":"Reading the failing test"}}' });
  t.advance(64_000);
  // Within the throttle of the last redraw: shown with the next one.
  t.view.progress({ kind: 'output', line: 'Running npm test' });
  t.wait(300);
  t.view.progress({ kind: 'output', line: '\u001b[31mFAIL\u001b[39m test/flaky.test.ts a line far too long to fit in sixty columns of terminal' });
  t.view.progress({ kind: 'verify', command: 'npm test' });
  t.advance(5_000);
  return t.view.finish(result);
}

describe('the once view', () => {
  it('on a terminal: coloured lines, and a live line with the elapsed time and the last output, redrawn in place', () => {
    const t = fakeTerminal({ tty: true });
    expect(play(t)).toBeUndefined();
    const ERASE = '\r\u001b[2K';
    const dim = (text: string) => `\u001b[2m${text}\u001b[22m`;
    expect(t.written()).toBe(
      [
        '\u001b[1m→\u001b[22m goal #12 "Fix the flaky test" · agent codex\n',
        dim('  Goal #12: never attempted; first of 1 ready goal. Agent codex: the default.'),
        '\n',
        '  session 20261128-0107-a1b2c3 · log /data/sessions/20261128-0107-a1b2c3.log\n',
        dim('0:00  agent codex'),
        ERASE,
        dim('0:01  agent codex'),
        ERASE,
        dim('0:01  agent codex: item.completed: Reading the failing test'),
        ERASE,
        dim('1:05  agent codex: item.completed: Reading the failing test'),
        ERASE,
        dim('1:05  agent codex: FAIL test/flaky.test.ts a line far too …'),
        ERASE,
        dim('0:00  verify: npm test'),
        ERASE,
        dim('0:05  verify: npm test'),
        ERASE,
        '\u001b[2m·\u001b[22m agent codex ran for 12 min 34 s\n',
        '\u001b[31m✗\u001b[39m verify failed (its output is in the session log)\n',
        '\u001b[33m!\u001b[39m verify failed; draft PR #4: https://github.com/acme/widgets/pull/4\n',
      ].join(''),
    );
  });

  it('piped, or with NO_COLOR on a terminal: the lasting lines only, without colour', () => {
    const expected = [
      '→ goal #12 "Fix the flaky test" · agent codex',
      '  Goal #12: never attempted; first of 1 ready goal. Agent codex: the default.',
      '  session 20261128-0107-a1b2c3 · log /data/sessions/20261128-0107-a1b2c3.log',
      '· agent codex ran for 12 min 34 s',
      '✗ verify failed (its output is in the session log)',
      '! verify failed; draft PR #4: https://github.com/acme/widgets/pull/4',
      '',
    ].join('\n');
    const piped = fakeTerminal({ tty: false });
    play(piped);
    expect(piped.written()).toBe(expected);

    const noColour = fakeTerminal({ tty: true, env: { NO_COLOR: '1' } });
    play(noColour);
    expect(noColour.written()).not.toMatch(/\u001b\[\d+m/);
    expect(noColour.written().replace(/\r\u001b\[2K|\d+:\d\d {2}[^\r\n]*(?=\r)/g, '')).toBe(expected);
  });

  it('a failure goes to stderr in one line: the reason and the log', () => {
    const t = fakeTerminal({ tty: false });
    const failed = { ...result, outcome: 'timeout', detail: 'ran out of its budget with no changes', prNumber: null, prUrl: null, branch: null, verify: null };
    expect(t.view.finish(failed)).toBe('out of time: ran out of its budget with no changes; log: /data/sessions/20261128-0107-a1b2c3.log');
  });
});

describe('the live text of an output line', () => {
  it.each([
    ['plain text, spaces folded', '  compiling   src/index.ts  ', 'compiling src/index.ts'],
    ['terminal codes removed', '\u001b[32m✓\u001b[39m 12 tests passed', '✓ 12 tests passed'],
    ['a codex event', '{"type":"item.started","item":{"type":"command_execution","command":"npm test"}}', 'item.started: npm test'],
    ['an older codex event', '{"id":"0","msg":{"type":"agent_message","message":"Done."}}', 'agent_message: Done.'],
    ['JSON without text', '{"a":1}', '{"a":1}'],
    ['not JSON after all', '{ not json', '{ not json'],
  ])('%s', (_name, line, shown) => {
    expect(liveText(line)).toBe(shown);
  });

  it('keeps the previous line for a blank one', () => {
    expect(liveText('   ')).toBeUndefined();
  });

  it('formats the elapsed time', () => {
    expect([0, 7_999, 754_000, 3_723_000].map(formatElapsed)).toStrictEqual(['0:00', '0:07', '12:34', '1:02:03']);
  });
});
