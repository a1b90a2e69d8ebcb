const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*$/;

/**
 * The settings lines of each INI / TOML section whose name `wanted` accepts, comments and blank
 * lines dropped, keyed by section name. Enough to tell whether pytest's or tox's settings changed
 * without a full parser: a change of formatting alone does not count, a change of value does.
 */
export function sections(text: string | undefined, wanted: (name: string) => boolean): Map<string, string> {
  const found = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const raw of (text ?? '').split(/\r?\n/)) {
    const header = HEADER.exec(raw);
    if (header) {
      const name = header[1] as string;
      current = wanted(name) ? (found.get(name) ?? []) : undefined;
      if (current) found.set(name, current);
      continue;
    }
    const line = raw.trim();
    if (current && line !== '' && !line.startsWith('#') && !line.startsWith(';')) current.push(line.replace(/\s*=\s*/, ' = '));
  }
  return new Map([...found].map(([name, lines]) => [name, lines.join('\n')]));
}

/** Section names present on either side whose settings differ, in order of appearance. */
export function changedSections(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return names.filter((name) => before.get(name) !== after.get(name));
}

/**
 * A Makefile rule for `target`: its prerequisites and recipe, normalised. Undefined when the
 * file has no such rule. Recipe lines start with a tab (the default `.RECIPEPREFIX`).
 */
export function makeRule(text: string | undefined, target: string): string | undefined {
  const lines = (text ?? '').split(/\r?\n/);
  const rules: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^\t#:=][^:=]*?)\s*::?(?!=)(.*)$/.exec(lines[i] as string);
    if (!match || !(match[1] as string).split(/\s+/).includes(target)) continue;
    const body = [(match[2] as string).trim()];
    while (i + 1 < lines.length && /^\t|^\s*$/.test(lines[i + 1] as string)) {
      const line = (lines[++i] as string).trim();
      if (line !== '') body.push(line);
    }
    rules.push(body.join('\n'));
  }
  return rules.length > 0 ? rules.join('\n--\n') : undefined;
}
