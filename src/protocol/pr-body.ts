import { z } from 'zod';
import { formatGoalRef } from './goal-ref.js';
import { cell, codeBlock, formatElapsed, neutraliseComments, tail } from './markdown.js';
import { isSessionId } from './session-id.js';
import { SANDBOX_VALUES, truncateSubject, type SessionTrailers } from './trailers.js';
import { formatCostUsd, formatTokenCount } from './format-cost.js';
import { STOPPED_BY_VALUES, WARNING_VALUES, type SessionWarning } from './session-extras.js';

/** Orchestration metadata carried by every overnight PR, hidden in its body: the trailers and more. */
export interface PrMetadata extends SessionTrailers {
  recurring?: boolean;
  rationale?: string;
}

export interface PrBodyInput {
  metadata: PrMetadata;
  goalTitle?: string;
  rationale: string;
  summary: string;
  diffstat: string;
  /** The tail of the last verify run (shown when it failed). */
  verifyOutput?: string;
  /** What the test check found, one line each (from the commit body's notes). */
  findings?: string[];
}

const METADATA_MARKER = /<!-- overnight:([A-Za-z0-9+/=]+) -->/g;
/** GitHub refuses bodies over 65 536 characters; the verify log is what gets cut. */
const VERIFY_OUTPUT_MAX = 20_000;
const SUMMARY_MAX = 20_000;

// Not strict: a newer runner may add fields, and an older bot must still read the rest.
const metadataSchema = z.object({
  session: z.string().refine(isSessionId),
  goal: z.union([
    z.strictObject({ kind: z.literal('issue'), number: z.int().min(1) }),
    z.strictObject({ kind: z.literal('config'), index: z.int().min(0) }),
  ]),
  agent: z.string().min(1),
  runner: z.string().min(1),
  cycle: z.int().min(0),
  durationSec: z.number().min(0),
  verify: z.enum(['passed', 'failed', 'skipped']),
  outcome: z.enum(['complete', 'timeout']),
  window: z.string().optional(),
  timezone: z.string().optional(),
  sandbox: z.enum(SANDBOX_VALUES).optional(),
  costUsd: z.number().min(0).optional(),
  tokens: z.int().min(0).optional(),
  repairs: z.int().min(0).optional(),
  // Lenient, unlike the fields above: a newer runner may name more kinds and caps.
  warnings: z
    .array(z.string())
    .optional()
    .transform((list) => list?.filter((item): item is SessionWarning => (WARNING_VALUES as readonly string[]).includes(item))),
  stoppedBy: z
    .string()
    .optional()
    .transform((value) => STOPPED_BY_VALUES.find((known) => known === value)),
  recurring: z.boolean().optional(),
  rationale: z.string().optional(),
});

export function prTitleFor(subject: string): string {
  return truncateSubject(subject);
}

export function encodeMetadata(metadata: PrMetadata): string {
  const json = JSON.stringify(metadataSchema.parse(metadata));
  return `<!-- overnight:${Buffer.from(json, 'utf8').toString('base64')} -->`;
}

/** The metadata of an overnight PR body, or undefined for any other body. The last block wins. */
export function readPrMetadata(body: string | null | undefined): PrMetadata | undefined {
  const blocks = [...(body ?? '').matchAll(METADATA_MARKER)];
  const last = blocks.at(-1);
  if (!last) return undefined;
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(Buffer.from(last[1]!, 'base64').toString('utf8')));
    return parsed.success ? (parsed.data as PrMetadata) : undefined;
  } catch {
    return undefined;
  }
}

export function renderPrBody(input: PrBodyInput): string {
  const { metadata } = input;
  const sections = [
    goalLine(metadata, input.goalTitle),
    metadata.outcome === 'timeout' ? stoppedNote(metadata) : '',
    testWarnings(metadata, input.findings),
    metadata.sandbox === 'off'
      ? '> [!CAUTION]\n> The agent ran without a sandbox (`sandbox.mode: "off"` on this runner): it could read and change anything ' +
        'its user can on that machine. Review the change with that in mind.'
      : '',
    section('Why this goal', neutraliseComments(input.rationale.trim()) || '_No rationale recorded._'),
    section('What the agent did', neutraliseComments(tail(input.summary.trim(), SUMMARY_MAX)) || '_No summary._'),
    // Only blank lines are trimmed at the start: git's diffstat indents its first line too.
    section('Changes', input.diffstat.trim() === '' ? '_No diffstat._' : codeBlock(input.diffstat.replace(/^(\s*\n)+/, ''))),
    section('Verification', verification(metadata, input.verifyOutput)),
    section('Session', metadataTable(metadata)),
    encodeMetadata(input.rationale.trim() === '' ? metadata : { ...metadata, rationale: input.rationale.trim() }),
  ];
  return sections.filter((part) => part !== '').join('\n\n') + '\n';
}

