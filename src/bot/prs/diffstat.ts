import type { Logger } from 'probot';
import type { Octokit, Repo } from '../github.js';

/** A `git diff --stat`-like summary from the compare API's file list, for the PR body. */
export interface DiffFile {
  filename: string;
  additions: number;
  deletions: number;
}

const BAR_WIDTH = 40;

export function renderDiffstat(files: readonly DiffFile[]): string {
  if (files.length === 0) return '';
  const width = Math.max(...files.map((file) => file.filename.length));
  const most = Math.max(1, ...files.map((file) => file.additions + file.deletions));
  const countWidth = String(most).length;
  const lines = files.map((file) => {
    const changes = file.additions + file.deletions;
    const scale = most > BAR_WIDTH ? BAR_WIDTH / most : 1;
    const plus = Math.round(file.additions * scale);
    const minus = Math.round(file.deletions * scale);
    return ` ${file.filename.padEnd(width)} | ${String(changes).padStart(countWidth)} ${'+'.repeat(plus)}${'-'.repeat(minus)}`.trimEnd();
  });
  const added = files.reduce((sum, file) => sum + file.additions, 0);
  const deleted = files.reduce((sum, file) => sum + file.deletions, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(` ${plural(files.length, 'file')} changed, ${plural(added, 'insertion')}(+), ${plural(deleted, 'deletion')}(-)`);
  return lines.join('\n');
}

/** The diffstat of `base...sha` from the compare API; empty (the body says so) when GitHub cannot compare. */
export async function diffstatFor(octokit: Octokit, repo: Repo, base: string, sha: string, log?: Logger): Promise<string> {
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${sha}`, per_page: 100 });
    return renderDiffstat(data.files ?? []);
  } catch (error) {
    log?.warn({ err: error, base, sha }, 'no diffstat: compare failed');
    return '';
  }
}
