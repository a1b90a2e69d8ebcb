import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { loadRunnerConfig } from '../../../src/config/load-config.js';
import { isExecutableFile } from '../../../src/platform/find-executable.js';
import type { DoctorDeps } from '../../../src/setup/doctor/run-doctor.js';

export const API = 'https://api.github.com';
export const REPO = '/repos/acme/widgets';
export const GITHUB_URL = 'https://github.com/acme/widgets.git';
// Built at run time so no token-shaped literal sits in the repository.
export const TOKEN = ['ghp', 'Dr4'.repeat(12)].join('_');

export interface DoctorWorld {
  root: string;
  clone: string;
  bin: string;
  home: string;
  configFile: string;
  git(cwd: string, ...args: string[]): string;
  /** Writes the config (the base one merged with `patch`, section by section) and loads it for real. */
  deps(patch?: Record<string, unknown>, extra?: Partial<DoctorDeps>): Promise<DoctorDeps>;
  /** Puts an executable shell script on the world's bin dir. */
  script(name: string, body: string): void;
  cleanup(): void;
}

/**
 * A real clone of a bare origin (default branch main) whose remote URL is the GitHub one, sent to
 * the bare repository by insteadOf; a bin dir with a stand-in `claude` and `npm`; a home with
 * Claude Code's credentials file. Every fact doctor gathers is real except GitHub's answers.
 */
export function createDoctorWorld(): DoctorWorld {
  const root = mkdtempSync(join(tmpdir(), 'overnight-doctor-'));
  const origin = join(root, 'origin.git');
  const clone = join(root, 'widgets');
  const bin = join(root, 'bin');
  const home = join(root, 'home');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { cwd, encoding: 'utf8' }).trim();
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(root, 'init', '--quiet', '--initial-branch=main', clone);
  git(clone, 'config', `url.${origin}.insteadOf`, GITHUB_URL);
  git(clone, 'remote', 'add', 'origin', GITHUB_URL);
  writeFileSync(join(clone, 'README.md'), '# widgets\n');
  git(clone, 'add', '--all');
  git(clone, 'commit', '--quiet', '-m', 'initial');
  git(clone, 'push', '--quiet', 'origin', 'main');
  mkdirSync(bin);
  mkdirSync(join(home, '.claude'), { recursive: true });
  writeFileSync(join(home, '.claude', '.credentials.json'), '{"claudeAiOauth":{}}', { mode: 0o600 });

  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('claude', 'echo "2.1.3 (Claude Code)"');
  script('npm', 'echo 10.9.2');
  const configFile = join(root, 'config.json');
  const base = {
    repo: { path: clone, github: 'acme/widgets' },
    github: { token: 'env' },
    schedule: { window: { start: '01:00', end: '05:00' }, every: '30m' },
    agents: { default: 'claude-code' },
    verify: { command: 'npm test' },
  };

  return {
    root,
    clone,
    bin,
    home,
    configFile,
    git,
    script,
    async deps(patch = {}, extra = {}) {
      const merged: Record<string, unknown> = { ...base };
      for (const [key, value] of Object.entries(patch)) {
        const current = merged[key];
        merged[key] = typeof value === 'object' && value !== null && typeof current === 'object' && current !== null ? { ...current, ...value } : value;
      }
      writeFileSync(configFile, JSON.stringify(merged, null, 2));
      return {
        loaded: await loadRunnerConfig(configFile, { env: {}, home }),
        configFile,
        env: { PATH: `${bin}:${process.env.PATH ?? ''}`, GH_TOKEN: TOKEN },
        home,
        platform: 'linux',
        findBin: (name) => {
          const path = name.includes('/') ? name : join(bin, name);
          return isExecutableFile(path) ? path : undefined;
        },
        githubTimeoutMs: 5_000,
        timeZone: 'UTC',
        ...extra,
      };
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface GithubAnswers {
  scopes?: string | null;
  push?: boolean;
  private?: boolean;
  hasIssues?: boolean;
  issues?: 'ok' | 403;
  dashboardBy?: 'Bot' | 'User' | null;
}

/** GitHub's answers to every call doctor makes for a healthy repository, each changeable. */
export function mockGithub({ scopes = 'repo, workflow', push = true, private: isPrivate = true, hasIssues = true, issues = 'ok', dashboardBy = 'Bot' }: GithubAnswers = {}): nock.Scope {
  const scope = nock(API, { reqheaders: { authorization: `token ${TOKEN}` } })
    .get('/user')
    .reply(200, { login: 'octocat', type: 'User' }, scopes === null ? {} : { 'x-oauth-scopes': scopes })
    .get(REPO)
    .reply(200, { full_name: 'acme/widgets', private: isPrivate, default_branch: 'main', has_issues: hasIssues, permissions: { admin: false, push, pull: true } });
  if (!hasIssues) return mockBot(scope, dashboardBy);
  if (issues === 'ok') scope.get(`${REPO}/issues`).query({ per_page: '1' }).reply(200, []);
  else scope.get(`${REPO}/issues`).query({ per_page: '1' }).reply(403, { message: 'Resource not accessible by personal access token' });
  return mockBot(scope, dashboardBy);
}

function mockBot(scope: nock.Scope, dashboardBy: GithubAnswers['dashboardBy']): nock.Scope {
  const dashboard = dashboardBy === null ? [] : [{ number: 7, title: 'Overnight dashboard', user: { login: dashboardBy === 'Bot' ? 'overnight[bot]' : 'alice', type: dashboardBy } }];
  scope.get(`${REPO}/issues`).query({ labels: 'overnight:dashboard', state: 'all', per_page: '10' }).reply(200, dashboard);
  if (dashboardBy !== 'Bot') {
    scope.get(`${REPO}/pulls`).query({ state: 'all', sort: 'created', direction: 'desc', per_page: '30' }).reply(200, [
      { number: 3, head: { ref: 'feature/x' }, user: { login: 'overnight[bot]', type: 'Bot' } },
      { number: 2, head: { ref: 'agent/20261127-0100-abcdef' }, user: { login: 'alice', type: 'User' } },
    ]);
  }
  return scope;
}
