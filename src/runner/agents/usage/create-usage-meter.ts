import type { AgentKind } from '../types.js';
import { createAiderUsageMeter } from './aider-usage.js';
import { createClaudeUsageMeter } from './claude-usage.js';
import { createCodexUsageMeter } from './codex-usage.js';
import { createCommandUsageMeter } from './command-usage.js';
import type { UsageMeter, UsageMeterOptions } from './types.js';

/**
 * The usage meter for one run of an agent of `kind`: push it each stdout line as it arrives, ask
 * `current()` to enforce a cap while it runs, `final()` once it has exited. A meter never throws,
 * whatever the agent prints: its output is untrusted.
 */
export function createUsageMeter(kind: AgentKind, options: UsageMeterOptions = {}): UsageMeter {
  const meter = pick(kind, options);
  return {
    push(line) {
      try {
        meter.push(String(line));
      } catch {
        // A parser bug must not take the session down with it; the line is simply not counted.
      }
    },
    current: () => meter.current(),
    final: () => meter.final(),
  };
}

function pick(kind: AgentKind, options: UsageMeterOptions): UsageMeter {
  switch (kind) {
    case 'claude-code':
      return createClaudeUsageMeter(options.pricing);
    case 'codex':
      return createCodexUsageMeter(options);
    case 'aider':
      return createAiderUsageMeter(options.pricing);
    case 'command':
      return createCommandUsageMeter(options.pricing);
  }
}
