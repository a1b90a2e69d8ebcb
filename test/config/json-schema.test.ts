import { describe, expect, it } from 'vitest';
import { jsonSchemaText, repoConfigJsonSchema, runnerConfigJsonSchema } from '../../src/config/json-schema.js';

// To regenerate after a schema change: npx vitest run test/config/json-schema.test.ts --update
describe('the committed JSON Schemas', () => {
  it('schema/runner-config.schema.json matches the zod schema', async () => {
    await expect(jsonSchemaText(runnerConfigJsonSchema())).toMatchFileSnapshot('../../schema/runner-config.schema.json');
  });

  it('schema/repo-config.schema.json matches the zod schema', async () => {
    await expect(jsonSchemaText(repoConfigJsonSchema())).toMatchFileSnapshot('../../schema/repo-config.schema.json');
  });
});

describe('runnerConfigJsonSchema', () => {
  const schema = runnerConfigJsonSchema() as any;

  it('describes the input: fields with defaults are optional, and $schema is allowed', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toStrictEqual(['repo', 'schedule']);
    expect(schema.properties.$schema).toMatchObject({ type: 'string' });
    expect(schema.properties.budget.required).toBeUndefined();
    expect(schema.additionalProperties).toBe(false);
  });

  it('does not freeze the generating machine\'s time zone as the default', () => {
    expect(schema.properties.schedule.properties.timezone).toStrictEqual({
      description: 'IANA time zone the window is read in. Default: the system time zone.',
      type: 'string',
    });
  });

  it('keeps the patterns editors can check', () => {
    const schedule = schema.properties.schedule.properties;
    expect(new RegExp(schedule.window.properties.start.pattern).test('25:00')).toBe(false);
    expect(new RegExp(schedule.window.properties.start.pattern).test('01:30')).toBe(true);
    expect(new RegExp(schedule.every.pattern).test('30m')).toBe(true);
    expect(new RegExp(schedule.every.pattern).test('30 min')).toBe(false);
  });
});
