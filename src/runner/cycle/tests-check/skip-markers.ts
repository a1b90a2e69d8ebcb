/**
 * Markers that keep a test from running or from failing: skip, focus (which skips every other
 * test), expected-failure, and exclusion from collection. Matched in added lines only, per
 * language by file extension. String literals are blanked and comments dropped first, so
 * `expect(src).toContain("it.skip(")` and `// it.skip(...)` are not reported; a marker inside a
 * multi-line string or block comment still is (accepted: the reviewer reads the detail). Todo
 * markers (`it.todo`) are not reported: they add a placeholder and skip nothing that ran.
 */

interface Language {
  /** Lines starting with one of these are comments. */
  comment: RegExp;
  /** Blanks string contents; each language's quotes differ (Rust's `'a` is a lifetime). */
  strings: RegExp;
  markers: RegExp[];
  /** Markers that live in comments, checked before comments are dropped. */
  commentMarkers?: RegExp[];
}

const C_COMMENT = /^(?:\/\/|\/\*|\*)/;
const QUOTED = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\\n]|\\.)*`/g;
const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\.)*"/g;

const LANGUAGES: { extension: RegExp; language: Language }[] = [
  {
    extension: /\.(?:[cm]?[jt]sx?|vue|svelte)$/,
    language: {
      comment: C_COMMENT,
      strings: QUOTED,
      markers: [
        /\b(?:it|test|describe|suite|context|specify|bench)(?:\.\w+)*?\.(?:skip|only|skipIf|runIf|fails)\b/,
        /\b(?:xit|xtest|xdescribe|xcontext|xspecify|fit|fdescribe|fcontext)\s*\(/,
        /\b(?:this|ctx|context|t)\.skip\s*\(/,
        /[{,]\s*(?:skip|only)\s*:(?=\s*(?:true\b|["'`]))/,
      ],
    },
  },
  {
    extension: /\.py$/,
    language: {
      comment: /^#/,
      strings: QUOTED,
      markers: [
        /@pytest\.mark\.(?:skip|skipif|xfail)\b/,
        /\bpytest\.(?:skip|xfail|importorskip)\s*\(/,
        /@(?:unittest\.)?(?:skip|skipIf|skipUnless|expectedFailure)\b/,
        /\bself\.skipTest\s*\(/,
        /\bSkipTest\s*\(/,
        /\bcollect_ignore(?:_glob)?\s*\+?=/,
        /\bpytestmark(?=\s*=.*\bmark\.(?:skip|skipif|xfail)\b)/,
      ],
    },
  },
  {
    extension: /\.go$/,
    language: {
      comment: C_COMMENT,
      strings: QUOTED,
      markers: [/(?:\b\w+)?\.Skip(?:f|Now)?\s*\(/],
      // A build constraint added to a test file leaves it out of a plain `go test`.
      commentMarkers: [/^\/\/\s*(?:go:build|\+build)\b/],
    },
  },
  { extension: /\.rs$/, language: { comment: C_COMMENT, strings: DOUBLE_QUOTED, markers: [/#\[\s*ignore\b/] } },
  {
    extension: /\.(?:java|kt|kts|groovy|scala)$/,
    language: {
      comment: C_COMMENT,
      strings: QUOTED,
      markers: [/@(?:Disabled\w*|Ignore\w*|PendingFeature)\b/, /\bAssumptions?\.assume\w*\s*\(/, /\bassume(?:True|False|That)\s*\(/],
    },
  },
  {
    extension: /\.rb$/,
    language: {
      comment: /^#/,
      strings: QUOTED,
      markers: [
        /^\s*(?:xit|xspecify|xexample|xdescribe|xcontext|xscenario|fit|fdescribe|fcontext)\b/,
        /^\s*(?:skip|pending)\b/,
        /\b(?:skip|pending|focus):(?=\s*\S)|:(?:skip|pending|focus)\s*=>/,
      ],
    },
  },
  {
    extension: /\.cs$/,
    language: { comment: C_COMMENT, strings: QUOTED, markers: [/\[\s*(?:Ignore|Explicit)\b/, /\bSkip\s*=/, /\bAssert\.(?:Ignore|Inconclusive)\s*\(/] },
  },
  {
    extension: /\.php$/,
    language: { comment: /^(?:\/\/|\/\*|\*|#(?!\[))/, strings: QUOTED, markers: [/\bmarkTest(?:Skipped|Incomplete)\s*\(/] },
  },
];

/** Distinct markers in `addedLines` of the file at `path`, in the order first seen. */
export function findSkipMarkers(path: string, addedLines: readonly string[]): string[] {
  const language = LANGUAGES.find((entry) => entry.extension.test(path))?.language;
  if (!language) return [];
  const found = new Set<string>();
  for (const raw of addedLines) {
    const line = raw.trim();
    for (const marker of language.commentMarkers ?? []) {
      const match = marker.exec(line);
      if (match) found.add(markerName(match[0]));
    }
    if (language.comment.test(line)) continue;
    const code = withoutTrailingComment(line.replace(language.strings, (quoted) => quoted[0]!.repeat(2)), language);
    for (const marker of language.markers) {
      const match = marker.exec(code);
      if (match) found.add(markerName(match[0]));
    }
  }
  return [...found];
}

function withoutTrailingComment(code: string, language: Language): string {
  const token = language.comment.source.startsWith('^#') ? ' #' : ' //';
  const at = code.indexOf(token);
  return at === -1 ? code : code.slice(0, at);
}

/** `xit (` -> `xit`, `@pytest.mark.skip` stays, `# [ ignore` -> `#[ignore]`, `[Ignore` -> `[Ignore]`. */
function markerName(text: string): string {
  const name = text.trim().replace(/\s+/g, '').replace(/[({,=:>]+$/, '').replace(/^[{,]/, '');
  return /^#?\[/.test(name) ? `${name}]` : name;
}
