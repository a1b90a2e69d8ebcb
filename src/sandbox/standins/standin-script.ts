import { shellQuote } from '../../platform/index.js';
import { STANDIN_QUERIES, STANDIN_USAGE, type StandinCommand } from './standin-queries.js';

/**
 * The `/bin/sh` stand-in for `command`: it looks up the answer file for its arguments and prints
 * it. Nothing is computed at run time, so it answers within milliseconds even on a loaded machine,
 * well inside the probes' 1 s timeout, which Node's start-up alone often was not.
 *
 * `answersDir` is a link the sandbox swaps when the facts change; `cd` resolves it once, so one run
 * reads stdout, stderr and exit code from the same set of answers.
 */
export function standinScript(command: StandinCommand, answersDir: string): string {
  const cases = STANDIN_QUERIES.filter((query) => query.command === command).map(
    (query) => `  ${query.args.map(shellQuote).join('|')}) answer=${shellQuote(query.file)} ;;`,
  );
  const refusal = `${command} (overnight sandbox stand-in): only ${STANDIN_USAGE[command]} is answered, not `;
  return [
    '#!/bin/sh',
    `# Stand-in for macOS ${command}, written by the overnight sandbox: it prints the answer the sandbox`,
    '# rendered from its machine facts. Change the facts through the sandbox, not here.',
    'case "$*" in',
    ...cases,
    `  *) printf '%s"%s"\\n' ${shellQuote(refusal)} "$*" >&2; exit 1 ;;`,
    'esac',
    `cd ${shellQuote(answersDir)} || exit 1`,
    'cat "$answer.out"',
    'cat "$answer.err" >&2',
    'read -r code < "$answer.code"',
    'exit "$code"',
    '',
  ].join('\n');
}
