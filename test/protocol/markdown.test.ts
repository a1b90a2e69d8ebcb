import { describe, expect, it } from 'vitest';
import { tail } from '../../src/protocol/markdown.js';

// In a /u pattern a whole surrogate pair is one code point; only half of one matches.
const LONE_SURROGATE = /\p{Cs}/u;

describe('tail', () => {
  it('keeps short text whole', () => {
    expect(tail('all of it', 20)).toBe('all of it');
  });

  it('cuts at the start of a line and says how much went', () => {
    expect(tail('first line\nsecond line\nthird', 14)).toBe('… (23 earlier characters omitted)\nthird');
  });

  it('cuts a single long line between graphemes, never inside an emoji', () => {
    // "👍🏽" is four UTF-16 units; the last 7 units start inside it, so the whole emoji goes.
    const kept = tail('build 👍🏽 done', 7);
    expect(kept).toBe('… (10 earlier characters omitted)\n done');
    expect(kept).not.toMatch(LONE_SURROGATE);
  });

  it('keeps a ZWJ family and a combining accent whole or not at all', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(tail(`log ${family}!`, 6)).toBe('… (15 earlier characters omitted)\n!');
    expect(tail(`log ${family}!`, 12)).toBe(`… (4 earlier characters omitted)\n${family}!`);
    expect(tail('cafe\u0301 ok', 4)).toBe('… (5 earlier characters omitted)\n ok');
  });
});
