import { firstLine, STORE_TIMEOUT_MS, TOKEN_LABEL, TOKEN_SERVICE, TokenStoreError, type TokenBackend, type ToolDeps } from './token-backend.js';
import type { ToolResult } from '../../../platform/index.js';

/**
 * The freedesktop Secret Service (GNOME Keyring, KWallet) through `secret-tool`, which reads the
 * secret from stdin. `lookup` of a missing item exits 1 and prints nothing; any message on stderr
 * means the service itself is unreachable (no D-Bus session over SSH or in a headless box, a locked
 * collection), which the probe turns into a fall-back to the file store.
 */
export function secretServiceBackend({ run, env, findBin }: ToolDeps): TokenBackend {
  const tool = () => {
    const bin = findBin('secret-tool');
    if (!bin) throw new TokenStoreError('`secret-tool` was not found (Debian/Ubuntu: apt install libsecret-tools)');
    return bin;
  };
  const call = (args: string[], input?: string) =>
    run(tool(), args, { env, timeoutMs: STORE_TIMEOUT_MS, ...(input === undefined ? {} : { input }) });
  const why = (result: ToolResult) => firstLine(result.stderr) || result.failure || `exit ${result.exitCode}`;
  const lookup = async (): Promise<{ found: string | undefined } | { broken: string }> => {
    const result = await call(['lookup', 'service', TOKEN_SERVICE]);
    if (result.exitCode === 0) return { found: result.stdout.trim() || undefined };
    if (result.exitCode === 1 && result.stderr.trim() === '') return { found: undefined };
    return { broken: why(result) };
  };

  return {
    name: 'secret-service',
    where: `the Secret Service keyring via secret-tool (service ${TOKEN_SERVICE})`,

    async probe() {
      if (!findBin('secret-tool')) return { usable: false, why: '`secret-tool` not found' };
      const looked = await lookup();
      return 'broken' in looked ? { usable: false, why: `secret-tool does not work here: ${looked.broken}` } : { usable: true };
    },

    async store(token, account) {
      await this.remove();
      const result = await call(['store', `--label=${TOKEN_LABEL}`, 'service', TOKEN_SERVICE, 'account', account], token);
      if (result.exitCode !== 0) throw new TokenStoreError(`secret-tool could not store the token: ${why(result)}`);
    },

    async read() {
      const looked = await lookup();
      if ('broken' in looked) throw new TokenStoreError(`secret-tool could not read the token: ${looked.broken}`);
      return looked.found;
    },

    async remove() {
      const looked = await lookup();
      if ('broken' in looked) throw new TokenStoreError(`secret-tool could not reach the keyring: ${looked.broken}`);
      if (looked.found === undefined) return false;
      const result = await call(['clear', 'service', TOKEN_SERVICE]);
      if (result.exitCode !== 0) throw new TokenStoreError(`secret-tool could not remove the token: ${why(result)}`);
      return true;
    },
  };
}
