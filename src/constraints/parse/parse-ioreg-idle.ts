/**
 * Reads the user's idle time from macOS `ioreg -c IOHIDSystem`: the `"HIDIdleTime" = <ns>` property,
 * nanoseconds since the last keyboard or pointer event. Some machines list more than one
 * IOHIDSystem; the smallest value is the most recent input. Returns milliseconds, or undefined.
 */
export function parseIoregIdle(output: string): number | undefined {
  const values = [...output.matchAll(/"HIDIdleTime"\s*=\s*(\d+)/g)].map((match) => Number(match[1]));
  if (values.length === 0) return undefined;
  return Math.min(...values) / 1_000_000;
}
