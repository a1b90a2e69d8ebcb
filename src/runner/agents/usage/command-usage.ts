import { amount, jsonRecords, recordAt } from './parse-values.js';
import { priceTokens } from './price-tokens.js';
import type { FinalUsage, Pricing, Usage, UsageMeter } from './types.js';

interface Reported {
  costUsd?: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * A `command` agent may report its usage by printing a line
 * `{"overnight": {"costUsd": 0.12, "inputTokens": 5000, "outputTokens": 800}}` on stdout, as
 * often as it likes: each line is its running total, so the last one wins. Fields that are
 * missing, negative or not numbers count as absent.
 */
export function createCommandUsageMeter(pricing?: Pricing): UsageMeter {
  let reported: Reported | undefined;

  const current = (): Usage => {
    const tokens = { inputTokens: reported?.inputTokens ?? 0, outputTokens: reported?.outputTokens ?? 0 };
    const costUsd = reported?.costUsd ?? (pricing && reported ? priceTokens({ uncachedInput: tokens.inputTokens, cacheRead: 0, cacheWrite: 0, output: tokens.outputTokens }, pricing) : undefined);
    return { ...(costUsd !== undefined ? { costUsd } : {}), ...tokens };
  };

  return {
    push(line) {
      for (const event of jsonRecords(line)) {
        const report = recordAt(event, 'overnight');
        if (!report) continue;
        const costUsd = amount(report.costUsd);
        reported = { ...(costUsd !== undefined ? { costUsd } : {}), inputTokens: amount(report.inputTokens) ?? 0, outputTokens: amount(report.outputTokens) ?? 0 };
      }
    },
    current,
    final(): FinalUsage {
      const usage = current();
      const costFrom = reported?.costUsd !== undefined ? 'agent' : usage.costUsd !== undefined ? 'pricing' : undefined;
      return { ...usage, basis: reported ? 'reported' : 'none', ...(costFrom ? { costFrom } : {}) };
    },
  };
}
