import type { AgentAdapter, AgentInput } from './types.js';
import { clipUtf8, utf8Bytes } from './clip-utf8.js';
import { lastLines } from './summary-text.js';

const SUMMARY_LINES = 20;
const PLACEHOLDER = /\{(prompt|promptFile|workdir|session)\}/g;

/**
 * `{prompt}` is an argument, and the OS caps those (128 KiB each on Linux, 1 MiB for all of argv
 * and the environment on macOS): past this size it is cut, and says where the whole prompt is.
 */
export const PROMPT_ARG_MAX_BYTES = 32 * 1024;

/**
 * Any program, given an argv template: `{prompt}`, `{promptFile}`, `{workdir}` and `{session}`
 * are replaced inside each argument (`--message={prompt}` works). Arguments are passed as they
 * are, never through a shell, so a prompt cannot inject a command. With `bin` set, `args` are its
 * arguments; without, the first element of `args` is the program (see resolve-agent.ts).
 */
export const command: AgentAdapter = {
  kind: 'command',
  defaultBin: undefined,
  installHint: undefined,
  buildLaunch(input) {
    const template = input.def.bin ? (input.def.args ?? []) : (input.def.args ?? []).slice(1);
    return { args: template.map((arg) => substitute(arg, input)) };
  },
  extractSummary(stdout) {
    return lastLines(stdout, SUMMARY_LINES);
  },
};

function substitute(arg: string, { prompt, promptFile, workdir, session }: AgentInput): string {
  const values = { prompt: promptArgument(prompt, promptFile), promptFile, workdir, session };
  return arg.replace(PLACEHOLDER, (_match, name: keyof typeof values) => values[name]);
}

function promptArgument(prompt: string, promptFile: string): string {
  if (utf8Bytes(prompt) <= PROMPT_ARG_MAX_BYTES) return prompt;
  const note = `\n\n[overnight: the prompt is cut here to fit a command-line argument (${PROMPT_ARG_MAX_BYTES / 1024} KB); the whole prompt is in ${promptFile}]`;
  return `${clipUtf8(prompt, PROMPT_ARG_MAX_BYTES - utf8Bytes(note))}${note}`;
}
