import { describe, expect, it } from 'vitest';
import { parseNameStatus } from '../../../../src/runner/cycle/guard/parse-name-status.js';
import { parseZeroContextDiff } from '../../../../src/runner/cycle/tests-check/parse-zero-context-diff.js';

describe('parseNameStatus', () => {
  it('reads statuses, renames with their score, copies and type changes', () => {
    const output = ['M', 'src/a.ts', 'R087', 'test/old.test.ts', 'src/old.ts', 'A', 'new file.txt', 'D', 'gone.py', 'C075', 'a.ts', 'b.ts', 'T', 'link', ''].join('\0');
    expect(parseNameStatus(output)).toStrictEqual([
      { status: 'M', path: 'src/a.ts' },
      { status: 'R', oldPath: 'test/old.test.ts', path: 'src/old.ts' },
      { status: 'A', path: 'new file.txt' },
      { status: 'D', path: 'gone.py' },
      { status: 'A', path: 'b.ts' },
      { status: 'M', path: 'link' },
    ]);
    expect(parseNameStatus('')).toStrictEqual([]);
  });

  it('refuses output it does not understand rather than guess', () => {
    expect(() => parseNameStatus('R100\0only-one\0')).toThrow(/truncated rename/);
    expect(() => parseNameStatus('Q\0x\0')).toThrow(/unexpected/);
  });
});

describe('parseZeroContextDiff', () => {
  it('takes hunk lines by count, so content that looks like a header stays content', () => {
    const diff = [
      'diff --git a/test/a.test.ts b/test/a.test.ts',
      'index 1111111..2222222 100644',
      '--- a/test/a.test.ts',
      '+++ b/test/a.test.ts',
      '@@ -3 +3,3 @@ describe(',
      "-it('a', () => {})",
      "+it.skip('a', () => {})",
      '+++ b/not-a-header',
      '+diff --git a/x b/x',
      '@@ -10,0 +13 @@',
      '+// end',
      '\\ No newline at end of file',
      'diff --git a/gone.ts b/gone.ts',
      'deleted file mode 100644',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-one',
      '-two',
      '',
    ].join('\n');
    expect(parseZeroContextDiff(diff)).toStrictEqual(
      new Map([
        ['test/a.test.ts', { addedLines: ["it.skip('a', () => {})", '++ b/not-a-header', 'diff --git a/x b/x', '// end'], removedLines: ["it('a', () => {})"] }],
        ['gone.ts', { addedLines: [], removedLines: ['one', 'two'] }],
      ]),
    );
  });

  it('decodes the paths git quotes', () => {
    const diff = ['diff --git "a/t\\303\\251st/\\"q\\".test.js" "b/t\\303\\251st/\\"q\\".test.js"', '--- "a/t\\303\\251st/\\"q\\".test.js"', '+++ "b/t\\303\\251st/\\"q\\".test.js"', '@@ -0,0 +1 @@', '+xit("x")', ''].join('\n');
    expect([...parseZeroContextDiff(diff).keys()]).toStrictEqual(['tést/"q".test.js']);
  });
});
