export { createGithub, type CreateGithubOptions } from './create-github.js';
export { resolveToken, resolveTokenWithSource, type ResolveTokenOptions, type ResolvedToken } from './resolve-token.js';
export type * from './types.js';
