import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appJwtProblem, authenticate, generateAppKey, TokenRegistry } from '../../src/sandbox/http/app-auth.js';

const key = generateAppKey();
const NOW = new Date('2026-11-28T01:07:00Z');
const seconds = NOW.getTime() / 1000;

function jwt(claims: Record<string, unknown>, privateKey = key.privateKeyPem, alg = 'RS256'): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

describe('sandbox App authentication', () => {
  it('accepts a JWT as GitHub does: RS256 by the App key, iss the App id, live, at most 10 minutes long', () => {
    expect(appJwtProblem(jwt({ iss: 7, iat: seconds - 30, exp: seconds + 570 }), 7, key.publicKey, NOW)).toBeUndefined();
    expect(appJwtProblem(jwt({ iss: '7', iat: seconds - 30, exp: seconds + 570 }), 7, key.publicKey, NOW)).toBeUndefined();
  });

  it('names what is wrong with a JWT it refuses', () => {
    expect(appJwtProblem(jwt({ iss: 8, iat: seconds, exp: seconds + 60 }), 7, key.publicKey, NOW)).toBe('Integration not found');
    expect(appJwtProblem(jwt({ iss: 7, iat: seconds - 700, exp: seconds - 100 }), 7, key.publicKey, NOW)).toMatch(/'Expiration time' claim/);
    expect(appJwtProblem(jwt({ iss: 7, iat: seconds - 30, exp: seconds + 3600 }), 7, key.publicKey, NOW)).toMatch(/'Issued at' claim/);
    expect(appJwtProblem(jwt({ iss: 7, iat: seconds, exp: seconds + 60 }, generateAppKey().privateKeyPem), 7, key.publicKey, NOW)).toBe('A JSON web token could not be decoded');
    expect(appJwtProblem('not.a.jwt', 7, key.publicKey, NOW)).toBe('A JSON web token could not be decoded');
  });

  it('issues installation tokens that expire after an hour and user tokens that do not', () => {
    const tokens = new TokenRegistry();
    const installation = tokens.issueInstallation(1, 'overnight[bot]', NOW);
    expect(installation.token).toMatch(/^ghs_/);
    expect(tokens.lookup(installation.token, new Date(NOW.getTime() + 59 * 60_000))).toStrictEqual({ kind: 'installation', installationId: 1, login: 'overnight[bot]' });
    expect(tokens.lookup(installation.token, new Date(NOW.getTime() + 60 * 60_000))).toBeUndefined();
    const user = tokens.issueUser('alice');
    expect(tokens.lookup(user, new Date(NOW.getTime() + 365 * 86_400_000))).toStrictEqual({ kind: 'user', login: 'alice' });
  });

  it('reads the Authorization header: none is anonymous, a bad one is 401', () => {
    const tokens = new TokenRegistry();
    const context = { appId: 7, publicKey: key.publicKey, tokens, now: NOW };
    expect(authenticate(undefined, context)).toStrictEqual({ kind: 'anonymous' });
    expect(authenticate(`bearer ${jwt({ iss: 7, iat: seconds, exp: seconds + 60 })}`, context)).toStrictEqual({ kind: 'app' });
    expect(authenticate(`token ${tokens.issueUser('alice')}`, context)).toStrictEqual({ kind: 'user', login: 'alice' });
    expect(() => authenticate('token ghp_forged', context)).toThrow('Bad credentials');
  });
});
