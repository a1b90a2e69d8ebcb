/** `value` as one single-quoted sh word: nothing in it is expanded or split. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
