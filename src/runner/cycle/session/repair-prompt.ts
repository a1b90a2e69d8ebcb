import type { RepairMode } from '../../agents/index.js';
import { codeBlock } from '../../../protocol/index.js';

export const REPAIR_INSTRUCTION = 'The tests fail; fix the code, do not delete, skip or weaken tests.';

export interface RepairPromptInput {
  verifyCommand: string;
  /** The last lines of the failing verify run, already capped and redacted (verify.ts). */
  outputTail: string;
  timedOut: boolean;
  /** This repair round and how many may run. */
  round: number;
  of: number;
  /** What the test check found in the change so far, one line each. */
  findings: readonly string[];
  /** How the agent gets it back (its adapter's `repairMode`) and whether it can resume its own session. */
  mode: RepairMode;
  resumeId?: string | undefined;
  /** The first prompt: repeated for an agent that starts afresh, which would not know the goal otherwise. */
  prompt: string;
}

/** Whether this repair starts the agent afresh: then the message carries the goal too. */
export function repairStartsAfresh(mode: RepairMode, resumeId: string | undefined): boolean {
  return mode === 'message' || (mode === 'resume' && resumeId === undefined);
}

/**
 * The message a repair round gives the agent (pure): the failure, the instruction, what it must
 * not do to the tests, and the goal when it cannot resume the conversation that had it.
 */
export function repairPrompt(input: RepairPromptInput): string {
  const ran = input.timedOut ? `did not finish in its time limit` : 'failed';
  const parts = [
    `# The tests fail (repair ${input.round} of ${input.of})`,
    `After your changes the verify command \`${input.verifyCommand}\` ${ran}. ${REPAIR_INSTRUCTION}`,
    input.outputTail.trim() === '' ? 'It printed nothing.' : `The last lines of its output:\n\n${codeBlock(input.outputTail)}`,
  ];
  if (input.findings.length > 0) {
    parts.push(
      `Your change already weakens the tests, and the pull request will say so; put them back:\n${input.findings.map((finding) => `- ${finding}`).join('\n')}`,
    );
  }
  parts.push('Leave your changes in the working tree, as before, and reply with a short summary of what you fixed.');
  if (repairStartsAfresh(input.mode, input.resumeId)) {
    parts.push(`# The goal you have been working on\n\nYour earlier changes are in the working tree. The goal, as you were first given it:\n\n${input.prompt.trim()}`);
  }
  return `${parts.join('\n\n')}\n`;
}
