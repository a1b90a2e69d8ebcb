import { describe, expect, it } from 'vitest';
import { parseGithubRemote, redactRemoteUrl } from '../../src/setup/parse-remote-url.js';

const github = (repo: string) => ({ github: repo, host: 'github.com', apiUrl: 'https://api.github.com' });

describe('parseGithubRemote', () => {
  it.each([
    ['https://github.com/acme/widgets.git', github('acme/widgets')],
    ['https://github.com/acme/widgets', github('acme/widgets')],
    ['https://github.com/acme/widgets/', github('acme/widgets')],
    ['https://x-access-token:ghs_abc@github.com/acme/widgets.git', github('acme/widgets')],
    ['http://www.github.com/acme/widgets', github('acme/widgets')],
    ['git@github.com:acme/widgets.git', github('acme/widgets')],
    ['github.com:acme/widgets', github('acme/widgets')],
    ['ssh://git@github.com/acme/widgets.git', github('acme/widgets')],
    ['ssh://git@ssh.github.com:443/acme/widgets.git', github('acme/widgets')],
    ['git@github.com-work:acme/my.widgets.git', github('acme/my.widgets')],
    ['git://github.com/acme/widgets.git', github('acme/widgets')],
  ])('%s is a github.com repository', (url, expected) => {
    expect(parseGithubRemote(url)).toStrictEqual(expected);
  });

  it('maps GitHub Enterprise hosts to their /api/v3 root, keeping an https port but not an ssh one', () => {
    expect(parseGithubRemote('https://ghe.acme.test/platform/widgets.git')).toStrictEqual({ github: 'platform/widgets', host: 'ghe.acme.test', apiUrl: 'https://ghe.acme.test/api/v3' });
    expect(parseGithubRemote('https://ghe.acme.test:8443/platform/widgets')?.apiUrl).toBe('https://ghe.acme.test:8443/api/v3');
    expect(parseGithubRemote('ssh://git@GHE.acme.test:2222/platform/widgets.git')?.apiUrl).toBe('https://ghe.acme.test/api/v3');
    expect(parseGithubRemote('git@ghe.acme.test:platform/widgets.git')?.apiUrl).toBe('https://ghe.acme.test/api/v3');
  });

  it('maps a data-residency ghe.com tenant to api.<tenant>.ghe.com', () => {
    expect(parseGithubRemote('https://acme.ghe.com/platform/widgets.git')?.apiUrl).toBe('https://api.acme.ghe.com');
  });

  it.each([
    '/srv/git/widgets.git',
    '../widgets',
    'file:///srv/git/acme/widgets.git',
    'https://github.com/acme',
    'https://github.com/acme/widgets/tree/main',
    'C:/repos/widgets',
    '',
  ])('%s is no GitHub repository', (url) => {
    expect(parseGithubRemote(url)).toBeUndefined();
  });
});

describe('redactRemoteUrl', () => {
  it('drops user and password from URLs, leaving scp-like ssh alone', () => {
    expect(redactRemoteUrl('https://x-access-token:ghs_abc@github.com/acme/widgets.git')).toBe('https://github.com/acme/widgets.git');
    expect(redactRemoteUrl('https://octocat@github.com/acme/widgets.git')).toBe('https://github.com/acme/widgets.git');
    expect(redactRemoteUrl('ssh://git@github.com/acme/widgets.git')).toBe('ssh://github.com/acme/widgets.git');
    expect(redactRemoteUrl('git@github.com:acme/widgets.git')).toBe('git@github.com:acme/widgets.git');
  });
});
