export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export type StopSignal = (typeof STOP_SIGNALS)[number];

type SignalTarget = Pick<NodeJS.Process, 'on' | 'off'>;

/**
 * Calls `handler` on SIGINT or SIGTERM until the returned function is called. Registered with
 * `on`, not `once`: while execa children run, its signal-exit hook re-raises a signal that finds
 * no other listener, which would kill the process in the middle of a git call or before it could
 * stop what it started.
 */
export function onStopSignals(handler: (signal: StopSignal) => void, target: SignalTarget = process): () => void {
  const listeners = STOP_SIGNALS.map((signal) => [signal, () => handler(signal)] as const);
  for (const [signal, listener] of listeners) target.on(signal, listener);
  return () => {
    for (const [signal, listener] of listeners) target.off(signal, listener);
  };
}
