import { describe, expect, it } from 'vitest';
import { webHostOf } from '../../../src/runner/github/web-host-of.js';

describe('webHostOf', () => {
  it('names the web host `gh auth token --hostname` and remote URLs use', () => {
    expect(webHostOf('https://api.github.com')).toBe('github.com');
    expect(webHostOf('https://api.github.com/')).toBe('github.com');
    expect(webHostOf('https://GHE.Acme.test/api/v3')).toBe('ghe.acme.test');
    expect(webHostOf('https://api.octo.ghe.com')).toBe('octo.ghe.com');
    expect(webHostOf('http://127.0.0.1:4000/api/v3')).toBe('127.0.0.1');
  });
});
