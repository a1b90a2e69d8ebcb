import { describe, expect, it } from 'vitest';
import { findTestWeakening, type TestChange } from '../../../../src/runner/cycle/tests-check/find-test-weakening.js';

const change = (path: string, status: TestChange['status'], addedLines: string[] = [], extra: Partial<TestChange> = {}): TestChange => ({ path, status, addedLines, removedLines: [], ...extra });

describe('findTestWeakening', () => {
  it('finds nothing in an ordinary change', () => {
    const result = findTestWeakening({ changes: [change('src/parse.ts', 'M', ['return x;']), change('test/parse.test.ts', 'M', ["it('parses', () => {})"]), change('test/new.test.ts', 'A', ['expect(1).toBe(1)'])] });
    expect(result).toStrictEqual({ findings: [], warnings: [] });
  });

  it('reports a deleted test file and a test renamed out of the test paths, not a rename within them', () => {
    const result = findTestWeakening({
      changes: [
        change('tests/test_parser.py', 'D'),
        change('src/parser_cases.py', 'R', [], { oldPath: 'tests/test_parser_cases.py' }),
        change('test/unit/parse.test.ts', 'R', [], { oldPath: 'test/parse.test.ts' }),
        change('src/old.ts', 'D'),
      ],
    });
    expect(result.findings).toStrictEqual([
      { kind: 'tests-deleted', file: 'tests/test_parser.py', detail: 'tests/test_parser.py deleted' },
      { kind: 'tests-deleted', file: 'tests/test_parser_cases.py', detail: 'tests/test_parser_cases.py renamed to src/parser_cases.py, outside the test paths' },
    ]);
    expect(result.warnings).toStrictEqual(['tests-deleted']);
  });

  it('reports skip markers added to test files, once per file, and #[ignore] in any Rust file', () => {
    const result = findTestWeakening({
      changes: [
        change('src/parse.ts', 'M', ["const skip = it.skip; // not a test file"]),
        change('src/__tests__/parse.ts', 'M', ["it.skip('a', () => {})", "it.skip('b', () => {})", "describe.only('c', () => {})"]),
        change('src/lexer.rs', 'M', ['    #[ignore]', '    #[test]']),
      ],
    });
    expect(result.findings).toStrictEqual([
      { kind: 'tests-skipped', file: 'src/__tests__/parse.ts', detail: 'src/__tests__/parse.ts adds it.skip, describe.only' },
      { kind: 'tests-skipped', file: 'src/lexer.rs', detail: 'src/lexer.rs adds #[ignore]' },
    ]);
  });

  it('reads the before and after text of package.json to compare the scripts verify runs', () => {
    const before = new Map([['package.json', '{"scripts":{"test":"vitest run","check":"tsc && vitest run"}}']]);
    const after = new Map([['package.json', '{"scripts":{"test":"vitest run","check":"tsc"}}']]);
    const input = { changes: [change('package.json', 'M')], readBefore: (p: string) => before.get(p), readAfter: (p: string) => after.get(p) };
    expect(findTestWeakening(input).findings).toStrictEqual([]);
    expect(findTestWeakening({ ...input, verifyCommand: 'pnpm check' }).findings).toStrictEqual([
      { kind: 'test-command-changed', file: 'package.json', detail: 'package.json scripts.check: "tsc && vitest run" -> "tsc"' },
    ]);
  });

  it('sees a renamed config file as one deleted and one added', () => {
    const result = findTestWeakening({ changes: [change('config/jest.config.cjs', 'R', [], { oldPath: 'jest.config.js' })] });
    expect(result.findings.map((f) => f.detail)).toStrictEqual(['jest.config.js deleted', 'config/jest.config.cjs added']);
  });

  it('uses the configured test paths instead of the defaults', () => {
    const result = findTestWeakening({ changes: [change('checks/parse.check.ts', 'D'), change('test/a.test.ts', 'D')], testPaths: ['checks/**'] });
    expect(result.findings.map((f) => f.file)).toStrictEqual(['checks/parse.check.ts']);
  });

  it('lists warnings once each, deleted before skipped before command changes', () => {
    const result = findTestWeakening({
      changes: [change('vitest.config.ts', 'M'), change('test/b.test.ts', 'M', ['it.only("x", f)']), change('test/a.test.ts', 'D'), change('test/c.test.ts', 'D')],
      readBefore: () => 'x',
      readAfter: () => 'y',
    });
    expect(result.findings.map((f) => f.kind)).toStrictEqual(['tests-deleted', 'tests-deleted', 'tests-skipped', 'test-command-changed']);
    expect(result.warnings).toStrictEqual(['tests-deleted', 'tests-skipped', 'test-command-changed']);
  });
});
