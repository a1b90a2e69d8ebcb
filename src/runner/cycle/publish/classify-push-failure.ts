/** A failed `git push`, read from git's output. */
export interface PushFailure {
  /** True when GitHub refused the push for a reason that will not change by trying again. */
  permanent: boolean;
  /** One line for the session, the log and the goal comment. */
  reason: string;
  /** What the user can do about a permanent refusal. */
  hint?: string;
}

interface Refusal {
  test: RegExp;
  why: string;
  /** The specifics (the file, the rule) from the remote's lines, or from the whole output. */
  detail?: (remote: readonly string[], output: string) => string | undefined;
  hint: string;
}

const lineMatching = (pattern: RegExp) => (remote: readonly string[]) => remote.find((line) => pattern.test(line));
const after = (pattern: RegExp) => (remote: readonly string[]) => remote[remote.findIndex((line) => pattern.test(line)) + 1];

// What GitHub prints when it refuses a push for good; the wording is quoted from real outputs
// (test/fixtures/runner/push-rejections/README.md names the sources).
const REFUSALS: readonly Refusal[] = [
  {
    test: /GH001: Large files detected|exceeds GitHub's file size limit/,
    why: "GH001: a file is over GitHub's 100 MB file size limit",
    detail: lineMatching(/^File .+ is [\d.]+ MB; this exceeds/),
    hint: 'remove the large file from the change (or track it with Git LFS) before applying it',
  },
  {
    test: /Push cannot contain secrets|GITHUB PUSH PROTECTION/,
    why: 'GH013: GitHub push protection found a secret in the commit',
    detail: (remote) => {
      const kind = remote.map((line) => /^——\s*([^—]+?)\s*—/.exec(line)?.[1]).find(Boolean);
      const path = remote.map((line) => /^path:\s*(.+)$/.exec(line)?.[1]).find(Boolean);
      return kind && path ? `${kind} in ${path}` : kind;
    },
    hint: 'remove the secret from the change, and revoke it if it is real',
  },
  {
    test: /GH013: Repository rule violations/,
    why: 'GH013: a repository rule refused the branch',
    detail: (remote) => lineMatching(/^- (?!GITHUB PUSH PROTECTION)/)(remote)?.slice(2),
    hint: 'allow agent/* branches in the repository rules (Settings > Rules) or push the change yourself',
  },
  {
    test: /GH006: Protected branch update failed/,
    why: 'GH006: the branch is protected',
    detail: after(/GH006: Protected branch update failed/),
    hint: 'exempt agent/* branches from branch protection or push the change yourself',
  },
  {
    test: /refusing to allow an? .+ to create or update workflow/,
    why: 'the token may not change GitHub Actions workflows (it lacks the workflow scope)',
    detail: (_remote, output) => /create or update workflow `?([^`\s]+)`?/.exec(output)?.[1],
    hint: 'give the runner a token with the workflow scope, or keep agents out of .github/workflows (guard.forbidPaths)',
  },
  {
    test: /\(stale info\)|\[rejected\][^\n]*\((?:non-fast-forward|fetch first)\)/,
    why: 'the branch moved on GitHub after the session started (someone pushed to it), and a revision never overwrites that',
    hint: 'ask for the revision again (/overnight revise) so it starts from the new head',
  },
  {
    test: /\((?:pre-receive hook declined|protected branch hook declined|push declined due to [^)]+)\)/,
    why: 'a hook on the remote refused the push',
    hint: 'read the remote lines above; fix what the hook names, then apply the change',
  },
];

/** The lines the remote printed (`remote: ...`), without GitHub's framing and progress. */
function remoteLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('remote:'))
    .map((line) => line.slice('remote:'.length).replace(/^\s*(error:\s*)?/, '').trim())
    .filter((line) => line !== '' && !/^(Trace:|See \S+ for more information|Resolving deltas|\(\?\)|https?:\/\/|—+$)/.test(line));
}

/**
 * Reads a failed push (git's stdout and stderr together; `--porcelain` puts the ref status on
 * stdout). A refusal GitHub will repeat (file size, push protection, rules, protected branch, a
 * hook, a moved revision branch) is permanent; anything else (no answer, 5xx, a dropped
 * connection, a refused token that may be fixed) may pass and is retried.
 */
export function classifyPushFailure(output: string): PushFailure {
  const remote = remoteLines(output);
  for (const refusal of REFUSALS) {
    if (!refusal.test.test(output)) continue;
    const detail = refusal.detail?.(remote, output) ?? remote.slice(0, 2).join(' | ');
    return { permanent: true, reason: detail ? `${refusal.why} (${detail})` : refusal.why, hint: refusal.hint };
  }
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'Done' && !line.startsWith('To ') && !line.startsWith('error: failed to push some refs'));
  // git's own verdict ("fatal: unable to access ...: The requested URL returned error: 502") says most.
  const verdicts = lines.filter((line) => /^(fatal|error):/.test(line));
  return { permanent: false, reason: (verdicts.length > 0 ? verdicts.slice(0, 2) : lines.slice(-2)).join(' | ') || 'git push failed without a message' };
}
