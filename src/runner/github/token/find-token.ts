import { findExecutable, USER_BIN_DIRS, USER_BIN_SEARCH, runTool, type RunTool } from '../../../platform/index.js';
import { readToken, tokenStatus, TokenStoreError, type TokenStatus, type TokenStoreOptions } from './token-store.js';

/** `github.token` of the runner config, with the OS-credential-store mode `overnight auth login` fills. */
export type TokenMode = 'env' | 'gh' | 'store';

/** A token and where it came from (named in errors: "GitHub rejected the token from GH_TOKEN"), or what to do. */
export type FoundToken = { ok: true; token: string; source: string } | { ok: false; reason: string; fix: string };

export interface FindTokenOptions {
  mode: TokenMode;
  env?: NodeJS.ProcessEnv;
  /** The GitHub host, for `gh auth token --hostname` on GitHub Enterprise. Default github.com. */
  host?: string;
  findGh?: () => string | undefined;
  run?: RunTool;
  readStored?: () => ReturnType<typeof readToken>;
  /** Which stores cannot be used here, to explain a token that was stored where it cannot be read now. */
  storeStatus?: () => Promise<TokenStatus>;
  store?: TokenStoreOptions;
}

const GH_TIMEOUT_MS = 10_000;

/** Finds the runner's GitHub token the way `github.token` says, without throwing. */
export async function findToken(options: FindTokenOptions): Promise<FoundToken> {
  const { mode, env = process.env, host = 'github.com' } = options;
  if (mode === 'env') {
    for (const name of ['GITHUB_TOKEN', 'GH_TOKEN'] as const) {
      const token = env[name]?.trim();
      if (token) return { ok: true, token, source: name };
    }
    return {
      ok: false,
      reason: 'github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set',
      fix: 'run `overnight auth login` and set github.token to "store", or export GITHUB_TOKEN where the runner starts',
    };
  }
  if (mode === 'gh') {
    const gh = (options.findGh ?? (() => findExecutable('gh', { env, extraDirs: USER_BIN_DIRS })))();
    if (!gh) {
      return { ok: false, reason: `github.token is "gh" but the gh CLI was not found on ${USER_BIN_SEARCH}`, fix: 'install gh (https://cli.github.com) or run `overnight auth login` and set github.token to "store"' };
    }
    const args = host === 'github.com' ? ['auth', 'token'] : ['auth', 'token', '--hostname', host];
    const result = await (options.run ?? runTool)(gh, args, { env, timeoutMs: GH_TIMEOUT_MS });
    const token = result.stdout.trim();
    if (result.exitCode === 0 && token !== '') return { ok: true, token, source: `\`gh ${args.join(' ')}\`` };
    return { ok: false, reason: `\`gh ${args.join(' ')}\` printed no token`, fix: `run \`gh auth login${host === 'github.com' ? '' : ` --hostname ${host}`}\`` };
  }
  try {
    const stored = await (options.readStored ?? (() => readToken({ env, ...options.store })))();
    if (stored) return { ok: true, token: stored.token, source: stored.where };
    // A keyring that worked at login may not answer here (locked, no D-Bus session in a service).
    const { unusable } = await (options.storeStatus ?? (() => tokenStatus({ env, ...options.store })))();
    const why = unusable.map((store) => `; ${store.backend} could not be used: ${store.why}`).join('');
    return { ok: false, reason: `github.token is "store" but no token is stored${why}`, fix: 'run `overnight auth login`' };
  } catch (error) {
    if (!(error instanceof TokenStoreError)) throw error;
    return { ok: false, reason: error.message, fix: 'fix the store as the message says, or run `overnight auth login` again' };
  }
}
