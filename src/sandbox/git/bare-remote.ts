import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: GitIdentity & { date: string };
  committer: GitIdentity & { date: string };
  message: string;
}

export interface CommitFile {
  status: 'added' | 'modified' | 'removed';
  path: string;
  additions: number;
  deletions: number;
}

const FIELD = '%x1f';
const COMMIT_FORMAT = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join(FIELD);

/** The sandbox's remote: a bare repository driven only through git's own plumbing. */
export class BareRemote {
  constructor(readonly path: string) {}

  /** Creates the bare repository with one commit holding `files` on `branch`. */
  static async create(path: string, branch: string, files: Record<string, string>, author: GitIdentity): Promise<BareRemote> {
    await execa('git', ['init', '--bare', '--quiet', `--initial-branch=${branch}`, path]);
    const remote = new BareRemote(path);
    const tree = await remote.writeTree(files);
    const sha = await remote.commitTree(tree, [], 'Initial commit', author);
    await remote.updateRef(`refs/heads/${branch}`, sha, ZERO_SHA);
    return remote;
  }

  /**
   * Creates the bare repository holding one branch of an existing clone, its whole history and
   * nothing else: the stand-in's `branch` IS that clone's `ref`. The clone is only read.
   */
  static async seed(path: string, branch: string, from: { repoPath: string; ref: string }): Promise<BareRemote> {
    await execa('git', ['init', '--bare', '--quiet', `--initial-branch=${branch}`, path]);
    await execa('git', ['fetch', '--quiet', '--no-tags', from.repoPath, `${from.ref}:refs/heads/${branch}`], { cwd: path });
    return new BareRemote(path);
  }

