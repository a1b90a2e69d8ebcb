import type { Logger } from 'pino';
import type { GithubPort } from '../../github/types.js';
import type { ClaimRow, ClaimsTable } from '../../store/index.js';
import { describeHolder, parseClaimMessage } from './claim-message.js';

export interface ReleaseClaimDeps {
  github: GithubPort;
  table: ClaimsTable;
  runner: string;
  now: () => Date;
  log?: Pick<Logger, 'warn'>;
}

/**
 * Releases one claim; true once GitHub confirmed it gone (or it is another runner's now). The ref
 * is deleted only while it points at this runner's claim commit, or at one naming this runner and
 * session (a refresh GitHub made without our hearing of it): a claim another runner took over is
 * left to it. A failure is recorded on the row, never thrown: the next settle tries again.
 */
export async function releaseClaim({ github, table, runner, now, log }: ReleaseClaimDeps, row: ClaimRow): Promise<boolean> {
  const attempt = { releaseAttempts: row.releaseAttempts + 1 };
  try {
    const current = await github.refSha(row.ref);
    if (current !== undefined && current !== row.sha) {
      const facts = parseClaimMessage((await github.readCommit(current)).message);
      if (facts.runner !== runner || facts.session !== row.sessionId) {
        // Another runner's claim: ours was taken over, or (never confirmed by GitHub) never made.
        const by = describeHolder(facts);
        const end = { releasedAt: now().toISOString(), ...attempt };
        table.update(row.id, row.state === 'pending' ? { state: 'released', ...end, note: `never held; ${by} holds it` } : { state: 'lost', ...end, note: `taken over by ${by}; left to it` });
        return true;
      }
    }
    if (current !== undefined) await github.release(row.ref);
    table.update(row.id, { state: 'released', releasedAt: now().toISOString(), ...attempt, ...(current === undefined && row.state === 'pending' ? { note: 'never created' } : {}) });
    return true;
  } catch (error) {
    const lastError = (error as Error).message;
    table.update(row.id, { ...attempt, lastError });
    log?.warn({ ref: row.ref, session: row.sessionId, attempt: attempt.releaseAttempts, error: lastError }, `could not release the claim on ${row.goal}; the next cycle retries`);
    return false;
  }
}
