/**
 * What the runner itself says in a session's commit body, after the agent's summary and before
 * the rationale: the findings of the test check, and the tail of the last verify run when it
 * failed. The bot renders PRs from the commit alone, so these travel there. Each is one paragraph
 * with a fixed heading and a prefix on every line, read from the end of the body: the runner
 * writes them after the agent's text, so a summary that imitates one cannot displace the real one.
 */
export interface RunnerNotes {
  /** One line each: "test/a.test.ts deleted". */
  findings?: string[];
  /** The last lines of the failing verify output (already redacted and capped by the runner). */
  verifyOutput?: string;
}

const FINDINGS_HEADING = 'Test warnings:';
const OUTPUT_HEADING = 'Last verify output:';
const FINDINGS = /(?:^|\n\n)Test warnings:\n((?:- [^\n]*(?:\n|$))+)$/;
const OUTPUT = /(?:^|\n\n)Last verify output:\n((?:>[^\n]*(?:\n|$))+)$/;

export function formatRunnerNotes(notes: RunnerNotes): string {
  const parts: string[] = [];
  const findings = (notes.findings ?? []).map((finding) => finding.replace(/\s+/g, ' ').trim()).filter((finding) => finding !== '');
  if (findings.length > 0) parts.push([FINDINGS_HEADING, ...findings.map((finding) => `- ${finding}`)].join('\n'));
  const output = notes.verifyOutput?.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  if (output) parts.push([OUTPUT_HEADING, ...output.split('\n').map((line) => (line.trimEnd() === '' ? '>' : `> ${line.trimEnd()}`))].join('\n'));
  return parts.join('\n\n');
}

/** The body without the notes, and the notes; a body without them comes back as it is. */
export function splitRunnerNotes(body: string): { text: string } & RunnerNotes {
  let text = body.replace(/\s+$/, '');
  let verifyOutput: string | undefined;
  const output = OUTPUT.exec(text);
  if (output) {
    verifyOutput = output[1]!.replace(/\n$/, '').split('\n').map((line) => line.replace(/^> ?/, '')).join('\n');
    text = text.slice(0, output.index).replace(/\s+$/, '');
  }
  let findings: string[] | undefined;
  const listed = FINDINGS.exec(text);
  if (listed) {
    findings = listed[1]!.replace(/\n$/, '').split('\n').map((line) => line.slice(2));
    text = text.slice(0, listed.index).replace(/\s+$/, '');
  }
  return { text, ...(findings ? { findings } : {}), ...(verifyOutput !== undefined ? { verifyOutput } : {}) };
}
