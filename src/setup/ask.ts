import { createInterface } from 'node:readline/promises';
import { BUILTIN_AGENTS, isValidTimeZone } from '../config/index.js';
import { InitError } from './choose-remote.js';
import type { DetectedRepo } from './detect-repo.js';
import type { InitAnswers } from './render-config.js';

export interface AskOptions {
  /** `--yes`: take what was detected, ask nothing. */
  yes: boolean;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Answers given as flags: never asked. */
  given?: Partial<Pick<InitAnswers, 'github' | 'remote' | 'base' | 'timezone' | 'verifyCommand' | 'defaultAgent'>>;
}

interface Question {
  key: 'github' | 'remote' | 'base' | 'timezone' | 'verifyCommand' | 'defaultAgent';
  flag: string;
  prompt: string;
  fallback: string | undefined;
  /** Undefined when valid, else what was expected. */
  check: (answer: string) => string | undefined;
  /** The answer meaning "none", for optional questions. */
  none?: string;
}

const OWNER_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const ATTEMPTS = 5;
const NONE = '-';

/** Asks each answer on the terminal with the detected value as default; `--yes` takes the defaults. */
export async function askAnswers(detected: DetectedRepo, { yes, input, output, given = {} }: AskOptions): Promise<InitAnswers> {
  const found = detected.agents.map((agent) => agent.agent);
  const questions: Question[] = [
    { key: 'github', flag: '--github', prompt: 'GitHub repository (owner/name)', fallback: detected.github, check: (a) => (OWNER_NAME.test(a) ? undefined : 'expected "owner/name", e.g. acme/widgets') },
    { key: 'remote', flag: '--remote', prompt: 'Git remote to push agent branches to', fallback: detected.remote, check: (a) => (/^[^\s]+$/.test(a) ? undefined : 'expected a remote name such as origin') },
    { key: 'base', flag: '--base', prompt: `Base branch (${detected.baseFrom})`, fallback: detected.base, check: (a) => (/^[^\s~^:?*[\\]+$/.test(a) ? undefined : 'expected a branch name such as main') },
    { key: 'timezone', flag: '--timezone', prompt: 'Time zone of the nightly window', fallback: detected.timezone, check: (a) => (isValidTimeZone(a) ? undefined : 'expected an IANA time zone such as Europe/Berlin') },
    { key: 'verifyCommand', flag: '--verify', prompt: `Test command run after each agent (${NONE} for none)`, fallback: detected.verify?.command, none: NONE, check: () => undefined },
    {
      key: 'defaultAgent',
      flag: '--agent',
      prompt: `Agent (${BUILTIN_AGENTS.map((name) => (found.includes(name) ? `${name}*` : name)).join(', ')}; * = installed)`,
      fallback: detected.defaultAgent ?? 'claude-code',
      check: (a) => ((BUILTIN_AGENTS as readonly string[]).includes(a) ? undefined : `expected one of ${BUILTIN_AGENTS.join(', ')}`),
    },
  ];

  const answers: Partial<Record<Question['key'], string | undefined>> = {};
  const rl = yes ? undefined : createInterface({ input, output, terminal: (output as { isTTY?: boolean }).isTTY === true });
  // The iterator buffers lines, so answers piped in ahead of their prompts are not lost.
  const lines = rl?.[Symbol.asyncIterator]();
  try {
    for (const question of questions) {
      if (question.key in given) {
        answers[question.key] = given[question.key];
        continue;
      }
      if (!lines) {
        if (question.fallback === undefined && question.none === undefined) {
          throw new InitError(`could not detect ${question.prompt.replace(/ \(.*$/, '')}: pass ${question.flag}, or run without --yes`);
        }
        answers[question.key] = question.fallback;
        continue;
      }
      answers[question.key] = await ask(question, lines, output);
    }
  } finally {
    rl?.close();
  }
  const { verifyCommand, ...required } = answers as Record<Question['key'], string>;
  return {
    repoPath: detected.path,
    apiUrl: detected.apiUrl,
    agentsFound: found,
    ...required,
    ...(verifyCommand === undefined ? {} : { verifyCommand }),
  };
}

async function ask(question: Question, lines: AsyncIterator<string>, output: NodeJS.WritableStream): Promise<string | undefined> {
  const shown = question.fallback === undefined ? '' : ` [${question.fallback}]`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    output.write(`${question.prompt}${shown}: `);
    const line = await lines.next();
    if (line.done) throw new InitError(`input ended before "${question.prompt}" was answered`);
    const typed = line.value.trim();
    if (question.none !== undefined && typed === question.none) return undefined;
    const answer = typed === '' ? question.fallback : typed;
    if (answer === undefined) {
      if (question.none !== undefined) return undefined;
      output.write('  an answer is needed here\n');
      continue;
    }
    const problem = question.check(answer);
    if (problem === undefined) return answer;
    output.write(`  ${problem}\n`);
  }
  throw new InitError(`no valid answer to "${question.prompt}" after ${ATTEMPTS} tries`);
}
