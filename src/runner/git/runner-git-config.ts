import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';

export interface Identity {
  name: string;
  email: string;
}

/** Who the session commits are by when git knows no identity for the developer. */
export const FALLBACK_IDENTITY: Identity = { name: 'overnight', email: 'overnight@users.noreply.github.com' };

export interface WriteRunnerGitConfigOptions {
  /** The runner-owned global config (`GIT_CONFIG_GLOBAL` of every runner git command). */
  file: string;
  clonePath: string;
  /** `git config --get <key>` as the developer's own git answers it in their clone (repository, global and system config). */
  readConfig?: (key: string) => Promise<string | undefined>;
}

/**
 * Writes the runner's global git config: the developer's identity, as their git resolves it in the
 * clone (a per-repository identity wins), and nothing else, so no `insteadOf`, helper, include,
 * proxy or excludes file from any config reaches the runner's git. Rewritten only when the identity
 * changed; read once per runner start.
 */
export async function writeRunnerGitConfig({ file, clonePath, readConfig = userConfigReader(clonePath) }: WriteRunnerGitConfigOptions): Promise<Identity> {
  const name = clean(await readConfig('user.name'));
  const email = clean(await readConfig('user.email'));
  const identity = name && email ? { name, email } : FALLBACK_IDENTITY;
  const text = [
    '# Written by overnight at each start: the only global config of its own git commands.',
    '[user]',
    `\tname = ${quote(identity.name)}`,
    `\temail = ${quote(identity.email)}`,
    '',
  ].join('\n');
  if ((await readFile(file, 'utf8').catch(() => undefined)) === text) return identity;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.new`, text);
  await rename(`${file}.new`, file);
  return identity;
}

function userConfigReader(clonePath: string) {
  // The developer's own view of their config, minus variables that would point git elsewhere.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
  return async (key: string) => {
    const result = await execa('git', ['config', '--get', key], { cwd: clonePath, env: { ...env, GIT_TERMINAL_PROMPT: '0' }, extendEnv: false, reject: false });
    return result.exitCode === 0 ? String(result.stdout) : undefined;
  };
}

const clean = (value: string | undefined) => value?.replace(/[\u0000-\u001f\u007f]/g, '').trim() || undefined;
const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
