export interface ChangedLines {
  addedLines: string[];
  removedLines: string[];
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * Added and removed lines per file (keyed by the path after the change) from `git diff -U0
 * --src-prefix=a/ --dst-prefix=b/`. Hunk lines are taken by the counts in each hunk header, so
 * an added line that itself starts with `+++` or `diff --git` is never mistaken for a header.
 */
export function parseZeroContextDiff(diff: string): Map<string, ChangedLines> {
  const files = new Map<string, ChangedLines>();
  const lines = diff.split('\n');
  let current: ChangedLines | undefined;
  let oldPath: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('diff --git ')) {
      current = undefined;
      oldPath = undefined;
    } else if (line.startsWith('--- ')) {
      oldPath = headerPath(line.slice(4), 'a/');
    } else if (line.startsWith('+++ ')) {
      const path = headerPath(line.slice(4), 'b/') ?? oldPath;
      current = path === undefined ? undefined : (files.get(path) ?? { addedLines: [], removedLines: [] });
      if (path !== undefined && current) files.set(path, current);
    } else if (current) {
      const hunk = HUNK.exec(line);
      if (!hunk) continue;
      let removed = hunk[1] === undefined ? 1 : Number(hunk[1]);
      let added = hunk[2] === undefined ? 1 : Number(hunk[2]);
      while ((removed > 0 || added > 0) && i + 1 < lines.length) {
        const body = lines[++i] as string;
        if (body.startsWith('-') && removed > 0) {
          current.removedLines.push(body.slice(1));
          removed--;
        } else if (body.startsWith('+') && added > 0) {
          current.addedLines.push(body.slice(1));
          added--;
        } else if (!body.startsWith('\\')) {
          break; // Malformed hunk: stop taking lines rather than guess.
        }
      }
    }
  }
  return files;
}

/** `b/src/a.ts`, `"b/we\"ird\tname"`, or `/dev/null` (undefined). */
function headerPath(text: string, prefix: string): string | undefined {
  const raw = text.startsWith('"') ? unquote(text) : text.replace(/\t$/, '');
  if (raw === '/dev/null') return undefined;
  return raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Git's C-style quoting of unusual paths: escapes and octal bytes, decoded as UTF-8. */
function unquote(quoted: string): string {
  const bytes: number[] = [];
  const body = quoted.slice(1, quoted.lastIndexOf('"'));
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char));
      continue;
    }
    const next = body[++i] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i, i + 3));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 2;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
