/** Where a command prints, and whether it may use colours and rewrite a live line. */
export interface Terminal {
  write(text: string): void;
  /** A terminal: a live line may be drawn and redrawn. */
  tty: boolean;
  /** ANSI colours: on a terminal, unless NO_COLOR is set (https://no-color.org). */
  colour: boolean;
  columns: number;
}

export interface TerminalOptions {
  stream?: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean; columns?: number };
  env?: NodeJS.ProcessEnv;
}

export function openTerminal({ stream = process.stdout, env = process.env }: TerminalOptions = {}): Terminal {
  const tty = stream.isTTY === true;
  return {
    write: (text) => void stream.write(text),
    tty,
    colour: tty && !env.NO_COLOR,
    columns: stream.columns && stream.columns > 20 ? stream.columns : 80,
  };
}

export interface Paint {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

/** Colour functions, or ones that leave the text as it is. */
export function paint(colour: boolean): Paint {
  if (!colour) return { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
  return { green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}
