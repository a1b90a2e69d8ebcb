import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../../src/runner/process/output-tail.js';

describe('OutputTail', () => {
  it('keeps whole lines from the end within the limit', () => {
    const tail = new OutputTail(12);
    for (const line of ['alpha', 'beta', 'gamma', 'delta']) tail.push(line);
    expect(tail.text()).toBe('gamma\ndelta');
  });

  it('keeps the end of a single line longer than the limit', () => {
    const tail = new OutputTail(5);
    tail.push('short');
    tail.push('0123456789');
    expect(tail.text()).toBe('56789');
  });

  it('stays bounded and correct over many lines', () => {
    const tail = new OutputTail(100);
    for (let i = 0; i < 100_000; i++) tail.push(`line ${i}`);
    const text = tail.text();
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text.split('\n').at(-1)).toBe('line 99999');
    expect(text.split('\n')[0]).toMatch(/^line 999\d\d$/);
  });

  it('is empty before any line', () => {
    expect(new OutputTail(10).text()).toBe('');
  });
});
