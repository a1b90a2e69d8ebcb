/**
 * Dollars to 1/100 of a cent, trailing zeros dropped down to cents: 0.42 -> "0.42",
 * 0.1834 -> "0.1834", 0.004 -> "0.004", 1.5 -> "1.50". Cents alone would print a cheap session
 * (many cost a fraction of a cent) as "0.00", which reads as free or as unknown.
 */
export function formatCostUsd(costUsd: number): string {
  const fixed = (Math.round(costUsd * 10_000) / 10_000).toFixed(4);
  return fixed.replace(/0{1,2}$/, '');
}

/** A token count as people read it: 12400.4 -> "12,400". */
export function formatTokenCount(tokens: number): string {
  return Math.round(tokens).toLocaleString('en-US');
}
