/**
 * A dollar amount for `--max-budget-usd`: rounded down to 1/100 of a cent, so the agent is never
 * given more than is left, and written without exponent ("0.0001", never "1e-4").
 */
export function formatBudgetUsd(usd: number): string {
  const hundredths = Math.max(0, Math.floor(usd * 10_000 + 1e-9));
  return (hundredths / 10_000).toFixed(4).replace(/\.?0+$/, '') || '0';
}
