import { describe, expect, it } from 'vitest';
import { createMachineProblemNote, type PreflightOutcome } from '../../../../src/runner/cycle/gate/note-machine-problem.js';
import { machineProblemMarker } from '../../../../src/runner/cycle/gate/render-machine-problem.js';
import { createRedactor } from '../../../../src/runner/process/redact.js';
import { fakeDashboard } from '../../helpers/fake-dashboard.js';

const TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJ0123';
const AGENT = 'agent "claude-code": binary `claude` not found on PATH; install Claude Code or set agents.defs.claude-code.bin';
const REMOTE = 'cannot reach repo.remote "origin" (https://github.com/acme/widgets.git): Could not resolve host: github.com';
const AT = new Date('2026-11-28T00:30:00Z');
const LATER = new Date('2026-11-28T01:00:00Z');

function logs() {
  const seen: { level: string; msg: string; fields: unknown }[] = [];
  const at = (level: string) => (fields: unknown, msg?: string) => void seen.push({ level, msg: msg ?? String(fields), fields });
  return { log: { debug: at('debug'), warn: at('warn') }, seen };
}

function setUp(options: Parameters<typeof fakeDashboard>[0] = {}) {
  const gh = fakeDashboard(options);
  const note = createMachineProblemNote({ github: gh.github, runner: 'studio', timeZone: 'Europe/Berlin', redact: createRedactor([TOKEN]) });
  const { log, seen } = logs();
  const sync = (problems: string[], at = AT, failingSince?: Date) => note.sync({ problems, at, failingSince: () => failingSince } satisfies PreflightOutcome, log);
  return { ...gh, note, log, seen, sync };
}

const expectedNote = (problems: string[], since = 'Sat 28 Nov, 01:30') =>
  [
    `⚠️ **Runner \`studio\` cannot work** (since ${since} Europe/Berlin):`,
    '',
    ...problems.map((problem) => `- ${problem}`),
    '',
    "`overnight status` on that machine has the details; goals are not charged for this. This note goes away once a cycle's checks pass again.",
    '',
    '<!-- overnight:runner-problem runner="studio" -->',
  ].join('\n');

