import { z } from 'zod';
import { formatGoalRef } from './goal-ref.js';
import { cell, codeBlock, formatElapsed, neutraliseComments, tail } from './markdown.js';
import { isSessionId } from './session-id.js';
import { SANDBOX_VALUES, truncateSubject, type SessionTrailers } from './trailers.js';

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
  verifyOutput?: string;
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
    metadata.outcome === 'timeout'
      ? '> [!WARNING]\n> The agent ran out of time: this is partial work, opened as a draft.'
      : '',
    metadata.sandbox === 'off'
      ? '> [!CAUTION]\n> The agent ran without a sandbox (`sandbox.mode: "off"` on this runner): it could read and change anything ' +
        'its user can on that machine. Review the change with that in mind.'
      : '',
    section('Why this goal', neutraliseComments(input.rationale.trim()) || '_No rationale recorded._'),
    section('What the agent did', neutraliseComments(tail(input.summary.trim(), SUMMARY_MAX)) || '_No summary._'),
    // Only blank lines are trimmed at the start: git's diffstat indents its first line too.
    section('Changes', input.diffstat.trim() === '' ? '_No diffstat._' : codeBlock(input.diffstat.replace(/^(\s*\n)+/, ''))),
    section('Verification', verification(metadata.verify, input.verifyOutput)),
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

function verification(verify: PrMetadata['verify'], output: string | undefined): string {
  const status = {
    passed: '✅ Verification passed.',
    failed: '❌ Verification failed — opened as a draft.',
    skipped: '➖ No verify command is configured.',
  }[verify];
  if (output === undefined || output.trim() === '') return status;
  return `${status}\n\n<details><summary>Output</summary>\n\n${codeBlock(tail(output, VERIFY_OUTPUT_MAX))}\n\n</details>`;
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
    ['Outcome', metadata.outcome],
    ...(metadata.sandbox ? [['Sandbox', metadata.sandbox === 'off' ? 'off (uncontained)' : `\`${metadata.sandbox}\``] as [string, string]] : []),
  ];
  return ['| | |', '| --- | --- |', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join('\n');
}
