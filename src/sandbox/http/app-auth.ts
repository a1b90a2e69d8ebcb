import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { unauthorized } from './http-error.js';

/** Who a request speaks for, decided from its `Authorization` header. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'app' }
  | { kind: 'installation'; installationId: number; login: string }
  | { kind: 'user'; login: string };

export interface AppKey {
  /** PKCS#1 PEM, the format GitHub hands out for App keys, ready for probot's PRIVATE_KEY. */
  privateKeyPem: string;
  publicKey: KeyObject;
}

export function generateAppKey(): AppKey {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return appKeyFrom(privateKey);
}

export function appKeyFrom(privateKeyPem: string): AppKey {
  return { privateKeyPem, publicKey: createPublicKey(privateKeyPem) };
}

/**
 * Why a JWT is not acceptable as this App, or undefined when it is: RS256, signed with the App's
 * key, `iss` the App id, not expired and issued at most 10 minutes ahead (GitHub's own rules).
 */
export function appJwtProblem(jwt: string, appId: number, publicKey: KeyObject, now: Date): string | undefined {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return 'A JSON web token could not be decoded';
  let claims: { iss?: unknown; exp?: unknown; iat?: unknown; alg?: unknown };
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
    if (head.alg !== 'RS256') return 'A JSON web token could not be decoded';
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return 'A JSON web token could not be decoded';
  }
  const signed = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
  if (!signed) return 'A JSON web token could not be decoded';
  if (String(claims.iss) !== String(appId)) return 'Integration not found';
  const seconds = now.getTime() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= seconds) {
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  }
  if (typeof claims.iat !== 'number' || claims.iat > seconds + 60 || claims.exp - claims.iat > 600) {
    return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  }
  return undefined;
}

interface IssuedToken {
  actor: Exclude<Actor, { kind: 'anonymous' } | { kind: 'app' }>;
  expiresAt: Date | null;
}

/** Installation tokens (`ghs_`, one hour) and user tokens (`ghp_`, no expiry) the sandbox issued. */
export class TokenRegistry {
  private readonly tokens = new Map<string, IssuedToken>();

  issueInstallation(installationId: number, login: string, now: Date): { token: string; expiresAt: Date } {
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const expiresAt = new Date(now.getTime() + 60 * 60 * 1000);
    this.tokens.set(token, { actor: { kind: 'installation', installationId, login }, expiresAt });
    return { token, expiresAt };
  }

  issueUser(login: string): string {
    const token = `ghp_${randomBytes(18).toString('hex')}`;
    this.tokens.set(token, { actor: { kind: 'user', login }, expiresAt: null });
    return token;
  }

  lookup(token: string, now: Date): IssuedToken['actor'] | undefined {
    const issued = this.tokens.get(token);
    if (!issued || (issued.expiresAt && issued.expiresAt <= now)) return undefined;
    return issued.actor;
  }
}

/**
 * Who the `Authorization` header speaks for: a JWT (three dot-separated parts) must be the App's,
 * anything else a token the sandbox issued. A bad credential is 401, as on GitHub.
 */
export function authenticate(header: string | undefined, context: { appId: number; publicKey: KeyObject; tokens: TokenRegistry; now: Date }): Actor {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return { kind: 'anonymous' };
  const credential = match[1];
  if (credential.split('.').length === 3) {
    const problem = appJwtProblem(credential, context.appId, context.publicKey, context.now);
    if (problem) throw unauthorized(problem);
    return { kind: 'app' };
  }
  const actor = context.tokens.lookup(credential, context.now);
  if (!actor) throw unauthorized('Bad credentials');
  return actor;
}
