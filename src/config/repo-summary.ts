import type { RepoConfig } from './repo-config.js';

/**
 * One line for `overnight validate .github/overnight.yml`: goal label, who may command, how PRs
 * are opened, limits.
 */
export function summarizeRepoConfig(config: RepoConfig): string {
  const pr = [
    config.pr.draft ? 'PRs as drafts' : 'PRs ready for review',
    `against ${config.pr.base ?? 'the default branch'}`,
    ...(config.pr.labels.length > 0 ? [`labelled ${config.pr.labels.join(', ')}`] : []),
    ...(config.pr.reviewers.length + config.pr.teamReviewers.length > 0
      ? [`reviewed by ${[...config.pr.reviewers, ...config.pr.teamReviewers.map((team) => `team ${team}`)].join(', ')}`]
      : []),
  ];
  return [
    `goals: issues labelled "${config.goalLabel}"`,
    `commands: ${config.commandPermission} permission and above`,
    pr.join(' '),
    `open agent PRs: ${config.limits.maxOpenPrs ?? 'no limit'}`,
  ].join('; ');
}
