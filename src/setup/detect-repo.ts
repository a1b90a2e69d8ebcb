import { resolve } from 'node:path';
import { systemTimeZone } from '../config/index.js';
import { findExecutable as findOnPathOrUserDirs, USER_BIN_DIRS } from '../platform/index.js';
import { chooseRemote, InitError } from './choose-remote.js';
import { detectAgents, type FoundAgent } from './detect-agents.js';
import { detectBaseBranch } from './detect-base-branch.js';
import { detectVerifyCommand, type DetectVerifyOptions } from './detect-verify-command.js';
import { parseGithubRemote, redactRemoteUrl } from './parse-remote-url.js';
import { createSetupGit, gitOutput, type SetupGit } from './setup-git.js';

/** Everything `overnight init` can tell about a clone: the defaults its questions offer. */
export interface DetectedRepo {
  /** The clone's top level. */
  path: string;
  remote: string;
  /** The remote's URL without credentials. */
  remoteUrl: string;
  /** "owner/name", when the remote is a GitHub URL. */
  github?: string;
  /** REST API root for the remote's host. */
  apiUrl: string;
  base: string;
  baseFrom: string;
  timezone: string;
  verify?: { command: string; from: string };
  agents: FoundAgent[];
  /** The first agent found; undefined when none is installed. */
  defaultAgent?: string;
  /** What could not be detected, and what to do about it. */
  notes: string[];
}

export interface DetectRepoOptions extends DetectVerifyOptions {
  /** `--repo PATH`; default: the repository around `cwd`. */
  repoPath?: string;
  /** `--remote NAME`; default origin, else the only remote. */
  remote?: string;
  cwd?: string;
  git?: SetupGit;
  findExecutable?: (name: string) => string | undefined;
  timeZone?: () => string;
  lsRemoteTimeoutMs?: number;
}

export async function detectRepo(options: DetectRepoOptions = {}): Promise<DetectedRepo> {
  const { cwd = process.cwd(), git = createSetupGit(), findExecutable = (name) => findOnPathOrUserDirs(name, { extraDirs: USER_BIN_DIRS }), timeZone = systemTimeZone } = options;
  const start = resolve(cwd, options.repoPath ?? '.');
  const top = await git(['rev-parse', '--show-toplevel'], { cwd: start });
  const path = gitOutput(top);
  if (top.failure === 'missing') throw new InitError(`cannot run git in ${start}: the directory does not exist, or git is not installed`);
  if (!path) {
    const where = options.repoPath === undefined ? 'the current directory' : start;
    throw new InitError(`${where} is not inside a git repository: run \`overnight init\` in your clone, or pass --repo PATH`);
  }
  const notes: string[] = [];
  const remote = await chooseRemote(git, path, options.remote);
  const remoteUrl = redactRemoteUrl(remote.url);
  const parsed = parseGithubRemote(remote.url);
  if (!parsed) notes.push(`remote "${remote.name}" (${remoteUrl}) is not a GitHub URL: give repo.github as "owner/name"`);
  const base = await detectBaseBranch(git, path, remote.name, options.lsRemoteTimeoutMs === undefined ? {} : { lsRemoteTimeoutMs: options.lsRemoteTimeoutMs });
  const verify = await detectVerifyCommand(path, options);
  if (!verify) notes.push('no test command found (package.json, Makefile, pytest, cargo, go): give verify.command, or work is committed unverified');
  const agents = detectAgents(findExecutable);
  if (agents.length === 0) notes.push('no agent CLI found (claude, codex, aider): install one, e.g. `npm i -g @anthropic-ai/claude-code`');

  return {
    path,
    remote: remote.name,
    remoteUrl,
    ...(parsed ? { github: parsed.github } : {}),
    apiUrl: parsed?.apiUrl ?? 'https://api.github.com',
    base: base.branch,
    baseFrom: base.from,
    timezone: timeZone(),
    ...(verify ? { verify } : {}),
    agents,
    ...(agents[0] ? { defaultAgent: agents[0].agent } : {}),
    notes,
  };
}
