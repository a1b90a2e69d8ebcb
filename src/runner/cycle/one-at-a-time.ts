/**
 * A lock for work that must not overlap inside one runner: its cycles run side by side (one per
 * slot) but share one clone, whose refs and worktree list take one writer at a time. Waiters go
 * in the order they asked.
 */
export interface OneAtATime {
  /** Resolves once the lock is ours, with the function that hands it on (calling it twice is harmless). */
  acquire(): Promise<() => void>;
  /** Runs `task` holding the lock, and lets go whatever the task's outcome. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Runs `task` only if nobody holds or waits for the lock; otherwise resolves undefined at once. */
  runIfFree<T>(task: () => Promise<T>): Promise<T | undefined>;
}

export function oneAtATime(): OneAtATime {
  let tail: Promise<void> = Promise.resolve();
  // Holders and waiters: the lock is free when nobody is in line.
  let inLine = 0;
  async function acquire(): Promise<() => void> {
    const previous = tail;
    let handOn!: () => void;
    tail = new Promise<void>((resolve) => (handOn = resolve));
    inLine += 1;
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inLine -= 1;
      handOn();
    };
  }
  async function run<T>(task: () => Promise<T>): Promise<T> {
    const release = await acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
  return {
    acquire,
    run,
    runIfFree: (task) => (inLine > 0 ? Promise.resolve(undefined) : run(task)),
  };
}
