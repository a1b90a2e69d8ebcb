/**
 * The longest start of `text` that is at most `maxBytes` bytes of UTF-8, never splitting a code
 * point (prompts are capped in bytes: that is what the OS and the model APIs count).
 */
export function clipUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  // A continuation byte (10xxxxxx) means the cut falls inside a code point: back up to its start.
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

export const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');
