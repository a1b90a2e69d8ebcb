/** One side of a PR as webhook payloads and the REST API give it; a deleted fork's repo is null. */
interface PrSide {
  repo?: { id: number } | null;
}

/**
 * Whether a PR's head branch lives in the repository the PR targets. Only such a PR can be an
 * agent PR: the runner pushes `agent/*` to the repository itself, while anyone may open a PR from
 * a fork whose branch is named `agent/...` and whose body copies our metadata.
 */
export function fromBaseRepo(pr: { head: PrSide; base: PrSide }): boolean {
  const head = pr.head.repo;
  const base = pr.base.repo;
  return head != null && base != null && head.id === base.id;
}
