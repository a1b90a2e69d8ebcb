import type { Workspaces } from '../git/workspace.js';
import type { OneAtATime } from './one-at-a-time.js';

/**
 * The workspaces as parallel cycles must use them: fetching the base, taking a spare, adding,
 * moving and removing worktrees all write the clone's refs and worktree list, and a spare found
 * by one cycle must not be moved by another in between, so each of these runs whole under `lock`.
 * Snapshots only read a session's own worktree and run freely.
 */
export function shareWorkspaces(workspaces: Workspaces, lock: OneAtATime): Workspaces {
  return {
    ...workspaces,
    fetchBase: () => lock.run(() => workspaces.fetchBase()),
    create: (sessionId, options) => lock.run(() => workspaces.create(sessionId, options)),
    release: (sessionId) => lock.run(() => workspaces.release(sessionId)),
    remove: (sessionId) => lock.run(() => workspaces.remove(sessionId)),
  };
}
