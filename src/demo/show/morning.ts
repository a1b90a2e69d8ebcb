import type { SandboxSnapshot } from '../../sandbox/index.js';

/** Each agent PR as the maintainer finds it in the morning: title, labels, then the body. */
export function formatPulls(state: SandboxSnapshot): string {
  const labelsOf = new Map(state.issues.map((issue) => [issue.number, issue.labels.map((label) => (typeof label === 'string' ? label : label.name))]));
  return state.pulls
    .map((pull) => {
      const labels = labelsOf.get(pull.number) ?? [];
      const rule = '-'.repeat(72);
      return [
        rule,
        `PR #${pull.number}: ${pull.title}`,
        `${pull.head.ref} -> ${pull.base.ref} · ${pull.state}${pull.draft ? ' (draft)' : ''} · labels: ${labels.join(', ') || '(none)'}`,
        rule,
        (pull.body ?? '').trim(),
      ].join('\n');
    })
    .join('\n\n');
}
