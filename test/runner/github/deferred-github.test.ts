import { describe, expect, it } from 'vitest';
import { deferredGithub } from '../../../src/runner/github/deferred-github.js';
import { fakeGithub } from '../helpers/fake-github.js';

describe('a GitHub client built at the first call', () => {
  it('is not built until a method is called, then once for all calls', async () => {
    let builds = 0;
    const port = deferredGithub(async () => {
      builds += 1;
      return fakeGithub({ permissions: { alice: 'write' }, paused: true });
    });
    expect(builds).toBe(0);
    const [permission, paused] = await Promise.all([port.permissionOf('alice'), port.isPaused()]);
    expect([permission, paused]).toStrictEqual(['write', true]);
    await port.permissionOf('bob');
    expect(builds).toBe(1);
  });

  it('tries again after a failed build, and is no thenable (awaiting it never builds it)', async () => {
    let builds = 0;
    const port = deferredGithub(async () => {
      builds += 1;
      if (builds === 1) throw new Error('cannot load the client');
      return fakeGithub();
    });
    expect(await Promise.resolve(port)).toBe(port);
    expect(builds).toBe(0);
    await expect(port.isPaused()).rejects.toThrow('cannot load the client');
    expect(await port.isPaused()).toBe(false);
    expect(builds).toBe(2);
  });
});
