export { createGithub, type CreateGithubOptions } from './create-github.js';
export { resolveToken, resolveTokenWithSource, type ResolveTokenOptions, type ResolvedToken } from './token/resolve-token.js';
export type * from './types.js';
