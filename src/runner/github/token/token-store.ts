import { dirname } from 'node:path';
import { platformPaths } from '../../../config/index.js';
import { findExecutable, runTool, type RunTool } from '../../../platform/index.js';
import { TokenStoreError, type TokenBackend, type TokenBackendName } from './token-backend.js';
import { fileBackend, type TokenFs } from './token-store-file.js';
import { keychainBackend } from './token-store-keychain.js';
import { secretServiceBackend } from './token-store-secret-service.js';

export { TOKEN_SERVICE, TokenStoreError, type TokenBackendName } from './token-backend.js';

export interface TokenStoreOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  run?: RunTool;
  fs?: TokenFs;
  /** Where the file store keeps `token`. Default: the directory of the platform config file. */
  configDir?: string;
  findBin?: (name: string, env: NodeJS.ProcessEnv) => string | undefined;
}

export interface StoredIn {
  backend: TokenBackendName;
  where: string;
}

export interface TokenStatus {
  /** Where a token is stored now, if anywhere. */
  found?: StoredIn;
  /** A stored token that must not be used (a file others can read), with what to do. */
  problem?: string;
  /** Where `storeToken` would put a token now. */
  target: StoredIn;
  /** Stores this machine has but cannot use now, and why: the reason the token went to a file. */
  unusable: Array<{ backend: TokenBackendName; why: string }>;
}

/** The stores for this platform, best first; the file store is always last. */
export function tokenBackends(options: TokenStoreOptions = {}): TokenBackend[] {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const find = options.findBin ?? ((name: string, environment: NodeJS.ProcessEnv) => findExecutable(name, { env: environment }));
  const deps = { run: options.run ?? runTool, env, findBin: (name: string) => find(name, env) };
  const configDir = options.configDir ?? dirname(platformPaths({ platform, env }).configFile);
  const file = fileBackend({ configDir, ...(options.fs ? { fs: options.fs } : {}) });
  if (platform === 'darwin') return [keychainBackend(deps), file];
  if (platform === 'linux') return [secretServiceBackend(deps), file];
  return [file];
}

async function usableBackends(options: TokenStoreOptions) {
  const usable: TokenBackend[] = [];
  const unusable: TokenStatus['unusable'] = [];
  for (const backend of tokenBackends(options)) {
    const probe = await backend.probe();
    if (probe.usable) usable.push(backend);
    else unusable.push({ backend: backend.name, why: probe.why });
  }
  return { usable, unusable };
}

const describe = (backend: TokenBackend): StoredIn => ({ backend: backend.name, where: backend.where });

/**
 * Stores the token in the best store that works here and removes copies from the others, so an
 * old plaintext file never outlives a move to the keychain. `account` is the GitHub login.
 */
export async function storeToken(token: string, account: string, options: TokenStoreOptions = {}): Promise<StoredIn> {
  if (!/^\S+$/.test(token)) throw new TokenStoreError('the token is empty or contains whitespace; paste it again');
  const { usable } = await usableBackends(options);
  const [target, ...others] = usable as [TokenBackend, ...TokenBackend[]];
  await target.store(token, account);
  for (const other of others) await other.remove();
  return describe(target);
}

/** The stored token from the first store that has one, or undefined. Rejects on a token file others can read. */
export async function readToken(options: TokenStoreOptions = {}): Promise<(StoredIn & { token: string }) | undefined> {
  const { usable } = await usableBackends(options);
  for (const backend of usable) {
    const token = await backend.read();
    if (token !== undefined) return { token, ...describe(backend) };
  }
  return undefined;
}

/** Removes the token from every store; lists where one was. */
export async function deleteToken(options: TokenStoreOptions = {}): Promise<StoredIn[]> {
  const { usable } = await usableBackends(options);
  const removed: StoredIn[] = [];
  for (const backend of usable) if (await backend.remove()) removed.push(describe(backend));
  return removed;
}

export async function tokenStatus(options: TokenStoreOptions = {}): Promise<TokenStatus> {
  const { usable, unusable } = await usableBackends(options);
  const status: TokenStatus = { target: describe(usable[0] as TokenBackend), unusable };
  for (const backend of usable) {
    try {
      if ((await backend.read()) !== undefined) return { ...status, found: describe(backend) };
    } catch (error) {
      if (!(error instanceof TokenStoreError)) throw error;
      return { ...status, found: describe(backend), problem: error.message };
    }
  }
  return status;
}
