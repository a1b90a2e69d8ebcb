/** How long `waitFor` on the stand-in's state polls, and what its timeout error names. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the timeout error, e.g. "a pull request for agent/x". */
  what?: string;
}
