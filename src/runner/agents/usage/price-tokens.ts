import type { Pricing } from './types.js';

export interface PricedTokens {
  /** Input at the plain rate: neither read from nor written to the cache. */
  uncachedInput: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

const PER_MILLION = 1_000_000;

export function priceTokens(tokens: PricedTokens, pricing: Pricing): number {
  const input = pricing.inputPerMTok;
  return (
    (tokens.uncachedInput * input +
      tokens.cacheRead * (pricing.cachedInputPerMTok ?? input) +
      tokens.cacheWrite * (pricing.cacheWritePerMTok ?? input) +
      tokens.output * pricing.outputPerMTok) /
    PER_MILLION
  );
}
