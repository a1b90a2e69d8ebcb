import type { components } from '@octokit/openapi-types';

/** A REST response shape exactly as GitHub's OpenAPI description names it, e.g. `Schema<'issue'>`. */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];

export type SimpleUser = Schema<'simple-user'>;
export type Repository = Schema<'repository'>;

/** A webhook body. Shapes follow `@octokit/webhooks-examples`; test/sandbox checks them key by key. */
export type WebhookPayload = Record<string, unknown>;

/** GitHub's timestamp format: ISO-8601 in UTC without milliseconds. */
export function githubTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
