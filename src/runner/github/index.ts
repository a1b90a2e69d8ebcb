export { createGithub, type CreateGithubOptions } from './create-github.js';
export { resolveToken, type ResolveTokenOptions } from './resolve-token.js';
export type * from './types.js';
