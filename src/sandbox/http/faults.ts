import picomatch from 'picomatch';
import { z } from 'zod';

/** What a matched request gets instead of its answer. */
const faultAction = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('status'),
    status: z.int().min(200).max(599),
    headers: z.record(z.string(), z.string()).default({}),
    /** JSON body; absent: GitHub's `{"message": ...}` for the status. */
    body: z.unknown().optional(),
  }),
  /** No answer: for `ms`, then the real answer (a slow GitHub); without `ms`, until the client gives up. */
  z.strictObject({ kind: z.literal('hang'), ms: z.int().min(1).optional() }),
  /** The connection is reset (TCP RST) before any answer, as a dropping network or proxy does. */
  z.strictObject({ kind: z.literal('reset') }),
]);

export const newFaultSchema = z.strictObject({
  /** An HTTP method, or `*` for any. */
  method: z.string().min(1).default('*').transform((method) => method.toUpperCase()),
  /**
   * A glob on the decoded request path, `/api/v3` included: `*` within a segment, `**` across
   * segments (`/api/v3/repos/*\/*\/git/refs/heads/overnight-claims/**`).
   */
  path: z.string().startsWith('/'),
  /** How many matching requests get the fault; the requests after them get their real answer. */
  times: z.int().min(1).default(1),
  action: faultAction,
});

export type NewFault = z.input<typeof newFaultSchema>;
export type FaultAction = z.output<typeof faultAction>;

export interface FaultHit {
  at: string;
  method: string;
  path: string;
}

export interface Fault {
  id: number;
  method: string;
  path: string;
  times: number;
  action: FaultAction;
  /** Requests it still applies to. */
  remaining: number;
  /** The requests it answered, so a test can tell the fault was met (and how often). */
  hits: FaultHit[];
}

/**
 * Faults armed on the stand-in's REST API: the next N requests matching a method and a path get a
 * given status, no answer, or a reset connection. Faults are met in the order they were added; one
 * used up stays listed with its hits until cleared.
 */
export class FaultInjector {
  private readonly faults: Array<Fault & { matches: (path: string) => boolean }> = [];
  private nextId = 1;

  constructor(private readonly now: () => Date) {}

  add(input: NewFault): Fault {
    const parsed = newFaultSchema.parse(input);
    const fault = { id: this.nextId++, ...parsed, remaining: parsed.times, hits: [], matches: picomatch(parsed.path, { dot: true }) };
    this.faults.push(fault);
    return view(fault);
  }

  list(): Fault[] {
    return this.faults.map(view);
  }

  /** Removes one fault, or all of them; how many were removed. */
  clear(id?: number): number {
    if (id === undefined) return this.faults.splice(0).length;
    const index = this.faults.findIndex((fault) => fault.id === id);
    return index >= 0 ? this.faults.splice(index, 1).length : 0;
  }

  /** The fault this request meets, counted as met; undefined when it gets its real answer. */
  take(method: string, path: string): FaultAction | undefined {
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && (candidate.method === '*' || candidate.method === method) && candidate.matches(path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.hits.push({ at: this.now().toISOString(), method, path });
    return fault.action;
  }
}

function view({ matches: _matches, hits, ...fault }: Fault & { matches: unknown }): Fault {
  return { ...fault, hits: [...hits] };
}
