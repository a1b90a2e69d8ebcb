import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { TokenStoreError, type TokenBackend } from './token-backend.js';

export type TokenFs = Pick<typeof nodeFs, 'readFile' | 'writeFile' | 'mkdir' | 'chmod' | 'stat' | 'rename' | 'rm'>;

const isMissing = (error: unknown) => (error as { code?: unknown } | null)?.code === 'ENOENT';
const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * The last resort where no keyring works: `<configDir>/token`, mode 0600 in a 0700 directory. A
 * token file others can read is refused rather than used, because by then it may have leaked.
 */
export function fileBackend({ configDir, fs = nodeFs }: { configDir: string; fs?: TokenFs }): TokenBackend {
  const path = join(configDir, 'token');
  return {
    name: 'file',
    where: path,

    async probe() {
      return { usable: true };
    },

    async store(token) {
      await fs.mkdir(configDir, { recursive: true, mode: 0o700 });
      await fs.chmod(configDir, 0o700);
      // A fresh file renamed over the old one: writeFile keeps an existing file's looser mode.
      const temporary = `${path}.${process.pid}.tmp`;
      await fs.writeFile(temporary, `${token}\n`, { mode: 0o600, flag: 'w' });
      await fs.chmod(temporary, 0o600);
      await fs.rename(temporary, path);
    },

    async read() {
      let mode: number;
      try {
        mode = (await fs.stat(path)).mode;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      if ((mode & 0o077) !== 0) {
        throw new TokenStoreError(
          `${path} can be read by other users (mode ${octal(mode)}), so it is not used: run \`chmod 600 ${path}\`, and replace the token if others may have read it`,
        );
      }
      const token = (await fs.readFile(path, 'utf8')).trim();
      return token === '' ? undefined : token;
    },

    async remove() {
      try {
        await fs.stat(path);
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
      await fs.rm(path, { force: true });
      return true;
    },
  };
}
