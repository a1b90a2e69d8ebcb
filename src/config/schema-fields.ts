import { z } from 'zod';

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** Strips optional/default/prefault wrappers down to the schema that holds the shape. */
export function unwrapSchema(schema: z.core.$ZodType): z.core.$ZodType {
  let inner = schema;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (WRAPPERS.has(def.type) && def.innerType) inner = def.innerType;
    else if (def.type === 'pipe' && def.in) inner = def.in;
    else return inner;
  }
}

/** The schema describing the value at `path` (a zod issue path), or undefined past the known shape. */
export function schemaAt(root: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let schema: z.core.$ZodType | undefined = root;
  for (const key of path) {
    if (schema === undefined) return undefined;
    const inner = unwrapSchema(schema);
    if (inner instanceof z.ZodObject) schema = typeof key === 'string' ? inner.shape[key] : undefined;
    else if (inner instanceof z.ZodArray) schema = typeof key === 'number' ? inner.element : undefined;
    else if (inner instanceof z.ZodRecord) schema = inner.valueType;
    else return undefined;
  }
  return schema;
}

/** The keys an object at `path` accepts, for "unknown key" messages. */
export function knownKeysAt(root: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  const schema = schemaAt(root, path);
  const inner = schema && unwrapSchema(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

export interface SchemaField {
  /** `schedule.window.start`; array items as `agents.prefer[].match`, record values as `agents.defs.<name>.kind`. */
  path: string;
  schema: z.core.$ZodType;
}

/** Every field of a schema, parents before children: what docs/configuration.md must cover. */
export function schemaFields(root: z.core.$ZodType, prefix = ''): SchemaField[] {
  const inner = unwrapSchema(root);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape).flatMap(([key, child]) => {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      return [{ path, schema: child }, ...schemaFields(child, path)];
    });
  }
  if (inner instanceof z.ZodArray) return schemaFields(inner.element, `${prefix}[]`);
  if (inner instanceof z.ZodRecord) return schemaFields(inner.valueType, `${prefix}.<name>`);
  return [];
}
