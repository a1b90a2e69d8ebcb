import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askAnswers } from '../../src/setup/ask.js';
import type { DetectedRepo } from '../../src/setup/detect-repo.js';

const detected: DetectedRepo = {
  path: '/home/dev/code/widgets',
  remote: 'origin',
  remoteUrl: 'git@github.com:acme/widgets.git',
  github: 'acme/widgets',
  apiUrl: 'https://api.github.com',
  base: 'trunk',
  baseFrom: 'origin/HEAD',
  timezone: 'Europe/Berlin',
  verify: { command: 'npm test', from: 'package.json has a test script' },
  agents: [{ agent: 'codex', path: '/usr/local/bin/codex' }],
  defaultAgent: 'codex',
  notes: [],
};

/** A terminal stand-in: typed lines go in (all at once, ahead of the prompts), everything shown comes out. */
function terminal(...typed: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  input.end(typed.map((line) => `${line}\n`).join(''));
  return { input, output, shown: () => shown };
}

const defaults = {
  repoPath: '/home/dev/code/widgets',
  apiUrl: 'https://api.github.com',
  agentsFound: ['codex'],
  github: 'acme/widgets',
  remote: 'origin',
  base: 'trunk',
  timezone: 'Europe/Berlin',
  defaultAgent: 'codex',
  verifyCommand: 'npm test',
};

describe('askAnswers', () => {
  it('shows each detected answer as the default and takes it on Enter', async () => {
    const io = terminal('', '', '', '', '', '');
    expect(await askAnswers(detected, { yes: false, ...io })).toStrictEqual(defaults);
    expect(io.shown()).toBe(
      [
        'GitHub repository (owner/name) [acme/widgets]: ',
        'Git remote to push agent branches to [origin]: ',
        'Base branch (origin/HEAD) [trunk]: ',
        'Time zone of the nightly window [Europe/Berlin]: ',
        'Test command run after each agent (- for none) [npm test]: ',
        'Agent (claude-code, codex*, aider; * = installed) [codex]: ',
      ].join(''),
    );
  });

  it('takes typed answers, asks again after an invalid one, and "-" means no test command', async () => {
    const io = terminal('acme', 'acme/gadgets', 'upstream', 'main', 'Mars/Olympus', 'America/New_York', '-', 'gpt', 'aider');
    const { verifyCommand: _, ...withoutVerify } = defaults;
    expect(await askAnswers(detected, { yes: false, ...io })).toStrictEqual({
      ...withoutVerify,
      github: 'acme/gadgets',
      remote: 'upstream',
      base: 'main',
      timezone: 'America/New_York',
      defaultAgent: 'aider',
    });
    expect(io.shown()).toContain('  expected "owner/name", e.g. acme/widgets\n');
    expect(io.shown()).toContain('  expected an IANA time zone such as Europe/Berlin\n');
    expect(io.shown()).toContain('  expected one of claude-code, codex, aider\n');
  });

  it('insists on a GitHub repository when none was detected', async () => {
    const { github: _, ...undetected } = detected;
    const io = terminal('', 'acme/widgets', '', '', '', '', '');
    expect((await askAnswers(undetected, { yes: false, ...io })).github).toBe('acme/widgets');
    // Piped input is not echoed, so the hint follows the prompt on its line.
    expect(io.shown()).toContain('GitHub repository (owner/name):   an answer is needed here\nGitHub repository (owner/name): ');
  });

  it('--yes takes the detected answers without reading input', async () => {
    const io = terminal();
    expect(await askAnswers(detected, { yes: true, ...io })).toStrictEqual(defaults);
    expect(io.shown()).toBe('');
  });

  it('--yes without a detectable GitHub repository names the flag to pass', async () => {
    const { github: _, ...undetected } = detected;
    await expect(askAnswers(undetected, { yes: true, ...terminal() })).rejects.toThrow('could not detect GitHub repository: pass --github, or run without --yes');
    expect((await askAnswers(undetected, { yes: true, ...terminal(), given: { github: 'acme/widgets' } })).github).toBe('acme/widgets');
  });

  it('does not ask what was given as a flag', async () => {
    const io = terminal('', '', '', '');
    const answers = await askAnswers(detected, { yes: false, ...io, given: { base: 'release', verifyCommand: 'make check' } });
    expect(answers).toMatchObject({ base: 'release', verifyCommand: 'make check' });
    expect(io.shown()).not.toContain('Base branch');
    expect(io.shown()).not.toContain('Test command');
  });

  it('stops with a clear error when input ends early', async () => {
    await expect(askAnswers(detected, { yes: false, ...terminal('acme/widgets') })).rejects.toThrow('input ended before "Git remote to push agent branches to" was answered');
  });

  it('gives up after five invalid answers', async () => {
    await expect(askAnswers(detected, { yes: false, ...terminal('x', 'y', 'z', 'w', 'v') })).rejects.toThrow('no valid answer to "GitHub repository (owner/name)" after 5 tries');
  });
});