  async git(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<string> {
    const result = await execa('git', args, { cwd: this.path, input: options.input, env: options.env, stripFinalNewline: false });
    return result.stdout;
  }

  /** The commit a ref or sha names, or undefined when there is none. */
  async resolve(rev: string): Promise<string | undefined> {
    const result = await execa('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: this.path, reject: false });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  async refs(prefix: string): Promise<Array<{ ref: string; sha: string }>> {
    const out = await this.git(['for-each-ref', '--format=%(refname) %(objectname)', prefix]);
    return out.split('\n').filter(Boolean).map((line) => {
      const [ref = '', sha = ''] = line.split(' ');
      return { ref, sha };
    });
  }

  async commit(sha: string): Promise<CommitInfo> {
    const out = await this.git(['show', '-s', `--format=${COMMIT_FORMAT}`, sha]);
    const [id = '', tree = '', parents = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', ...message] = out.split('\x1f');
    return {
      sha: id,
      tree,
      parents: parents.split(' ').filter(Boolean),
      author: { name: an, email: ae, date: ad },
      committer: { name: cn, email: ce, date: cd },
      // GitHub reports a message without the newlines git stores and prints after it.
      message: message.join('\x1f').replace(/\n+$/, ''),
    };
  }

  /** Files `sha` changed against its first parent (or against nothing for a root commit). */
  async changedFiles(sha: string, base?: string): Promise<CommitFile[]> {
    const parent = base ?? (await this.commit(sha)).parents[0];
    const range = parent ? [parent, sha] : ['--root', sha];
    const status = await this.git(['diff-tree', '-r', '--no-commit-id', '--no-renames', '--name-status', ...range]);
    const numstat = await this.git(['diff-tree', '-r', '--no-commit-id', '--no-renames', '--numstat', ...range]);
    const counts = new Map(
      numstat.split('\n').filter(Boolean).map((line) => {
        const [added = '0', deleted = '0', ...path] = line.split('\t');
        return [path.join('\t'), { additions: Number(added) || 0, deletions: Number(deleted) || 0 }] as const;
      }),
    );
    return status.split('\n').filter(Boolean).map((line) => {
      const [code = 'M', ...path] = line.split('\t');
      const name = path.join('\t');
      const kind = code.startsWith('A') ? 'added' : code.startsWith('D') ? 'removed' : 'modified';
      return { status: kind, path: name, ...(counts.get(name) ?? { additions: 0, deletions: 0 }) };
    });
  }

  /** Commits reachable from `head` and from none of `excluded`, oldest first. */
  async commitsBetween(head: string, excluded: string[]): Promise<string[]> {
    const out = await this.git(['rev-list', '--reverse', head, ...excluded.map((sha) => `^${sha}`)]);
    return out.split('\n').filter(Boolean);
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const result = await execa('git', ['merge-base', '--is-ancestor', ancestor, descendant], { cwd: this.path, reject: false });
    return result.exitCode === 0;
  }

  async readBlob(rev: string, path: string): Promise<{ sha: string; content: Buffer } | undefined> {
    const object = `${rev}:${path}`;
    const sha = await execa('git', ['rev-parse', '--verify', '--quiet', object], { cwd: this.path, reject: false });
    const type = await execa('git', ['cat-file', '-t', object], { cwd: this.path, reject: false });
    if (sha.exitCode !== 0 || type.stdout.trim() !== 'blob') return undefined;
    const blob = await execa('git', ['cat-file', 'blob', object], { cwd: this.path, encoding: 'buffer', stripFinalNewline: false });
    return { sha: sha.stdout.trim(), content: Buffer.from(blob.stdout) };
  }

  /** Entries of a directory at `rev`, or undefined when `path` is not a directory there. */
  async listDir(rev: string, path: string): Promise<Array<{ type: 'file' | 'dir'; sha: string; name: string }> | undefined> {
    const object = path === '' ? `${rev}^{tree}` : `${rev}:${path}`;
    const type = await execa('git', ['cat-file', '-t', object], { cwd: this.path, reject: false });
    if (type.stdout.trim() !== 'tree') return undefined;
    const out = await this.git(['ls-tree', object]);
    return out.split('\n').filter(Boolean).map((line) => {
      const [meta = '', name = ''] = line.split('\t');
      const [, kind, sha = ''] = meta.split(' ');
      return { type: kind === 'tree' ? 'dir' : 'file', sha, name };
    });
  }

  async writeTree(files: Record<string, string>): Promise<string> {
    const scratch = await mkdtemp(join(tmpdir(), 'overnight-index-'));
    const env = { GIT_INDEX_FILE: join(scratch, 'index') };
    try {
      for (const [path, content] of Object.entries(files)) {
        const blob = (await this.git(['hash-object', '-w', '--stdin'], { input: content })).trim();
        await this.git(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
      }
      return (await this.git(['write-tree'], { env })).trim();
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** A commit object; dates left out are git's own clock. The committer is the author unless given. */
  async commitTree(tree: string, parents: string[], message: string, author: GitIdentity & { date?: string }, committer = author): Promise<string> {
    const env = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      ...(author.date && { GIT_AUTHOR_DATE: author.date }),
      ...(committer.date && { GIT_COMMITTER_DATE: committer.date }),
    };
    const parentArgs = parents.flatMap((parent) => ['-p', parent]);
    return (await this.git(['commit-tree', tree, ...parentArgs], { input: message, env })).trim();
  }

  /** Sets `ref` to `sha` only if it still points at `expected` (ZERO_SHA: only if absent). Atomic. */
  async updateRef(ref: string, sha: string, expected: string): Promise<boolean> {
    const result = await execa('git', ['update-ref', ref, sha, expected], { cwd: this.path, reject: false });
    return result.exitCode === 0;
  }

  async deleteRef(ref: string, expected: string): Promise<boolean> {
    const result = await execa('git', ['update-ref', '-d', ref, expected], { cwd: this.path, reject: false });
    return result.exitCode === 0;
  }

  /** The tree a merge of `head` into `base` would have, or undefined when they conflict. */
  async mergeTree(base: string, head: string): Promise<string | undefined> {
    const result = await execa('git', ['merge-tree', '--write-tree', base, head], { cwd: this.path, reject: false });
    return result.exitCode === 0 ? result.stdout.split('\n')[0]?.trim() : undefined;
  }

  async installHook(name: string, script: string): Promise<void> {
    const file = join(this.path, 'hooks', name);
    await writeFile(file, script);
    await chmod(file, 0o755);
  }
}
