import { CST, Lexer } from 'yaml';
import type { ConfigProblem } from './config-problem.js';
import { MAX_NESTING, tooDeepProblem } from './nesting-limit.js';

// Lexer markers that stand for no text of the source.
const ZERO_WIDTH = new Set(['doc-mode', 'flow-error-end', 'scalar']);
const BLOCK_INDICATORS = new Set(['seq-item-ind', 'explicit-key-ind', 'map-value-ind']);
const LAYOUT = new Set(['space', 'newline', 'comment']);

/**
 * Where YAML text first nests deeper than MAX_NESTING, or undefined. Runs only the lexer (a
 * state machine, no recursion) and stops there; the yaml composer recurses per level, and a
 * file of 100 000 "[" ran it out of stack or memory.
 *
 * Block depth is counted from indentation: each earlier line still open at a smaller indent
 * counts one level, and every "-", "?" or ":" on the line one more; flow collections add a
 * level per "[" or "{". It is meant to count no fewer levels than the document has (more when
 * a key and its value share a line), the safe side of a limit.
 */
export function yamlTooDeep(text: string): ConfigProblem | undefined {
  // Indents of the lines still open; a "-" line sits inside a key at its own indent, so it
  // counts as half a column deeper.
  const open: number[] = [];
  let offset = 0;
  let lineStart = true;
  let indent = 0;
  let onLine = 0;
  let flow = 0;
  let blockDepth = 0;
  // The depth where the outermost open flow collection began: lines inside it do not indent.
  let flowBase = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token) ?? 'unknown';
    const at = offset;
    if (!ZERO_WIDTH.has(type)) offset += token.length;
    if (type === 'newline') {
      lineStart = true;
      indent = 0;
      onLine = 0;
      continue;
    }
    if (type === 'doc-start') open.length = 0;
    if (ZERO_WIDTH.has(type) || LAYOUT.has(type)) {
      if (type === 'space' && lineStart) indent += token.length;
      continue;
    }
    if (lineStart && flow === 0) {
      const column = type === 'seq-item-ind' ? indent + 0.5 : indent;
      while (open.length > 0 && open[open.length - 1]! >= column) open.pop();
      blockDepth = open.length;
      open.push(column);
    }
    lineStart = false;
    if (flow === 0 && BLOCK_INDICATORS.has(type)) onLine += 1;
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      if (flow === 0) flowBase = blockDepth + onLine;
      flow += 1;
    }
    if (type === 'flow-map-end' || type === 'flow-seq-end') flow = Math.max(0, flow - 1);
    const depth = flow > 0 ? flowBase + flow : blockDepth + onLine;
    if (depth > MAX_NESTING) return tooDeepProblem(...lineAndColumn(text, at));
  }
  return undefined;
}

function lineAndColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return [before.split('\n').length, offset - lineStart + 1];
}
