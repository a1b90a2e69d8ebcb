import type { AgentAdapter, AgentInput } from './types.js';
import { lastLines } from './summary-text.js';

const SUMMARY_LINES = 20;
const PLACEHOLDER = /\{(prompt|workdir|session)\}/g;

/**
 * Any program, given an argv template: `{prompt}`, `{workdir}` and `{session}` are replaced inside
 * each argument (`--message={prompt}` works). Arguments are passed as they are, never through a
 * shell, so a prompt cannot inject a command. With `bin` set, `args` are its arguments; without,
 * the first element of `args` is the program (see resolve-agent.ts).
 */
export const command: AgentAdapter = {
  kind: 'command',
  defaultBin: undefined,
  installHint: undefined,
  buildArgv(input) {
    const template = input.def.bin ? (input.def.args ?? []) : (input.def.args ?? []).slice(1);
    return template.map((arg) => substitute(arg, input));
  },
  extractSummary(stdout) {
    return lastLines(stdout, SUMMARY_LINES);
  },
};

function substitute(arg: string, { prompt, workdir, session }: AgentInput): string {
  const values = { prompt, workdir, session };
  return arg.replace(PLACEHOLDER, (_match, name: keyof typeof values) => values[name]);
}
