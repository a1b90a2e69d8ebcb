import { z } from 'zod';
import { formatPath, type ConfigProblem } from './config-problem.js';
import { describeValue } from './describe-value.js';
import { knownKeysAt, schemaAt, unwrapSchema } from './schema-fields.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  record: 'an object',
};

/**
 * Turns zod issues into `path: expected ..., got ...` problems, one per issue (one per key for
 * unknown keys). Needs the issues of a parse run with `reportInput: true` so the value is known.
 */
export function zodProblems(issues: readonly z.core.$ZodIssue[], root: z.core.$ZodType): ConfigProblem[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(root, issue.path);
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: unknownKey(key, known) }));
    }
    const got = received(issue);
    const message = got === undefined ? expected(issue, root) : `${expected(issue, root)}, got ${got}`;
    return [{ path: formatPath(issue.path), message }];
  });
}

function expected(issue: z.core.$ZodIssue, root: z.core.$ZodType): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${isIntegerField(root, issue.path) ? 'an integer' : (TYPE_NAMES[issue.expected] ?? issue.expected)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
    case 'too_big':
      return `expected ${sizeExpectation(issue, root)}`;
    case 'invalid_key': {
      const inner = issue.issues[0];
      return inner && isOurs(inner.message) ? `${inner.message} as the key` : 'expected a valid key';
    }
    case 'invalid_format':
      return isOurs(issue.message) ? issue.message : `expected a ${issue.format}${issue.pattern ? ` matching ${issue.pattern}` : ''}`;
    default:
      return isOurs(issue.message) ? issue.message : `expected a valid value (${issue.message})`;
  }
}

/** undefined when the schema's own message already says what it got. */
function received(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'custom' && /\bgot\b/.test(issue.message)) return undefined;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'nothing (the field is required)';
  if (issue.code === 'invalid_key') return `key ${describeValue(issue.input)}`;
  return describeValue(issue.input);
}

/** Our schema messages already read "expected ..."; zod's defaults ("Invalid input: ...") do not. */
function isOurs(message: string): boolean {
  return message.startsWith('expected ');
}

/** "a number from 1 to 1440", "at least 1 item", "a non-empty string": both bounds when the schema has them. */
function sizeExpectation(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, root: z.core.$ZodType): string {
  if (issue.origin === 'number' || issue.origin === 'int') {
    const bounds = numberSchemaAt(root, issue.path);
    const noun = bounds?.isInt ? 'an integer' : 'a number';
    const min = bounds?.minValue;
    const max = bounds?.maxValue;
    if (min != null && max != null && min > Number.MIN_SAFE_INTEGER && max < Number.MAX_SAFE_INTEGER) {
      return `${noun} from ${min} to ${max}`;
    }
    if (issue.code === 'too_small') return `${noun} ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    return `${noun} ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
  }
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') {
    if (issue.code === 'too_small' && bound === 1) return 'a non-empty string';
    return `a string of ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} characters`;
  }
  const items = bound === 1 ? 'item' : 'items';
  return `${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} ${items}`;
}

function numberSchemaAt(root: z.core.$ZodType, path: readonly PropertyKey[]): z.ZodNumber | undefined {
  const schema = schemaAt(root, path);
  const inner = schema && unwrapSchema(schema);
  return inner instanceof z.ZodNumber ? inner : undefined;
}

function isIntegerField(root: z.core.$ZodType, path: readonly PropertyKey[]): boolean {
  return numberSchemaAt(root, path)?.isInt === true;
}

/** "unknown key (did you mean ...); expected one of ...": `known` are the keys the object takes. */
export function unknownKey(key: string, known: readonly string[]): string {
  const guess = known.find((name) => name.toLowerCase() === camelCase(key).toLowerCase());
  const hint = guess ? ` (did you mean "${guess}"?)` : '';
  const expectedKeys = known.filter((name) => name !== '$schema').join(', ');
  return `unknown key${hint}; expected one of ${expectedKeys}`;
}

function camelCase(key: string): string {
  return key.replace(/[_-]([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
