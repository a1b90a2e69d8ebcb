/** What a masked secret is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Secrets shorter than this are not masked by value: masking "abc" everywhere would wreck the log,
 * and a secret that short protects nothing anyway.
 */
const MIN_SECRET_LENGTH = 8;

/**
 * Token shapes masked whatever their value: GitHub's documented prefixes (ghp_ personal, gho_
 * OAuth, ghu_ user-to-server, ghs_ installation, ghr_ refresh, github_pat_ fine-grained), and
 * credentials in their usual carriers: an Authorization header (the scheme is kept), a
 * `token=`/`"access_token":` field, and the password of a URL (https://x-access-token:SECRET@host).
 */
const SHAPES: readonly [RegExp, (match: string, ...groups: string[]) => string][] = [
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, () => REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, () => REDACTED],
  [
    /(\bauthorization["']?\s*[:=]\s*["']?)(?:(bearer|token|basic)\s+)?[^\s"',;]+/gi,
    (_match, prefix = '', scheme) => `${prefix}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi, (_match, prefix = '') => `${prefix}${REDACTED}@`],
  [/(\b(?:access_|refresh_|id_)?token["']?\s*[:=]\s*["']?)[^\s"'&,;@]+/gi, (_match, prefix = '') => `${prefix}${REDACTED}`],
];

export type Redact = (text: string) => string;

/**
 * A function masking `secrets` (exact values, e.g. the GitHub token the runner pushes with) and
 * every token shape above. Applied before text reaches any sink: session logs, output tails,
 * summaries, PR bodies, the daemon log.
 */
export function createRedactor(secrets: readonly string[]): Redact {
  const values = [...new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH))]
    // Longest first, so a secret that contains another is masked whole.
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const value of values) out = out.replaceAll(value, REDACTED);
    for (const [pattern, replace] of SHAPES) out = out.replace(pattern, replace);
    return out;
  };
}

/** Token shapes only: for sinks that never hold a specific secret value (the daemon's pino hook). */
export const redactSecrets: Redact = createRedactor([]);
