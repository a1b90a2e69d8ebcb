import { GITHUB_TOKEN_VALUE, isForbiddenEnvName } from '../../config/index.js';
import type { AgentKind } from '../agents/types.js';

/**
 * What every agent and the verify command get from the runner's environment: the shell basics,
 * the locale, the proxies. HOME and TMPDIR are replaced by the sandbox's own when there is one.
 */
export const BASE_ENV_NAMES: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LANGUAGE',
  'TERM',
  'TMPDIR',
  'SHELL',
  'TZ',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
];
const BASE_ENV_PATTERNS: readonly RegExp[] = [/^LC_[A-Z]+$/];

interface KindKeys {
  names: readonly string[];
  patterns: readonly RegExp[];
}

/**
 * Each agent kind's own model credentials and settings, as its documentation names them. Claude
 * Code: `ANTHROPIC_*` (API key, auth token, base URL, model) and `CLAUDE_CODE_*` (the OAuth token
 * of `claude setup-token`, Bedrock/Vertex switches). Codex: OpenAI's key, base URL, organisation
 * and project, and `CODEX_*`. aider: the provider keys its "Connecting to LLMs" pages name, and
 * `AIDER_*`. Anything else (a Bedrock profile, `GOOGLE_APPLICATION_CREDENTIALS` for Vertex) is
 * the user's choice through `passEnv`. The verify command and `command` agents get none.
 */
export const AGENT_ENV_KEYS: Record<AgentKind, KindKeys> = {
  'claude-code': { names: [], patterns: [/^ANTHROPIC_/, /^CLAUDE_CODE_/] },
  codex: { names: ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_ORGANIZATION', 'OPENAI_PROJECT'], patterns: [/^CODEX_/] },
  aider: {
    names: [
      'OPENAI_API_KEY',
      'OPENAI_API_BASE',
      'OPENAI_BASE_URL',
      'ANTHROPIC_API_KEY',
      'GEMINI_API_KEY',
      'GROQ_API_KEY',
      'XAI_API_KEY',
      'DEEPSEEK_API_KEY',
      'OPENROUTER_API_KEY',
      'COHERE_API_KEY',
      'MISTRAL_API_KEY',
      'AZURE_API_KEY',
      'AZURE_API_BASE',
      'AZURE_API_VERSION',
      'OLLAMA_API_BASE',
      'LM_STUDIO_API_KEY',
      'LM_STUDIO_API_BASE',
      'VERTEXAI_PROJECT',
      'VERTEXAI_LOCATION',
    ],
    patterns: [/^AIDER_/],
  },
  command: { names: [], patterns: [] },
};

export interface ChildEnvInput {
  /** An agent kind, or `verify` for the verify command (no model keys). */
  purpose: AgentKind | 'verify';
  /** The runner's environment. */
  from?: NodeJS.ProcessEnv;
  /** Names the config lets through on top of the allow-list (`passEnv`). */
  passEnv?: readonly string[];
  /** Set by the runner under the user's `env` (package caches in the private temp dir). */
  defaults?: Record<string, string>;
  /** The agent definition's `env`. */
  env?: Record<string, string>;
  /** Set by the runner over everything (the sandbox's HOME and TMPDIR). */
  fixed?: Record<string, string>;
}

/**
 * The whole environment of an agent or of the verify command: an allow-list, never the runner's
 * environment minus a few names. A GitHub credential never gets through, by name or by value,
 * whichever layer asked for it.
 */
export function childEnv({ purpose, from = process.env, passEnv = [], defaults = {}, env = {}, fixed = {} }: ChildEnvInput): Record<string, string> {
  const kind = purpose === 'verify' ? undefined : AGENT_ENV_KEYS[purpose];
  const allowed = (name: string) =>
    BASE_ENV_NAMES.includes(name) ||
    BASE_ENV_PATTERNS.some((pattern) => pattern.test(name)) ||
    (kind !== undefined && (kind.names.includes(name) || kind.patterns.some((pattern) => pattern.test(name)))) ||
    passEnv.includes(name);
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(from)) {
    if (value !== undefined && allowed(name)) picked[name] = value;
  }
  const merged = { ...picked, ...defaults, ...env, ...fixed };
  return Object.fromEntries(Object.entries(merged).filter(([name, value]) => !isForbiddenEnvName(name) && !GITHUB_TOKEN_VALUE.test(value)));
}
