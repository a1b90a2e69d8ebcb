import type { RunTool } from '../../../platform/index.js';

/** The item name the GitHub token is filed under in an OS credential store. */
export const TOKEN_SERVICE = 'dev.overnight.github';
export const TOKEN_LABEL = 'overnight GitHub token';
/** How long one credential-store command may take: a keyring that wants a GUI unlock must not hang the CLI. */
export const STORE_TIMEOUT_MS = 10_000;

export type TokenBackendName = 'keychain' | 'secret-service' | 'file';

export type Usable = { usable: true } | { usable: false; why: string };

/** One place the token can live. Every method may reject with a TokenStoreError saying what to do. */
export interface TokenBackend {
  readonly name: TokenBackendName;
  /** Where, in words, for `auth status` and doctor. */
  readonly where: string;
  /** Whether this store works on this machine right now (a keyring without a D-Bus session does not). */
  probe(): Promise<Usable>;
  store(token: string, account: string): Promise<void>;
  read(): Promise<string | undefined>;
  /** True when there was something to remove. */
  remove(): Promise<boolean>;
}

export class TokenStoreError extends Error {
  override name = 'TokenStoreError';
}

/** What a backend needs to run its tool. */
export interface ToolDeps {
  run: RunTool;
  env: NodeJS.ProcessEnv;
  findBin: (name: string) => string | undefined;
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
