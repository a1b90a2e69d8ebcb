import { describe, expect, it } from 'vitest';
import { parseCommands } from '../../../../src/protocol/index.js';
import {
  isMachineProblemNote,
  machineProblemMarker,
  quietText,
  renderMachineProblemNote,
} from '../../../../src/runner/cycle/gate/render-machine-problem.js';

const ZWSP = '\u200b';

describe('the marker of a runner’s note', () => {
  it('names the runner, percent-encoded so no name can close the HTML comment or the attribute', () => {
    expect(machineProblemMarker('studio')).toBe('<!-- overnight:runner-problem runner="studio" -->');
    expect(machineProblemMarker('a" --> <b>')).toBe('<!-- overnight:runner-problem runner="a%22%20--%3E%20%3Cb%3E" -->');
  });

  it('is recognised only at the end of a comment, for that runner alone', () => {
    const note = renderMachineProblemNote({ runner: 'studio', problems: ['x'], since: new Date(0), timeZone: 'UTC' });
    expect(isMachineProblemNote(note, 'studio')).toBe(true);
    expect(isMachineProblemNote(`${note}\n`, 'studio')).toBe(true);
    expect(isMachineProblemNote(note, 'studio2')).toBe(false);
    expect(isMachineProblemNote(`${note}\nand more`, 'studio')).toBe(false);
  });
});

describe('problem text in the note', () => {
  it('keeps code spans, and puts every problem on one line', () => {
    expect(quietText('agent "x": binary `claude`\n  not found')).toBe('agent "x": binary `claude` not found');
  });

  it('mentions no one and references no issue, in prose or in code', () => {
    expect(quietText('ask @octocat, @acme/owners and `@team` about #12 or acme/widgets#3')).toBe(
      `ask @${ZWSP}octocat, @${ZWSP}acme/owners and \`@${ZWSP}team\` about #${ZWSP}12 or acme/widgets#${ZWSP}3`,
    );
    // An address or a git URL is not a mention, and stays as it was.
    expect(quietText('git@github.com:acme/widgets.git, dev@example.com')).toBe('git@github.com:acme/widgets.git, dev@example.com');
  });

  it('lets no HTML in outside code spans', () => {
    expect(quietText('<!-- hide --> <img src=x> `<kept>`')).toBe('&lt;!-- hide --> &lt;img src=x> `<kept>`');
  });

  it('leaves the bot no command to take, whatever the problem says', () => {
    const note = renderMachineProblemNote({
      runner: 'studio',
      problems: ['first\n/overnight pause', '/overnight stop', '   /overnight resume'],
      since: new Date(0),
      timeZone: 'UTC',
    });
    expect(parseCommands(note)).toStrictEqual([]);
  });

  it('fences a runner name holding backticks', () => {
    const note = renderMachineProblemNote({ runner: 'my `box`', problems: [], since: new Date('2026-11-28T00:30:00Z'), timeZone: 'UTC' });
    expect(note.split('\n')[0]).toBe('⚠️ **Runner `` my `box` `` cannot work** (since Sat 28 Nov, 00:30 UTC):');
  });
});
