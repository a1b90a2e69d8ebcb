import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { repoConfigSchema } from '../../src/config/repo-config.js';
import { runnerConfigSchema } from '../../src/config/runner-config.js';
import { SEED_ALIASES } from '../../src/config/normalise-seed.js';
import { schemaFields, type SchemaField } from '../../src/config/schema-fields.js';

const DOC = readFileSync('docs/configuration.md', 'utf8');

/** The text of a `## heading` section, up to the next `## `. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/configuration.md has no "## ${heading}" section`);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** Table rows whose first cell is a `code` field path: path -> the other cells. */
function fieldRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^\| `([^`]+)` \|(.*)\|$/.exec(line);
    if (match?.[1] && match[2]) rows.set(match[1], match[2].split(' | ').map((cell) => cell.trim()));
  }
  return rows;
}

/** What the Default column must say, from the schema itself; undefined where the schema has no single answer. */
function expectedDefault(field: SchemaField): string | undefined {
  const def = field.schema._zod.def as { type: string; defaultValue?: unknown };
  if (field.path === 'schedule.timezone') return 'the system time zone';
  if (def.type === 'default' || def.type === 'prefault') return `\`${JSON.stringify(def.defaultValue)}\``;
  if (def.type === 'optional') return undefined;
  return 'required';
}

describe.each<[string, z.core.$ZodType]>([
  ['Runner config', runnerConfigSchema],
  ['Repository config', repoConfigSchema],
])('docs/configuration.md, %s', (heading, schema) => {
  const rows = fieldRows(section(heading));
  const fields = schemaFields(schema);

  it.each(fields.map((field) => [field.path, field] as const))('documents %s with its default and an example', (path, field) => {
    const row = rows.get(path);
    expect(row, `no table row for \`${path}\``).toBeDefined();
    const [type, defaultCell, example, description] = row ?? [];
    expect(type, `${path}: type`).toBeTruthy();
    expect(example, `${path}: example`).toMatch(/`.+`/);
    expect(description, `${path}: description`).toBeTruthy();
    const expected = expectedDefault(field);
    if (expected === undefined) expect(defaultCell, `${path}: an optional field's default`).toMatch(/^none/);
    else expect(defaultCell, `${path}: default`).toBe(expected);
  });

  it('documents no field the schema does not have', () => {
    const known = new Set(fields.map((field) => field.path));
    expect([...rows.keys()].filter((path) => !known.has(path))).toStrictEqual([]);
  });
});

describe('docs/configuration.md, seed format', () => {
  it('lists every snake_case alias with its camelCase path', () => {
    const rows = fieldRows(section('Seed format (snake_case names)'));
    expect([...rows.keys()].sort()).toStrictEqual(SEED_ALIASES.map((alias) => alias.key).sort());
    for (const alias of SEED_ALIASES) expect(rows.get(alias.key)?.[0]).toBe(`\`${alias.to.join('.')}\``);
  });
});
