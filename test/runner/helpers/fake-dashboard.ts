import type { NoteGithub } from '../../../src/runner/cycle/gate/note-machine-problem.js';

export interface FakeComment {
  id: number;
  author: string;
  body: string;
}

export interface FakeDashboardOptions {
  /** The dashboard issue's number; null: the bot never made one. */
  dashboard?: number | null;
  /** The login the runner's token belongs to. */
  self?: string;
  comments?: FakeComment[];
  /** Whether the token may delete its own comments (GitHub can refuse with 403 where editing works). */
  mayDelete?: boolean;
}

/**
 * The dashboard issue's comments as GitHub keeps them for the runner's token: it may edit and
 * delete only its own (403 otherwise, reported as GithubPort does), and every call is logged.
 */
export function fakeDashboard({ dashboard = 7, self = 'dev', comments = [], mayDelete = true }: FakeDashboardOptions = {}) {
  const state = { dashboard: dashboard as number | null, comments: comments.map((comment) => ({ ...comment })), next: 1000, failing: undefined as Error | undefined };
  const calls: string[] = [];
  const call = (what: string) => {
    calls.push(what);
    if (state.failing) throw state.failing;
  };
  const find = (id: number) => state.comments.find((comment) => comment.id === id);
  const github: NoteGithub = {
    findDashboard: async () => {
      call('find dashboard');
      return state.dashboard === null ? undefined : { number: state.dashboard, paused: false };
    },
    listComments: async (issue) => {
      call(`list #${issue}`);
      return state.comments.map((comment) => ({ ...comment, authorIsBot: false, createdAt: '2026-11-28T00:00:00Z' }));
    },
    addComment: async (issue, body) => {
      call(`create on #${issue}`);
      state.next += 1;
      state.comments.push({ id: state.next, author: self, body });
      return state.next;
    },
    updateComment: async (id, body) => {
      call(`edit ${id}`);
      const found = find(id);
      if (!found || found.author !== self) return false;
      found.body = body;
      return true;
    },
    deleteComment: async (id) => {
      call(`delete ${id}`);
      const found = find(id);
      if (!found) return true;
      if (found.author !== self || !mayDelete) return false;
      state.comments.splice(state.comments.indexOf(found), 1);
      return true;
    },
  };
  return {
    github,
    calls,
    comments: () => state.comments,
    /** Every call fails with `error` from now on (undefined: GitHub answers again). */
    fail(error: Error | undefined) {
      state.failing = error;
    },
    /** Forgets the calls made so far. */
    clearCalls: () => void calls.splice(0),
  };
}
