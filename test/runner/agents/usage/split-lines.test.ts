import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLineSplitter, createUsageMeter } from '../../../../src/runner/agents/usage/index.js';
import { OUTPUT, meterFed, fixtureLines } from './feed.js';

const collect = (options?: { maxLineChars?: number }) => {
  const lines: string[] = [];
  return { lines, splitter: createLineSplitter((line) => lines.push(line), options) };
};

describe('createLineSplitter', () => {
  it('joins lines cut across chunks and drops the line ending, CRLF included', () => {
    const { lines, splitter } = collect();
    for (const chunk of ['{"a":', '1}\r\n{"b"', ':2}\n\nlast']) splitter.write(chunk);
    splitter.end();
    expect(lines).toStrictEqual(['{"a":1}', '{"b":2}', '', 'last']);
  });

  it('reassembles a UTF-8 character cut between two chunks', () => {
    const { lines, splitter } = collect();
    const bytes = Buffer.from('✓ passed\n');
    splitter.write(bytes.subarray(0, 1));
    splitter.write(bytes.subarray(1));
    splitter.end();
    expect(lines).toStrictEqual(['✓ passed']);
  });

  it('drops a line longer than the limit whole, and carries on after it', () => {
    const { lines, splitter } = collect({ maxLineChars: 10 });
    splitter.write('short\n0123456789ABC');
    splitter.write('DEF still the long line\nnext\n');
    splitter.write('another-very-long-line-in-one-chunk\nok');
    splitter.end();
    expect(lines).toStrictEqual(['short', 'next', 'ok']);
  });

  it('meters a real child process’s stdout as it arrives, in whatever chunks the pipe gives', async () => {
    // A child that prints the stream-json sample in small uneven writes, like a busy agent.
    const script = `
      const fs = require('node:fs');
      const text = fs.readFileSync(process.argv[1]);
      let at = 0, size = 1;
      while (at < text.length) { fs.writeSync(1, text.subarray(at, at + size)); at += size; size = (size * 7) % 97 + 1; }
    `;
    const meter = createUsageMeter('claude-code');
    const splitter = createLineSplitter((line) => meter.push(line));
    const child = execa(process.execPath, ['-e', script, join(OUTPUT, 'claude-stream.jsonl')], { buffer: false });
    child.stdout.on('data', (chunk: Buffer) => splitter.write(chunk));
    await child;
    splitter.end();
    expect(meter.final()).toStrictEqual(meterFed('claude-code', fixtureLines('claude-stream.jsonl')).final());
  });
});
