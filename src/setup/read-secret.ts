type SecretInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * Reads one line without echoing it: on a terminal in raw mode (nothing is printed, not even
 * asterisks, so the token's length stays private too), else the first line of piped input, so
 * `gh auth token | overnight auth login` works. Ctrl-C or Ctrl-D on the terminal reject.
 */
export function readSecret(input: SecretInput, output: NodeJS.WritableStream, prompt: string): Promise<string> {
  output.write(prompt);
  const terminal = input.isTTY === true && typeof input.setRawMode === 'function';
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      if (terminal) input.setRawMode?.(false);
      input.pause();
      // Ends the prompt's line, which the unechoed Enter did not; piped input had no prompt.
      if (prompt !== '') output.write('\n');
      if (error) reject(error);
      else resolve(text.trim());
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\n' || char === '\r') return finish();
        if (terminal && (char === '\u0003' || char === '\u0004')) return finish(new Error('cancelled'));
        if (terminal && (char === '\u007f' || char === '\b')) text = text.slice(0, -1);
        else text += char;
      }
    };
    const onEnd = () => (text === '' ? finish(new Error('no input: pipe the token in or type it')) : finish());
    if (terminal) input.setRawMode?.(true);
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
