import type { AgentAdapter, AgentInput } from './types.js';
import { clipUtf8, utf8Bytes } from './clip-utf8.js';
import { lastLines } from './summary-text.js';

const SUMMARY_LINES = 20;
const PLACEHOLDER = /\{(prompt|promptFile|workdir|session|feedback|feedbackFile)\}/g;

/**
 * `{prompt}` is an argument, and the OS caps those (128 KiB each on Linux, 1 MiB for all of argv
 * and the environment on macOS): past this size it is cut, and says where the whole prompt is.
 */
export const PROMPT_ARG_MAX_BYTES = 32 * 1024;

/**
 * Any program, given an argv template: `{prompt}`, `{promptFile}`, `{workdir}` and `{session}`
 * are replaced inside each argument (`--message={prompt}` works). In a repair round after a failed
 * verify, `{feedback}` and `{feedbackFile}` hold the failure and what to do about it (empty on the
 * first run); `{prompt}` is still the goal. Arguments are passed as they
 * are, never through a shell, so a prompt cannot inject a command. With `bin` set, `args` are its
 * arguments; without, the first element of `args` is the program (see resolve-agent.ts).
 */
export const command: AgentAdapter = {
  kind: 'command',
  defaultBin: undefined,
  installHint: undefined,
  repairMode: 'placeholders',
  buildLaunch(input) {
    const template = input.def.bin ? (input.def.args ?? []) : (input.def.args ?? []).slice(1);
    return { args: template.map((arg) => substitute(arg, input)) };
  },
  extractSummary(stdout) {
    return lastLines(stdout, SUMMARY_LINES);
  },
};

function substitute(arg: string, { prompt, promptFile, workdir, session, repair }: AgentInput): string {
  const values = {
    prompt: fitArgument(prompt, 'prompt', promptFile),
    promptFile,
    workdir,
    session,
    feedback: repair ? fitArgument(repair.text, 'feedback', repair.file) : '',
    feedbackFile: repair?.file ?? '',
  };
  return arg.replace(PLACEHOLDER, (_match, name: keyof typeof values) => values[name]);
}

function fitArgument(text: string, what: string, file: string): string {
  if (utf8Bytes(text) <= PROMPT_ARG_MAX_BYTES) return text;
  const note = `\n\n[overnight: the ${what} is cut here to fit a command-line argument (${PROMPT_ARG_MAX_BYTES / 1024} KB); the whole ${what} is in ${file}]`;
  return `${clipUtf8(text, PROMPT_ARG_MAX_BYTES - utf8Bytes(note))}${note}`;
}
