import type { Logger } from 'probot';
import type { RepoConfig } from '../../config/index.js';
import type { BotLogin } from '../bot-login.js';

/** A push of an `agent/*` branch, as the bot's PR logic takes it from a webhook or a reconciliation. */
export interface AgentPush {
  /** `agent/<session id>` or `refs/heads/agent/<session id>`. */
  ref: string;
  sha: string;
  /** The head commit's message when the caller has it (push payloads do); fetched otherwise. */
  message?: string;
  defaultBranch: string;
  config: RepoConfig;
  self: BotLogin;
  log?: Logger;
}
