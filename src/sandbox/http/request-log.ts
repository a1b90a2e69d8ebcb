import type { Actor } from './app-auth.js';

/** One GitHub REST request the sandbox answered (its own `/_sandbox/` API is not GitHub's, so not logged). */
export interface RequestRecord {
  /** 1, 2, 3... in the order the answers went out: what `requests(since)` slices at. */
  seq: number;
  at: string;
  method: string;
  /** The path under `/api/v3` as requested, still percent-encoded: `/repos/octo/app/contents/a%2Fb.md`. */
  path: string;
  /** The route that served it, `/repos/:owner/:repo/issues/:number`; absent when none matched. */
  route?: string;
  /** The query string without its `?` (`labels=overnight&state=open`), `''` when there is none. */
  query: string;
  status: number;
  /** Who the request spoke for; a credential the sandbox refused counts as anonymous. */
  actor: { kind: Actor['kind']; login?: string };
  /** From the request's arrival to its answer: the stand-in's share of a client's wait. */
  ms: number;
}

export type NewRequestRecord = Omit<RequestRecord, 'seq'>;

/**
 * The requests a sandbox served, oldest first. A long-running `overnight sandbox` keeps only the
 * newest `limit`, so a week of runner polling cannot grow it without bound; sequence numbers keep
 * counting, so a mark taken earlier still slices correctly.
 */
export class RequestLog {
  private readonly records: RequestRecord[] = [];
  private last = 0;

  constructor(private readonly limit = 50_000) {}

  add(entry: NewRequestRecord): RequestRecord {
    this.last += 1;
    const record = { seq: this.last, ...entry };
    this.records.push(record);
    // Dropping in chunks keeps the cost of a full log at one splice per tenth of `limit`.
    if (this.records.length > this.limit) this.records.splice(0, Math.max(1, Math.ceil(this.limit / 10)));
    return record;
  }

  /** The sequence number of the last request served so far (0 before the first). */
  mark(): number {
    return this.last;
  }

  /** The requests served after `mark` (all kept ones without it). */
  since(mark = 0): RequestRecord[] {
    const first = this.records[0]?.seq ?? this.last + 1;
    return this.records.slice(Math.max(0, mark + 1 - first));
  }
}

/** The actor as the log keeps it: app JWTs and anonymous callers have no login. */
export function actorRecord(actor: Actor): RequestRecord['actor'] {
  return actor.kind === 'installation' || actor.kind === 'user' ? { kind: actor.kind, login: actor.login } : { kind: actor.kind };
}
