import { describe, expect, it } from 'vitest';
import { renderDiffstat } from '../../src/bot/prs/diffstat.js';

describe('renderDiffstat', () => {
  it('looks like git diff --stat', () => {
    expect(
      renderDiffstat([
        { filename: 'src/net.ts', additions: 9, deletions: 31 },
        { filename: 'README.md', additions: 1, deletions: 0 },
      ]),
    ).toBe([' src/net.ts | 40 +++++++++-------------------------------', ' README.md  |  1 +', ' 2 files changed, 10 insertions(+), 31 deletions(-)'].join('\n'));
  });

  it('scales long bars to 40 columns', () => {
    const line = renderDiffstat([{ filename: 'big.json', additions: 4000, deletions: 0 }]).split('\n')[0]!;
    expect(line).toBe(` big.json | 4000 ${'+'.repeat(40)}`);
  });

  it('uses singular words for one and says nothing for no files', () => {
    expect(renderDiffstat([{ filename: 'a', additions: 1, deletions: 1 }]).split('\n')[1]).toBe(' 1 file changed, 1 insertion(+), 1 deletion(-)');
    expect(renderDiffstat([])).toBe('');
  });
});
