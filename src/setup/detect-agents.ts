/** Agent CLIs init looks for, in the order the first one found becomes `agents.default`. */
export const AGENT_BINARIES = [
  { agent: 'claude-code', bin: 'claude' },
  { agent: 'codex', bin: 'codex' },
  { agent: 'aider', bin: 'aider' },
] as const;

export interface FoundAgent {
  agent: (typeof AGENT_BINARIES)[number]['agent'];
  /** Absolute path of the binary. */
  path: string;
}

export function detectAgents(findExecutable: (name: string) => string | undefined): FoundAgent[] {
  return AGENT_BINARIES.flatMap(({ agent, bin }) => {
    const path = findExecutable(bin);
    return path === undefined ? [] : [{ agent, path }];
  });
}
