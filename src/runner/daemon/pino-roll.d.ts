// pino-roll 4 ships no type declarations; this covers the options the runner logger uses.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  export interface PinoRollOptions {
    file: string | (() => string);
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    symlink?: boolean;
    mkdir?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    dateFormat?: string;
  }

  export interface RollStream extends DestinationStream {
    end(): void;
    once(event: 'close' | 'finish', listener: () => void): this;
  }

  export default function build(options: PinoRollOptions): Promise<RollStream>;
}
