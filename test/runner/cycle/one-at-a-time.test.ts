import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../../src/runner/cycle/one-at-a-time.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('oneAtATime', () => {
  it('runs tasks one after another in the order they asked, whatever each one does', async () => {
    const lock = oneAtATime();
    const seen: string[] = [];
    const task = (name: string, fail = false) => async () => {
      seen.push(`${name} in`);
      await tick();
      seen.push(`${name} out`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lock.run(task('a')), lock.run(task('b', true)), lock.run(task('c'))]);
    expect(seen).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('hands the lock on once, however often its release is called', async () => {
    const lock = oneAtATime();
    const release = await lock.acquire();
    let second = false;
    const waiting = lock.acquire().then((next) => ((second = true), next));
    release();
    release();
    const third = lock.acquire();
    await waiting;
    expect(second).toBe(true);
    let thirdIn = false;
    void third.then(() => (thirdIn = true));
    await tick();
    expect(thirdIn).toBe(false);
  });

  it('skips a task when the lock is held or waited for, and runs it when free', async () => {
    const lock = oneAtATime();
    const release = await lock.acquire();
    expect(await lock.runIfFree(async () => 'ran')).toBeUndefined();
    release();
    expect(await lock.runIfFree(async () => 'ran')).toBe('ran');
  });
});
