/** Prints the demo's progress: each line stamped with the local wall-clock time it happened. */
export type Print = (line: string) => void;

export function createPrinter(write: (text: string) => void, now: () => Date = () => new Date()): Print {
  return (line) => {
    const [first = '', ...rest] = line.split('\n');
    write(`[${localTime(now())}] ${first}\n${rest.map((more) => `           ${more}\n`).join('')}`);
  };
}

/** "HH:MM:SS.s" in local time, for ticks whose jitter is the point. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  return `${localTime(date)}.${Math.floor(date.getMilliseconds() / 100)}`;
}

function localTime(date: Date): string {
  return date.toTimeString().slice(0, 8);
}
