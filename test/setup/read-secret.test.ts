import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSecret } from '../../src/setup/read-secret.js';

const TOKEN = ['ghp', 'Rs2'.repeat(12)].join('_');

function streams(tty: boolean) {
  const modes: boolean[] = [];
  const input = Object.assign(new PassThrough(), tty ? { isTTY: true, setRawMode: (raw: boolean) => modes.push(raw) } : {});
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  return { input, output, modes, shown: () => shown };
}

describe('readSecret', () => {
  it('on a terminal: raw mode, nothing echoed, backspace edits, Enter ends', async () => {
    const io = streams(true);
    const secret = readSecret(io.input, io.output, 'GitHub token: ');
    io.input.write(`${TOKEN}x\u007f`);
    io.input.write('\r');
    expect(await secret).toBe(TOKEN);
    expect(io.shown()).toBe('GitHub token: \n');
    expect(io.modes).toStrictEqual([true, false]);
  });

  it('on a terminal, Ctrl-C cancels and restores the mode', async () => {
    const io = streams(true);
    const secret = readSecret(io.input, io.output, 'GitHub token: ');
    io.input.write('ghp_\u0003');
    await expect(secret).rejects.toThrow('cancelled');
    expect(io.modes).toStrictEqual([true, false]);
  });

  it('piped: the first line, or everything up to the end', async () => {
    let io = streams(false);
    io.input.end(`${TOKEN}\nrest\n`);
    expect(await readSecret(io.input, io.output, '')).toBe(TOKEN);
    io = streams(false);
    io.input.end(TOKEN);
    expect(await readSecret(io.input, io.output, '')).toBe(TOKEN);
    io = streams(false);
    io.input.end('');
    await expect(readSecret(io.input, io.output, '')).rejects.toThrow('no input: pipe the token in or type it');
  });
});