describe('the note on the dashboard that a runner cannot work', () => {
  it('is created once, then an unchanged problem makes no request at all', async () => {
    const t = setUp({ comments: [{ id: 5, author: 'alice', body: 'Thanks for the dashboard!' }] });
    await t.sync([AGENT]);
    expect(t.calls).toStrictEqual(['find dashboard', 'list #7', 'create on #7']);
    expect(t.comments().at(-1)).toStrictEqual({ id: 1001, author: 'dev', body: expectedNote([AGENT]) });

    t.clearCalls();
    await t.sync([AGENT], LATER, AT);
    expect(t.calls).toStrictEqual([]);
  });

  it('is edited in place when the problems change: no search, no second comment', async () => {
    const t = setUp();
    await t.sync([AGENT]);
    t.clearCalls();
    await t.sync([AGENT, REMOTE], LATER, AT);
    expect(t.calls).toStrictEqual(['edit 1001']);
    expect(t.comments()).toStrictEqual([{ id: 1001, author: 'dev', body: expectedNote([AGENT, REMOTE]) }]);
  });

  it('says since when the run of failed preflights began, by the schedule zone', async () => {
    const t = setUp();
    await t.sync([AGENT], LATER, new Date('2026-11-26T23:15:00Z'));
    expect(t.comments()[0]?.body).toBe(expectedNote([AGENT], 'Fri 27 Nov, 00:15'));
  });

  it('is deleted by the first healthy cycle, and healthy cycles after it make no request', async () => {
    const t = setUp();
    await t.sync([AGENT]);
    t.clearCalls();
    await t.sync([], LATER, AT);
    expect(t.calls).toStrictEqual(['delete 1001']);
    expect(t.comments()).toStrictEqual([]);
    t.clearCalls();
    await t.sync([], LATER);
    await t.sync([], LATER);
    expect(t.calls).toStrictEqual([]);
  });

  it('costs a fresh process nothing while healthy, unless the last cycle failed its preflight: then a stale note is removed', async () => {
    const stale = { id: 40, author: 'dev', body: expectedNote([AGENT]) };
    const healthy = setUp({ comments: [stale] });
    await healthy.sync([], LATER);
    expect(healthy.calls).toStrictEqual([]);

    const afterFailure = setUp({ comments: [stale] });
    await afterFailure.sync([], LATER, AT);
    expect(afterFailure.calls).toStrictEqual(['find dashboard', 'list #7', 'delete 40']);
    expect(afterFailure.comments()).toStrictEqual([]);
  });

  it('in a fresh process finds its earlier note and edits it, or leaves it be when it already says the same', async () => {
    const same = setUp({ comments: [{ id: 40, author: 'dev', body: expectedNote([AGENT]) }] });
    await same.sync([AGENT], LATER, AT);
    expect(same.calls).toStrictEqual(['find dashboard', 'list #7']);

    const changed = setUp({ comments: [{ id: 40, author: 'dev', body: expectedNote([AGENT]) }] });
    await changed.sync([REMOTE], LATER, AT);
    expect(changed.calls).toStrictEqual(['find dashboard', 'list #7', 'edit 40']);
    expect(changed.comments()).toStrictEqual([{ id: 40, author: 'dev', body: expectedNote([REMOTE]) }]);
  });

  it('says it is resolved when GitHub refuses the delete', async () => {
    const t = setUp({ mayDelete: false });
    await t.sync([AGENT]);
    t.clearCalls();
    await t.sync([], LATER, AT);
    expect(t.calls).toStrictEqual(['delete 1001', 'edit 1001']);
    expect(t.comments()[0]?.body).toBe(
      '✅ **Runner `studio` works again**: its checks passed at Sat 28 Nov, 02:00 Europe/Berlin.\n\n<!-- overnight:runner-problem runner="studio" -->',
    );
  });

  it('writes nothing without a dashboard issue (no bot), only a debug line; asks once per problem', async () => {
    const t = setUp({ dashboard: null });
    await t.sync([AGENT]);
    expect(t.calls).toStrictEqual(['find dashboard']);
    expect(t.seen).toMatchObject([{ level: 'debug', msg: expect.stringContaining('no dashboard issue') }]);
    t.clearCalls();
    await t.sync([AGENT], LATER, AT);
    await t.sync([], LATER, AT);
    expect(t.calls).toStrictEqual([]);
    expect(t.comments()).toStrictEqual([]);
  });

  it("never reuses someone else's marker comment it may not edit, nor touches another runner's note", async () => {
    const t = setUp({
      comments: [
        { id: 30, author: 'dev', body: expectedNote([AGENT]).replace('studio', 'laptop').replace('"studio"', '"laptop"') },
        { id: 31, author: 'mallory', body: `@everyone look\n\n${machineProblemMarker('studio')}` },
      ],
    });
    await t.sync([REMOTE]);
    expect(t.calls).toStrictEqual(['find dashboard', 'list #7', 'edit 31', 'create on #7']);
    expect(t.comments().map((comment) => [comment.id, comment.author])).toStrictEqual([[30, 'dev'], [31, 'mallory'], [1001, 'dev']]);
    expect(t.comments()[1]?.body).toContain('@everyone look');

    // Healthy again: its own note goes; the outsider's cannot be deleted nor edited, and is left with a warning.
    const fresh = setUp({ comments: t.comments() });
    await fresh.sync([], LATER, AT);
    expect(fresh.calls).toStrictEqual(['find dashboard', 'list #7', 'delete 1001', 'delete 31', 'edit 31']);
    expect(fresh.comments().map((comment) => comment.id)).toStrictEqual([30, 31]);
    expect(fresh.seen).toMatchObject([{ level: 'warn', fields: { comment: 31 } }]);
  });

  it('prefers its own older note to a newer one an outsider pasted the marker into', async () => {
    const t = setUp({
      comments: [
        { id: 40, author: 'dev', body: expectedNote([AGENT]) },
        { id: 41, author: 'mallory', body: `hi\n${machineProblemMarker('studio')}` },
      ],
    });
    await t.sync([REMOTE], LATER, AT);
    expect(t.calls).toStrictEqual(['find dashboard', 'list #7', 'edit 41', 'edit 40']);
    expect(t.comments()[0]?.body).toBe(expectedNote([REMOTE]));
  });

  it('tries at most three marker comments, however many an outsider pastes', async () => {
    const pasted = Array.from({ length: 20 }, (_, i) => ({ id: 100 + i, author: 'mallory', body: `x\n${machineProblemMarker('studio')}` }));
    const t = setUp({ comments: pasted });
    await t.sync([AGENT]);
    expect(t.calls).toStrictEqual(['find dashboard', 'list #7', 'edit 119', 'edit 118', 'edit 117', 'create on #7']);
  });

  it('makes a fresh note when its own was deleted by someone', async () => {
    const t = setUp();
    await t.sync([AGENT]);
    t.comments().splice(0);
    t.clearCalls();
    await t.sync([REMOTE], LATER, AT);
    expect(t.calls).toStrictEqual(['edit 1001', 'find dashboard', 'list #7', 'create on #7']);
    expect(t.comments()).toStrictEqual([{ id: 1002, author: 'dev', body: expectedNote([REMOTE]) }]);
  });

  it('never fails the cycle when GitHub fails: a warning, and the next cycle looks again', async () => {
    const t = setUp();
    t.fail(Object.assign(new Error(`Server Error (token ${TOKEN})`), { status: 502 }));
    await expect(t.sync([AGENT])).resolves.toBeUndefined();
    expect(t.seen).toMatchObject([{ level: 'warn', fields: { error: 'Server Error (token [REDACTED])' } }]);
    expect(JSON.stringify(t.seen)).not.toContain(TOKEN);

    t.fail(undefined);
    t.clearCalls();
    await t.sync([AGENT], LATER, AT);
    expect(t.calls).toStrictEqual(['find dashboard', 'list #7', 'create on #7']);

    // A failed delete is tried again by the next healthy cycle, found by its marker.
    t.fail(new Error('socket hang up'));
    await t.sync([], LATER, AT);
    t.fail(undefined);
    t.clearCalls();
    await t.sync([], LATER);
    expect(t.calls).toStrictEqual(['find dashboard', 'list #7', 'delete 1001']);
    expect(t.comments()).toStrictEqual([]);
  });

  it('makes one note when parallel slots fail their preflights at once', async () => {
    const t = setUp();
    await Promise.all([t.sync([AGENT]), t.sync([AGENT])]);
    expect(t.calls).toStrictEqual(['find dashboard', 'list #7', 'create on #7']);
  });

  it('keeps tokens, mentions and commands out of the comment', async () => {
    const t = setUp();
    const hostile = `cannot reach repo.remote "origin" (https://x-access-token:${TOKEN}@github.com/acme/widgets.git): remote: ask @octocat or @acme/owners about #12\n/overnight stop\n<!-- hide -->`;
    await t.sync([hostile]);
    const body = t.comments()[0]!.body;
    expect(body).not.toContain(TOKEN);
    expect(body).toContain('[REDACTED]');
    expect(body).not.toMatch(/(^|[^\w])@\w/);
    expect(body).not.toMatch(/(^|[^\w])#\d/);
    expect(body).not.toMatch(/^ {0,3}\/overnight/im);
    expect(body.match(/<!--/g)).toHaveLength(1);
  });
});
