import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRunnerLogger } from '../../../src/runner/daemon/logger.js';

const TOKEN = `ghp_${'a1B2'.repeat(9)}`;

describe('runner logger', () => {
  it('writes JSON lines to a rotating file in the log dir, with a child logger per cycle', async () => {
    const logDir = join(mkdtempSync(join(tmpdir(), 'overnight-log-')), 'logs');
    const { logger, file, close } = await createRunnerLogger({ logDir, pretty: undefined });
    logger.info({ event: 'start' }, 'daemon started');
    logger.child({ cycle: 'c1' }).info({ event: 'cycle-start' }, 'cycle started');
    await close();
    expect(file).toBe(join(logDir, 'current.log'));
    expect(readdirSync(logDir).sort()).toEqual(['current.log', 'runner.1.log']);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.msg, line.cycle])).toEqual([
      ['daemon started', undefined],
      ['cycle started', 'c1'],
    ]);
    expect(lines[0]).toMatchObject({ level: 30, pid: process.pid, event: 'start' });
  });

  it('never writes a GitHub token to the file or the terminal, whatever field carries it', async () => {
    const logDir = join(mkdtempSync(join(tmpdir(), 'overnight-log-')), 'logs');
    const terminal = new PassThrough();
    let shown = '';
    terminal.on('data', (chunk) => (shown += String(chunk)));
    const { logger, file, close } = await createRunnerLogger({ logDir, pretty: terminal });
    logger.info({ token: 'plain-secret-value', request: { headers: { authorization: 'Bearer xyz-secret' } } }, 'calling GitHub');
    logger.warn({ output: `agent printed ${TOKEN}` }, `push failed for https://x-access-token:${TOKEN}@github.com/o/r`);
    await close();
    const written = readFileSync(file, 'utf8');
    for (const text of [written, shown]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('plain-secret-value');
      expect(text).not.toContain('xyz-secret');
      expect(text).toContain('[REDACTED]');
    }
    expect(shown).toContain('calling GitHub');
  });
});
