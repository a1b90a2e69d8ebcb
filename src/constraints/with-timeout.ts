/**
 * Settles with `work`, or with `onTimeout()` after `ms`, whichever is first. A rejection of `work`
 * becomes `onError(error)`: a probe that throws or hangs yields a verdict, never a crash or a hang.
 */
export function withTimeout<T>(
  work: () => Promise<T>,
  ms: number,
  onTimeout: () => T,
  onError: (error: unknown) => T,
): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout()), ms);
    // The daemon and the CLI must be free to exit while an abandoned probe is still being killed.
    timer.unref();
    Promise.resolve()
      .then(work)
      .then(resolve, (error: unknown) => resolve(onError(error)))
      .finally(() => clearTimeout(timer));
  });
}
