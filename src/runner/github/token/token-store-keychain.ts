import { firstLine, STORE_TIMEOUT_MS, TOKEN_LABEL, TOKEN_SERVICE, TokenStoreError, type TokenBackend, type ToolDeps } from './token-backend.js';
import type { ToolResult } from '../../../platform/index.js';

// errSecItemNotFound as `security` reports it: its exit status, or "returned 44" in interactive mode.
const ITEM_NOT_FOUND = 44;

/**
 * One argument on a `security -i` line. Its line parser honours double quotes with backslash
 * escapes; a newline would end the command, so none may appear.
 */
export function quoteForSecurity(value: string): string {
  if (/[\n\r\0]/.test(value)) throw new TokenStoreError('a keychain value cannot contain a line break');
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** The exit status of a `security` run, including a failure reported only on stderr by `-i`. */
function statusOf(result: ToolResult): number | undefined {
  if (result.failure) return undefined;
  const reported = /returned (-?\d+)/.exec(result.stderr);
  return result.exitCode !== 0 ? result.exitCode : reported ? Number(reported[1]) : 0;
}

/**
 * The macOS login keychain through `/usr/bin/security`. Adding goes through `security -i`, which
 * reads the command from stdin: `add-generic-password -w TOKEN` as arguments would show the token
 * to anyone running `ps`, and `-w` without a value prompts on the terminal rather than reading stdin.
 */
export function keychainBackend({ run, env, findBin }: ToolDeps): TokenBackend {
  const security = () => {
    const bin = findBin('security');
    if (!bin) throw new TokenStoreError('the macOS `security` tool was not found (expected /usr/bin/security)');
    return bin;
  };
  const call = (args: string[], input?: string) =>
    run(security(), args, { env, timeoutMs: STORE_TIMEOUT_MS, ...(input === undefined ? {} : { input }) });
  const fail = (what: string, result: ToolResult) =>
    new TokenStoreError(`${what} failed: ${firstLine(result.stderr) || result.failure || `exit ${result.exitCode}`}`);

  return {
    name: 'keychain',
    where: `the macOS login keychain (service ${TOKEN_SERVICE})`,

    async probe() {
      if (!findBin('security')) return { usable: false, why: '`security` not found' };
      // Without -w: asks whether the keychain answers, without pulling a secret through a pipe.
      const result = await call(['find-generic-password', '-s', TOKEN_SERVICE]);
      const status = statusOf(result);
      if (status === 0 || status === ITEM_NOT_FOUND) return { usable: true };
      return { usable: false, why: `the login keychain did not answer: ${firstLine(result.stderr) || result.failure || `exit ${status}`}` };
    },

    async store(token, account) {
      await this.remove();
      const line = [
        'add-generic-password',
        '-U',
        '-a', quoteForSecurity(account),
        '-s', quoteForSecurity(TOKEN_SERVICE),
        '-l', quoteForSecurity(TOKEN_LABEL),
        '-w', quoteForSecurity(token),
      ].join(' ');
      const result = await call(['-i'], `${line}\n`);
      if (statusOf(result) !== 0) throw fail('adding the token to the macOS keychain', result);
    },

    async read() {
      const result = await call(['find-generic-password', '-s', TOKEN_SERVICE, '-w']);
      const status = statusOf(result);
      if (status === ITEM_NOT_FOUND) return undefined;
      if (status !== 0) throw fail('reading the token from the macOS keychain', result);
      return result.stdout.trim() || undefined;
    },

    async remove() {
      // delete-generic-password removes one matching item per call; an earlier login may have left several.
      let removed = 0;
      for (let attempt = 0; attempt < 20; attempt++) {
        const result = await call(['delete-generic-password', '-s', TOKEN_SERVICE]);
        const status = statusOf(result);
        if (status === ITEM_NOT_FOUND) return removed > 0;
        if (status !== 0) throw fail('removing the token from the macOS keychain', result);
        removed++;
      }
      throw new TokenStoreError(`more than 20 keychain items named ${TOKEN_SERVICE}; remove them in Keychain Access`);
    },
  };
}
