import { z } from 'zod';

/**
 * The repository side: `.github/overnight.yml`, read by the bot (through `context.config`) and
 * by the runner (contents API). Every field has a default, so an absent file means defaults.
 */

/** GitHub's repository permission levels, lowest first. */
export const PERMISSION_LEVELS = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export function permissionAtLeast(actual: PermissionLevel, required: PermissionLevel): boolean {
  return PERMISSION_LEVELS.indexOf(actual) >= PERMISSION_LEVELS.indexOf(required);
}

export const repoConfigSchema = z
  .strictObject({
    goalLabel: z.string().min(1).default('overnight').describe('The label that makes an issue a goal.'),
    commandPermission: z
      .enum(['read', 'triage', 'write', 'maintain', 'admin'])
      .default('write')
      .describe('Lowest repository permission whose holders may give `/overnight` commands and whose text reaches agents.'),
    pr: z
      .strictObject({
        base: z.string().min(1).optional().describe('Base branch of agent PRs. Default: the repository default branch.'),
        draft: z.boolean().default(false).describe('Open every agent PR as a draft.'),
        labels: z.array(z.string().min(1)).default([]).describe('Extra labels on every agent PR.'),
        reviewers: z.array(z.string().min(1)).default([]).describe('Users asked to review every agent PR.'),
        teamReviewers: z.array(z.string().min(1)).default([]).describe('Teams (slugs) asked to review.'),
      })
      .prefault({})
      .describe('How the bot opens agent pull requests.'),
    limits: z
      .strictObject({
        maxOpenPrs: z.int().min(1).max(1000).optional().describe('Runners start no session while this many agent PRs are open.'),
        recentPrs: z.int().min(1).max(100).default(10).describe('Bot PRs listed on the dashboard.'),
      })
      .prefault({})
      .describe('Limits that every runner serving the repository honours.'),
  })
  .prefault({});

export type RepoConfig = z.output<typeof repoConfigSchema>;
