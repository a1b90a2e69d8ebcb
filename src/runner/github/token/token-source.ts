/**
 * Where the token of `github.token` comes from, in the words an error names it by ("GitHub
 * rejected the token from GH_TOKEN"). Read before the token is: reading it may take the variables
 * out of the environment.
 */
export function tokenSourceOf(mode: string, env: NodeJS.ProcessEnv = process.env): string {
  if (mode === 'env') return env.GITHUB_TOKEN?.trim() ? 'GITHUB_TOKEN' : 'GH_TOKEN';
  if (mode === 'gh') return '`gh auth token`';
  return 'the credential store (`overnight auth login`)';
}
