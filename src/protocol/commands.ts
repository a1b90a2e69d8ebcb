import { PRIORITIES, type Priority } from './labels.js';
import { stripHtmlComments } from './strip-html-comments.js';

/**
 * The `/overnight` comment grammar: one command per line, at the start of the line
 * (up to three spaces of indentation, as Markdown allows before a paragraph), outside fenced code
 * and `>` quotes, so quoting or documenting a command never runs it. Case and spacing are free.
 * A quoted line starts with `>`, so the line-start rule alone keeps quotes out. HTML comments are
 * removed first: GitHub shows nothing of them, so nothing in them may run.
 */
export type OvernightCommand =
  | { kind: 'goal' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'stop' }
  | { kind: 'agent'; agent: string }
  | { kind: 'priority'; priority: Priority }
  | { kind: 'retry' }
  | { kind: 'revise'; instructions: string }
  | { kind: 'status' }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string; reason: string };

export type CommandKind = OvernightCommand['kind'];

const COMMAND_LINE = /^ {0,3}\/overnight(?=\s|$)(.*)$/i;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const BARE_VERBS = ['pause', 'resume', 'stop', 'retry', 'status', 'help'] as const;
const AGENT_NAME = /^[a-z0-9][a-z0-9-]*$/;

export function parseCommands(commentBody: string): OvernightCommand[] {
  const lines = stripHtmlComments(commentBody.replace(/\r\n?/g, '\n')).split('\n');
  const commands: OvernightCommand[] = [];
  let fence: string | undefined;
  let revise: { instructions: string[] } | undefined;
  const finishRevise = () => {
    if (!revise) return;
    commands.push({ kind: 'revise', instructions: revise.instructions.join('\n').trim() });
    revise = undefined;
  };

  for (const line of lines) {
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
      revise?.instructions.push(line);
      continue;
    }
    const command = COMMAND_LINE.exec(line);
    if (command) {
      finishRevise();
      const parsed = parseArguments(command[1]!.trim(), line.trim());
      if (parsed.kind === 'revise') revise = { instructions: parsed.instructions === '' ? [] : [parsed.instructions] };
      else commands.push(parsed);
      continue;
    }
    const opens = FENCE_OPEN.exec(line);
    if (opens) fence = opens[1]!;
    revise?.instructions.push(line);
  }
  finishRevise();
  return commands;
}

function closesFence(line: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return match !== null && match[1]![0] === fence[0] && match[1]!.length >= fence.length;
}

function parseArguments(rest: string, text: string): OvernightCommand {
  if (rest === '') return { kind: 'goal' };
  const [word = '', ...args] = rest.split(/\s+/);
  const verb = word.toLowerCase();
  const unknown = (reason: string): OvernightCommand => ({ kind: 'unknown', text, reason });
  const bare = BARE_VERBS.find((known) => known === verb);
  if (bare) return args.length === 0 ? { kind: bare } : unknown(`\`${bare}\` takes no arguments`);
  switch (verb) {
    case 'agent': {
      const agent = args[0]?.toLowerCase();
      if (args.length !== 1 || agent === undefined) return unknown('`agent` takes one agent name, e.g. `agent codex`');
      return AGENT_NAME.test(agent) ? { kind: 'agent', agent } : unknown(`"${args[0]}" is not an agent name`);
    }
    case 'priority': {
      const priority = args[0]?.toLowerCase();
      const known = PRIORITIES.find((level) => level === priority);
      return args.length === 1 && known ? { kind: 'priority', priority: known } : unknown('`priority` takes high, normal or low');
    }
    case 'revise':
      return { kind: 'revise', instructions: rest.slice(word.length).trim() };
    default:
      return unknown(`"${word}" is not an overnight command`);
  }
}
