import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { LABELS } from '../../src/protocol/index.js';

// The example workflow users copy: parsed as GitHub parses it, and held to the App's manifest and
// to the CLI it runs, so neither can drift from it unnoticed.

const text = readFileSync(new URL('../../examples/workflows/overnight.yml', import.meta.url), 'utf8');
const workflow = parse(text) as {
  on: Record<string, { branches?: string[]; types?: string[] } | null | Array<{ cron: string }>>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean; queue?: string };
  env: Record<string, string>;
  jobs: { bot: { if: string; 'runs-on': string; steps: Step[] } };
};
const manifest = parse(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8')) as {
  default_events: string[];
  default_permissions: Record<string, string>;
};

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

/** The `overnight` subcommand a step's `run:` line calls, from the real CLI. */
function cliCommand(run: string | undefined): Command | undefined {
  const [bin, name] = (run ?? '').trim().split(/\s+/);
  return bin === 'overnight' ? buildProgram().commands.find((command) => command.name() === name) : undefined;
}

describe('examples/workflows/overnight.yml', () => {
  it('listens to the events the App subscribes to, plus a schedule and a manual run to reconcile', () => {
    const webhookEvents = Object.keys(workflow.on).filter((event) => event !== 'schedule' && event !== 'workflow_dispatch');
    expect(webhookEvents.sort()).toEqual([...manifest.default_events].sort());
    expect(workflow.on.push).toEqual({ branches: ['agent/**'] });
    expect(workflow.on).toMatchObject({
      issues: { types: ['labeled'] },
      issue_comment: { types: ['created'] },
      pull_request_review: { types: ['submitted'] },
      pull_request: { types: ['closed'] },
      schedule: [{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }],
      workflow_dispatch: null,
    });
  });

  it("asks for the App's permissions and nothing more", () => {
    const { metadata, ...appPermissions } = manifest.default_permissions;
    expect(metadata).toBe('read'); // granted to every workflow token without asking
    const asWorkflowKeys = Object.fromEntries(Object.entries(appPermissions).map(([key, level]) => [key.replace(/_/g, '-'), level]));
    expect(workflow.permissions).toStrictEqual(asWorkflowKeys);
    expect(workflow.permissions).toStrictEqual({ contents: 'read', issues: 'write', 'pull-requests': 'write' });
  });

  it('runs one event at a time and never cancels a run in progress or a waiting one', () => {
    expect(workflow.concurrency).toStrictEqual({ group: 'overnight-bot', 'cancel-in-progress': false, queue: 'max' });
  });

  it('installs the packed CLI and runs `overnight action` with the job token', () => {
    const { steps } = workflow.jobs.bot;
    expect(steps[0]).toMatchObject({ uses: expect.stringMatching(/^actions\/setup-node@v\d+$/), with: { 'node-version': expect.any(Number) } });
    expect(steps[1]!.run).toBe('npm install --global --no-fund --no-audit "$OVERNIGHT_PACKAGE"');
    expect(workflow.env.OVERNIGHT_PACKAGE).toMatch(/^https:\/\/\S+\/overnight-\d+\.\d+\.\d+\.tgz$/);
    const handle = steps.at(-1)!;
    expect(handle).toStrictEqual({ name: 'Handle the event', run: 'overnight action', env: { GITHUB_TOKEN: '${{ github.token }}' } });
    expect(cliCommand(handle.run)?.name()).toBe('action');
  });

  it('filters, before a job starts, on the goal label the bot uses by default', () => {
    expect(workflow.jobs.bot.if).toContain(`github.event.label.name == '${LABELS.goal.name}'`);
    expect(workflow.jobs.bot.if).toContain("contains(github.event.comment.body, '/overnight')");
  });

  it('shows the App-token steps as a commented block that is valid and calls a real CLI option', () => {
    const commented = text
      .split('\n')
      .filter((line) => /^ {6}# (- | {2})/.test(line))
      .map((line) => line.replace(/^( {6})# /, '$1'))
      .join('\n');
    const steps = parse(commented) as Step[];
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatchObject({
      id: 'app-token',
      uses: expect.stringMatching(/^actions\/create-github-app-token@v\d+$/),
      with: { 'permission-contents': 'read', 'permission-issues': 'write', 'permission-pull-requests': 'write' },
    });
    expect(steps[1]).toMatchObject({ env: { GITHUB_TOKEN: '${{ steps.app-token.outputs.token }}' } });
    expect(steps[1]!.run).toBe('overnight action --bot-login "${{ steps.app-token.outputs.app-slug }}[bot]"');
    expect(cliCommand(steps[1]!.run)?.options.map((option) => option.long)).toContain('--bot-login');
  });
});
