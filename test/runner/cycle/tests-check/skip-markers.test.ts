import { describe, expect, it } from 'vitest';
import { findSkipMarkers } from '../../../../src/runner/cycle/tests-check/skip-markers.js';

describe('findSkipMarkers', () => {
  it('finds JavaScript and TypeScript skip, focus and expected-failure markers', () => {
    const lines = [
      "it.skip('parses minutes', () => {",
      "describe.only('parser', () => {",
      "test.concurrent.skip('a', async () => {})",
      "it.skipIf(process.platform === 'win32')('uses /tmp', () => {})",
      "test.fails('known bug', () => {})",
      "xit('old behaviour', () => {})",
      "fdescribe('focused', () => {})",
      '  this.skip();',
      "test('slow', { skip: 'flaky on CI' }, () => {})",
    ];
    expect(findSkipMarkers('test/parser.test.ts', lines)).toStrictEqual([
      'it.skip',
      'describe.only',
      'test.concurrent.skip',
      'it.skipIf',
      'test.fails',
      'xit',
      'fdescribe',
      'this.skip',
      'skip',
    ]);
  });

  it('does not report todos, ordinary calls, strings or comments', () => {
    const lines = [
      "it.todo('handle leap seconds')",
      "it('skips blank lines', () => expect(skipBlank(lines)).toEqual([]))",
      "expect(source).toContain('it.skip(')",
      '// it.skip(\'later\', () => {})',
      "  * describe.only is banned here",
      "expect(run()).toBe(1) // was it.only while debugging",
      'const options = { skipEmpty: true };',
    ];
    expect(findSkipMarkers('src/__tests__/parser.spec.js', lines)).toStrictEqual([]);
  });

  it('finds pytest and unittest markers', () => {
    const lines = [
      '@pytest.mark.skip(reason="flaky")',
      '@pytest.mark.xfail(strict=False)',
      '@unittest.skipIf(sys.platform == "win32", "posix only")',
      '    pytest.skip("no network")',
      '        self.skipTest("slow")',
      'collect_ignore = ["test_legacy.py"]',
      'pytestmark = pytest.mark.skipif(not HAS_DB, reason="no db")',
    ];
    expect(findSkipMarkers('tests/test_parser.py', lines)).toStrictEqual([
      '@pytest.mark.skip',
      '@pytest.mark.xfail',
      '@unittest.skipIf',
      'pytest.skip',
      'self.skipTest',
      'collect_ignore',
      'pytestmark',
    ]);
    expect(findSkipMarkers('tests/test_parser.py', ['# @pytest.mark.skip', 'assert "pytest.skip(" in text'])).toStrictEqual([]);
  });

  it('finds Go skips and a build constraint that drops the file from go test', () => {
    expect(findSkipMarkers('pkg/parse_test.go', ['\tt.Skip("flaky")', '\ts.T().Skipf("no %s", db)', '//go:build integration'])).toStrictEqual(['t.Skip', '.Skipf', '//go:build']);
  });

  it('finds #[ignore] in Rust, where a lifetime is not a string', () => {
    expect(findSkipMarkers('src/parse.rs', ['    #[ignore = "slow"]', "fn f<'a>(x: &'a str) {}"])).toStrictEqual(['#[ignore]']);
  });

  it('finds JUnit, Ruby, C# and PHP markers', () => {
    expect(findSkipMarkers('src/test/java/ParserTest.java', ['  @Disabled("flaky")', '  @Ignore', '    assumeTrue(isLinux());'])).toStrictEqual(['@Disabled', '@Ignore', 'assumeTrue']);
    expect(findSkipMarkers('spec/parser_spec.rb', ['  xit "parses" do', '    skip "not yet"', "  it 'parses', skip: true do", '    pending', '  # skip'])).toStrictEqual(['xit', 'skip', 'pending']);
    expect(findSkipMarkers('tests/ParserTests.cs', ['    [Fact(Skip = "flaky")]', '    [Ignore("later")]'])).toStrictEqual(['Skip', '[Ignore]']);
    expect(findSkipMarkers('tests/ParserTest.php', ['        $this->markTestSkipped("no db");', '# $this->markTestIncomplete();'])).toStrictEqual(['markTestSkipped']);
  });

  it('knows nothing of other languages', () => {
    expect(findSkipMarkers('test/fixtures/data.json', ['{"skip": true}'])).toStrictEqual([]);
  });
});
