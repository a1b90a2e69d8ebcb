import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, redactSecrets } from '../../../src/runner/process/redact.js';

// Token-shaped strings are assembled at run time so none sits in the repository for secret scanners.
const token = (prefix: string, length = 36) => `${prefix}_${'aB3'.repeat(Math.ceil(length / 3)).slice(0, length)}`;

describe('createRedactor', () => {
  const redact = createRedactor([]);

  it.each(['ghp', 'gho', 'ghu', 'ghs', 'ghr'])('masks %s_ tokens', (prefix) => {
    expect(redact(`push with ${token(prefix)} now`)).toBe(`push with ${REDACTED} now`);
  });

  it('masks fine-grained personal access tokens', () => {
    expect(redact(`GH=${token('github_pat_11ABCDEFG0', 72)};`)).toBe(`GH=${REDACTED};`);
  });

  it('masks Authorization header values, keeping the scheme', () => {
    expect(redact('Authorization: Bearer abc.def.ghi')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact('authorization: token 0123456789')).toBe(`authorization: token ${REDACTED}`);
    expect(redact('AUTHORIZATION: basic eC1hY2Nlc3M=')).toBe(`AUTHORIZATION: basic ${REDACTED}`);
    expect(redact('{"authorization":"opaque-value"}')).toBe(`{"authorization":"${REDACTED}"}`);
  });

  it('masks token= and token: fields', () => {
    expect(redact('https://h/x?token=abc123&page=2')).toBe(`https://h/x?token=${REDACTED}&page=2`);
    expect(redact('{"access_token":"xyz","token_type":"bearer"}')).toBe(`{"access_token":"${REDACTED}","token_type":"bearer"}`);
    expect(redact('refresh_token: r-123')).toBe(`refresh_token: ${REDACTED}`);
  });

  it('masks the password of a URL, keeping user and host', () => {
    expect(redact('fetch https://x-access-token:s3cr3t-value@github.com/o/r.git')).toBe(
      `fetch https://x-access-token:${REDACTED}@github.com/o/r.git`,
    );
  });

  it('leaves ordinary text alone', () => {
    const text = 'Tokens: 5.2k sent, 312 received. {"input_tokens":12,"output_tokens":4} max_tokens=100 ghp_short';
    expect(redact(text)).toBe(text);
  });

  it('masks given secrets by value, longest first, ignoring ones too short to mean anything', () => {
    const redactor = createRedactor(['correct-horse', 'correct-horse-battery', 'abc', '']);
    expect(redactor('pw correct-horse-battery and correct-horse; abc')).toBe(`pw ${REDACTED} and ${REDACTED}; abc`);
  });

  it('never lets a given secret through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40 }), fc.string(), fc.string(), (secret, before, after) => {
        fc.pre(!secret.includes(REDACTED) && secret.trim() === secret);
        const redactor = createRedactor([secret]);
        expect(redactor(`${before}${secret}${after}`)).not.toContain(secret);
      }),
    );
  });
});

describe('redactSecrets', () => {
  it('masks token shapes inside a JSON log line', () => {
    const line = JSON.stringify({ msg: `pushed with ${token('ghs')}`, url: 'https://u:p4ss@h/x' });
    expect(redactSecrets(line)).toBe(JSON.stringify({ msg: `pushed with ${REDACTED}`, url: `https://u:${REDACTED}@h/x` }));
  });
});
