import { z } from 'zod';
import { repoConfigSchema } from './repo-config.js';
import { runnerConfigSchema } from './runner-config.js';

/** Defaults computed on the machine that validates, which a committed schema must not freeze. */
const MACHINE_DEFAULTS = [['schedule', 'timezone']];

/**
 * The runner config as JSON Schema (draft 2020-12), for editors: the input shape, so fields with
 * defaults are optional. Cross-field rules (start != end, prefer names a defined agent ...) have
 * no JSON Schema form; `overnight validate` checks those.
 */
export function runnerConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(runnerConfigSchema, {
    io: 'input',
    override: ({ jsonSchema, path }) => {
      if (MACHINE_DEFAULTS.some((field) => sameJsonPath(path, field))) delete jsonSchema.default;
    },
  });
  return withTitle(schema, 'overnight runner config', 'The runner config of overnight (docs/configuration.md).');
}

/** `.github/overnight.yml`, for editors with a YAML language server. */
export function repoConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(repoConfigSchema, { io: 'input' });
  return withTitle(schema, 'overnight repository config', 'The repository side of overnight: .github/overnight.yml.');
}

/** The committed files' exact text: two-space indent and a final newline. */
export function jsonSchemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function withTitle(schema: Record<string, unknown>, title: string, description: string): Record<string, unknown> {
  const { $schema, ...rest } = schema;
  return { $schema, title, description, ...rest };
}

/** JSON Schema paths read ["properties", "schedule", "properties", "timezone"]. */
function sameJsonPath(jsonPath: readonly (string | number)[], field: readonly string[]): boolean {
  const expected = field.flatMap((key) => ['properties', key]);
  return jsonPath.length === expected.length && expected.every((key, index) => jsonPath[index] === key);
}
