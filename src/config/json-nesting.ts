import { createScanner } from 'jsonc-parser';
import type { ConfigProblem } from './config-problem.js';
import { MAX_NESTING, tooDeepProblem } from './nesting-limit.js';

/**
 * Where JSON (with comments) text first nests deeper than MAX_NESTING, or undefined. Only the
 * scanner runs, which reads tokens in a loop without recursing, and it stops at that point.
 * Brackets inside strings and comments are whole tokens of their own kind, so they never count.
 */
export function jsonTooDeep(text: string): ConfigProblem | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (;;) {
    scanner.scan();
    const offset = scanner.getTokenOffset();
    if (offset >= text.length) return undefined;
    const first = text[offset];
    if (scanner.getTokenLength() !== 1) continue;
    if (first === '{' || first === '[') depth += 1;
    else if (first === '}' || first === ']') depth = Math.max(0, depth - 1);
    if (depth > MAX_NESTING) return tooDeepProblem(scanner.getTokenStartLine() + 1, scanner.getTokenStartCharacter() + 1);
  }
}
