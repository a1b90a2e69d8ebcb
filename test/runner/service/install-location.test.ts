import { describe, expect, it } from 'vitest';
import { temporaryReason } from '../../../src/runner/service/install-location.js';

const options = { env: { npm_config_cache: '/Users/dev/.npm' }, tmpdir: '/var/folders/x1/T', realpath: (path: string) => path.replace(/^\/var\//, '/private/var/') };

describe('temporaryReason', () => {
  it('names npx, npm and temp-dir locations', () => {
    expect(temporaryReason('/Users/dev/.npm/_npx/6a1f0c/node_modules/overnight/bin/overnight.js', options)).toBe("npx's cache");
    expect(temporaryReason('/Users/dev/.npm/other/overnight.js', options)).toBe("npm's cache (/Users/dev/.npm)");
    expect(temporaryReason('/var/folders/x1/T/overnight-pack/lib/node_modules/overnight/bin/overnight.js', options)).toBe('the temporary directory /var/folders/x1/T');
    expect(temporaryReason('/private/var/folders/x1/T/a/bin', options)).toBe('the temporary directory /var/folders/x1/T');
    expect(temporaryReason('/Users/dev/code/app/node_modules/.bin', options)).toBe("a project's node_modules/.bin");
  });

  it('accepts a global install, a checkout and a version manager’s node', () => {
    expect(temporaryReason('/opt/homebrew/lib/node_modules/overnight/bin/overnight.js', options)).toBeUndefined();
    expect(temporaryReason('/Users/dev/src/overnight/bin/overnight.js', options)).toBeUndefined();
    expect(temporaryReason('/Users/dev/.nvm/versions/node/v20.19.0/bin/node', options)).toBeUndefined();
    expect(temporaryReason('/var/folders-not-temp/bin', options)).toBeUndefined();
  });
});