function goalLine(metadata: PrMetadata, goalTitle: string | undefined): string {
  const title = goalTitle ? ` — ${neutraliseComments(goalTitle.replace(/\s+/g, ' ').trim())}` : '';
  if (metadata.goal.kind === 'config') return `Goal: static goal \`${formatGoalRef(metadata.goal)}\` of the runner config${title}`;
  // "Closes" lets GitHub close a one-off goal on merge; a recurring goal must stay open.
  return `${metadata.recurring ? 'Refs' : 'Closes'} #${metadata.goal.number}${title}`;
}

function section(heading: string, content: string): string {
  return `### ${heading}\n\n${content}`;
}

function stoppedNote(metadata: PrMetadata): string {
  const why = metadata.stoppedBy
    ? `The agent was stopped when it reached \`${metadata.stoppedBy}\``
    : 'The agent ran out of time';
  return `> [!WARNING]\n> ${why}: this is partial work, opened as a draft.`;
}

const WARNING_TEXT: Record<SessionWarning, string> = {
  'tests-deleted': 'test files deleted',
  'tests-skipped': 'tests skipped',
  'test-command-changed': 'the test command changed',
};

/** Findings are about files the agent named: every line is escaped, never rendered as Markdown. */
function testWarnings(metadata: PrMetadata, findings: readonly string[] | undefined): string {
  const kinds = metadata.warnings ?? [];
  const lines = (findings ?? []).map((finding) => `> - ${inlineCode(finding)}`);
  // Findings without the warning trailer: the runner only reports them (`guard.tests: "allow"`).
  if (kinds.length === 0) return lines.length > 0 ? ['> [!NOTE]', '> The test check found this; the runner is set to report it only:', '>', ...lines].join('\n') : '';
  return [
    '> [!WARNING]',
    `> The change weakens the tests (${kinds.map((kind) => WARNING_TEXT[kind]).join(', ')}): check ${lines.length === 1 ? 'this' : 'each'} before merging.`,
    ...(lines.length > 0 ? ['>', ...lines] : []),
  ].join('\n');
}

function inlineCode(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${flat} ${fence}`;
}

function verification(metadata: PrMetadata, output: string | undefined): string {
  const rounds = metadata.repairs ?? 0;
  const after = rounds > 0 ? ` after ${rounds} repair ${rounds === 1 ? 'round' : 'rounds'}` : '';
  const status = {
    passed: `✅ Verification passed${after}.`,
    failed: rounds > 0 ? `❌ Verification still fails${after} — opened as a draft.` : '❌ Verification failed — opened as a draft.',
    skipped: '➖ No verify command is configured.',
  }[metadata.verify];
  if (output === undefined || output.trim() === '') return status;
  const summary = metadata.verify === 'failed' ? 'The last failure' : 'Output';
  return `${status}\n\n<details><summary>${summary}</summary>\n\n${codeBlock(tail(output, VERIFY_OUTPUT_MAX))}\n\n</details>`;
}

function metadataTable(metadata: PrMetadata): string {
  const window = metadata.window
    ? `${metadata.window}${metadata.timezone ? ` (${metadata.timezone})` : ''}`
    : (metadata.timezone ?? '—');
  const rows: [string, string][] = [
    ['Session', `\`${metadata.session}\``],
    ['Goal', formatGoalRef(metadata.goal)],
    ['Agent', cell(metadata.agent)],
    ['Runner', cell(metadata.runner)],
    ['Cycle', String(metadata.cycle)],
    ['Window', cell(window)],
    ['Duration', formatElapsed(metadata.durationSec)],
    ['Verify', metadata.verify],
    ['Outcome', metadata.stoppedBy ? `${metadata.outcome} (\`${metadata.stoppedBy}\`)` : metadata.outcome],
    ...(metadata.repairs !== undefined ? [['Repairs', String(metadata.repairs)] as [string, string]] : []),
    ...(metadata.costUsd !== undefined || metadata.tokens !== undefined
      ? [['Cost', metadata.costUsd !== undefined ? `$${formatCostUsd(metadata.costUsd)}` : 'unknown'] as [string, string]]
      : []),
    ...(metadata.tokens !== undefined ? [['Tokens', formatTokenCount(metadata.tokens)] as [string, string]] : []),
    ...(metadata.sandbox ? [['Sandbox', metadata.sandbox === 'off' ? 'off (uncontained)' : `\`${metadata.sandbox}\``] as [string, string]] : []),
  ];
  return ['| | |', '| --- | --- |', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join('\n');
}
