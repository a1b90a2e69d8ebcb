import type { Node } from 'jsonc-parser';

/**
 * The value of a jsonc-parser syntax tree, with every object key an own data property. Plain
 * assignment, which jsonc-parser's own `parse` uses, treats a key "__proto__" as the prototype
 * setter: the key vanished from the config (no "unknown key" problem) and its object became the
 * prototype the config inherited from. The tree is at most MAX_NESTING deep when this runs.
 */
export function treeValue(node: Node | undefined): unknown {
  if (node === undefined) return undefined;
  if (node.type === 'array') return (node.children ?? []).map(treeValue);
  if (node.type !== 'object') return node.value;
  const object: Record<string, unknown> = {};
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key === undefined) continue;
    // A later duplicate key wins, as in JSON.parse.
    Object.defineProperty(object, String(key.value), { value: treeValue(value), enumerable: true, writable: true, configurable: true });
  }
  return object;
}
