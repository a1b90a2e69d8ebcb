import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ConfigProblem } from './config-problem.js';
import { jsonTooDeep } from './json-nesting.js';
import { treeValue } from './json-tree-value.js';

// Keyed by printParseErrorCode's names: the codes are a const enum, unusable under isolatedModules.
const EXPECTED: Record<string, string> = {
  InvalidSymbol: 'expected a JSON value',
  InvalidNumberFormat: 'expected a number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file',
  InvalidCommentToken: 'expected a comment',
  UnexpectedEndOfComment: 'expected "*/" closing the comment',
  UnexpectedEndOfString: 'expected a closing double quote',
  UnexpectedEndOfNumber: 'expected more digits',
  InvalidUnicode: 'expected a \\uXXXX escape',
  InvalidEscapeCharacter: 'expected a valid escape (\\n, \\", \\\\ ...)',
  InvalidCharacter: 'expected no control characters in a string',
};

export type JsoncResult = { ok: true; value: unknown } | { ok: false; problems: ConfigProblem[] };

/**
 * JSON with comments and trailing commas, as editors allow in settings files. Every syntax error
 * is reported with its line and column, not only the first. Nesting is checked first, by a scan
 * that does not recurse: the parser does, once per level.
 */
export function parseJsonc(text: string): JsoncResult {
  const tooDeep = jsonTooDeep(text);
  if (tooDeep) return { ok: false, problems: [tooDeep] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length === 0) return { ok: true, value: treeValue(tree) };
  return { ok: false, problems: errors.map((error) => syntaxProblem(text, error)) };
}

function syntaxProblem(text: string, error: ParseError): ConfigProblem {
  const before = text.slice(0, error.offset);
  const line = before.split('\n').length;
  const column = error.offset - before.lastIndexOf('\n');
  const token = text.slice(error.offset, error.offset + Math.max(error.length, 1));
  const got = token === '' ? 'the end of the file' : JSON.stringify(token);
  const expected = EXPECTED[printParseErrorCode(error.error)] ?? 'expected valid JSON';
  return { path: '', line, column, message: `invalid JSON: ${expected}, got ${got}` };
}
