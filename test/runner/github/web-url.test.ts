import { describe, expect, it } from 'vitest';
import { pullRequestUrl, webUrlOf } from '../../../src/runner/github/web-url.js';
import { tokenSourceOf } from '../../../src/runner/github/token/token-source.js';

describe('the web side of github.apiUrl', () => {
  it.each([
    ['https://api.github.com', 'https://github.com'],
    ['https://api.github.com/', 'https://github.com'],
    ['https://ghe.acme.test/api/v3', 'https://ghe.acme.test'],
    ['https://api.acme.ghe.com', 'https://acme.ghe.com'],
    // The local stand-in lays itself out like GitHub Enterprise, on a port.
    ['http://127.0.0.1:4477/api/v3', 'http://127.0.0.1:4477'],
  ])('%s -> %s', (apiUrl, web) => {
    expect(webUrlOf(apiUrl)).toBe(web);
  });

  it('builds a PR link from repo.github and the number', () => {
    expect(pullRequestUrl('https://ghe.acme.test/api/v3', 'acme/widgets', 4)).toBe('https://ghe.acme.test/acme/widgets/pull/4');
  });
});

describe('where the token comes from, as errors name it', () => {
  it.each([
    ['env', { GITHUB_TOKEN: 'x' }, 'GITHUB_TOKEN'],
    ['env', { GITHUB_TOKEN: ' ', GH_TOKEN: 'y' }, 'GH_TOKEN'],
    ['gh', {}, '`gh auth token`'],
    ['store', {}, 'the credential store (`overnight auth login`)'],
  ])('%s %j -> %s', (mode, env, source) => {
    expect(tokenSourceOf(mode, env)).toBe(source);
  });
});
