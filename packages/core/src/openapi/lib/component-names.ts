/**
 * Names that must be unique within one document (component schemas,
 * operation ids). Candidates are claimed in a fixed order and a taken one
 * gets "_2", "_3", ...: API names cannot contain "_", so a suffixed name
 * never shadows a name derived from another object.
 */
export type NameRegistry = { claim(candidate: string): string };

export function nameRegistry(reserved: Iterable<string> = []): NameRegistry {
  const taken = new Set(reserved);
  return {
    claim(candidate) {
      let name = candidate;
      for (let n = 2; taken.has(name); n++) name = `${candidate}_${n}`;
      taken.add(name);
      return name;
    },
  };
}

/**
 * "salesOrder" → "SalesOrder". API names are lowerCamel ASCII, so this is
 * one upper-cased letter; anything else is stripped to what component names
 * allow ([A-Za-z0-9._-]) and kept starting with a letter.
 */
export function pascalCase(apiName: string): string {
  const cleaned = apiName.replace(/[^A-Za-z0-9]/g, '');
  if (!/^[A-Za-z]/.test(cleaned)) return `Object${cleaned}`;
  return cleaned[0]!.toUpperCase() + cleaned.slice(1);
}

export type ObjectComponentNames = { record: string; create: string; update: string; page: string };

const VARIANTS = [
  ['record', ''],
  ['create', 'Create'],
  ['update', 'Update'],
  ['page', 'Page'],
] as const;

/**
 * Component names of each object's schemas: `Account`, `AccountCreate`,
 * `AccountUpdate`, `AccountPage`. Every object's record schema is named
 * before any Create/Update/Page, so an object called `accountPage` keeps
 * the plain `AccountPage` and `account`'s page schema becomes `AccountPage_2`.
 */
export function objectComponentNames(apiNames: readonly string[], registry: NameRegistry): Map<string, ObjectComponentNames> {
  const sorted = [...apiNames].sort();
  const names = new Map<string, Partial<ObjectComponentNames>>(sorted.map((n) => [n, {}]));
  for (const [variant, suffix] of VARIANTS) {
    for (const apiName of sorted) names.get(apiName)![variant] = registry.claim(pascalCase(apiName) + suffix);
  }
  return names as Map<string, ObjectComponentNames>;
}
