import { describe, expect, it } from 'vitest';
import { REPAIR_INSTRUCTION, repairPrompt, repairStartsAfresh } from '../../../../src/runner/cycle/session/repair-prompt.js';

const base = {
  verifyCommand: 'npm test',
  outputTail: ' FAIL test/sum.test.ts\n   expected 5, got 6',
  timedOut: false,
  round: 1,
  of: 2,
  findings: [],
  mode: 'resume' as const,
  resumeId: '8d3f6a2e-4b1c-4e7a-9f05-3c2b1d8e7a64',
  prompt: '# Goal: Make sum variadic\n\nIt should take any number of values.',
};

describe('repairPrompt', () => {
  it('gives the failure back with the instruction, and no goal to an agent that resumes its conversation', () => {
    const text = repairPrompt(base);
    expect(text).toContain('# The tests fail (repair 1 of 2)');
    expect(text).toContain(`After your changes the verify command \`npm test\` failed. ${REPAIR_INSTRUCTION}`);
    expect(text).toContain('```\n FAIL test/sum.test.ts\n   expected 5, got 6\n```');
    expect(text).not.toContain('Make sum variadic');
  });

  it('repeats the goal for an agent that starts afresh: aider, or a resumable one that printed no id', () => {
    expect(repairPrompt({ ...base, mode: 'message' })).toContain('# The goal you have been working on');
    expect(repairPrompt({ ...base, resumeId: undefined })).toContain('It should take any number of values.');
    // A command agent keeps the goal in {prompt}: {feedback} is the failure alone.
    expect(repairPrompt({ ...base, mode: 'placeholders', resumeId: undefined })).not.toContain('Make sum variadic');
    expect([repairStartsAfresh('resume', 'x'), repairStartsAfresh('resume', undefined), repairStartsAfresh('message', 'x'), repairStartsAfresh('placeholders', undefined)]).toStrictEqual([false, true, true, false]);
  });

  it('says when the tests ran out of time or printed nothing, and lists what already weakens the tests', () => {
    const text = repairPrompt({ ...base, timedOut: true, outputTail: '', findings: ['test/a.test.ts deleted'] });
    expect(text).toContain('`npm test` did not finish in its time limit.');
    expect(text).toContain('It printed nothing.');
    expect(text).toContain('put them back:\n- test/a.test.ts deleted');
  });

  it('fences output that holds backticks so it cannot close the block', () => {
    expect(repairPrompt({ ...base, outputTail: 'got ```evil```' })).toContain('````\ngot ```evil```\n````');
  });
});
