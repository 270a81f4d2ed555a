import { localizedText } from '../metadata/json-schema.ts';
import type { FieldDef, Locale, ObjectDef, WorkspaceMetadata } from '../metadata/types.ts';

/**
 * Records as CSV for spreadsheets: RFC 4180 quoting, CRLF line ends, and
 * cells a spreadsheet would run as a formula (starting with = + - @ tab or
 * CR) neutralised with a leading apostrophe, as OWASP advises. Plain numbers
 * we format ourselves (a negative amount) are left as numbers.
 */

export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(text: string): string {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export type CsvColumn = { path: string; label: string; text(value: unknown): string };

const YES_NO: Record<Locale, [string, string]> = { en: ['Yes', 'No'], 'zh-CN': ['是', '否'], 'zh-TW': ['是', '否'] };

/** User ids to names, for owner and other user fields; ids of unknown users are kept as they are. */
export type UserNames = ReadonlyMap<string, string>;

/**
 * Columns for field paths of `object` as seen by the reader (paths already
 * checked by the list query): headers in the reader's language, a lookup
 * shown by name under the lookup's own label, picklist values as labels.
 */
export function csvColumns(metadata: WorkspaceMetadata, object: ObjectDef, paths: readonly string[], locale: Locale, users: UserNames): CsvColumn[] {
  return paths.map((path) => {
    const chain = fieldChain(metadata, object, path);
    const field = chain.at(-1)!;
    const labels = chain.map((f) => localizedText(f.label, locale, f.apiName));
    // "account.name" is how a list shows a lookup: under the lookup's label.
    const label = chain.length > 1 && field.apiName === 'name' ? labels.slice(0, -1).join(' › ') : labels.join(' › ');
    return { path, label, text: (value: unknown) => cellText(field, value, locale, users) };
  });
}

function fieldChain(metadata: WorkspaceMetadata, object: ObjectDef, path: string): FieldDef[] {
  const chain: FieldDef[] = [];
  let current: ObjectDef | undefined = object;
  for (const segment of path.split('.')) {
    const field: FieldDef | undefined = current?.fields.find((f) => f.apiName === segment);
    if (!field) throw new Error(`csvColumns: "${path}" is not a field path of ${object.apiName}`);
    chain.push(field);
    current = field.target !== undefined && Object.hasOwn(metadata.objects, field.target) ? metadata.objects[field.target] : undefined;
  }
  return chain;
}

function cellText(field: FieldDef, value: unknown, locale: Locale, users: UserNames): string {
  if (value === null || value === undefined) return '';
  const type = field.type === 'formula' ? field.returnType : field.type;
  const label = (v: unknown) => {
    const def = field.values?.find((x) => x.apiName === v);
    return def ? localizedText(def.label, locale, def.apiName) : String(v);
  };
  if (type === 'picklist') return label(value);
  if (type === 'multiPicklist' && Array.isArray(value)) return value.map(label).join('; ');
  if (type === 'boolean') return YES_NO[locale][value === true ? 0 : 1];
  if (type === 'userRef' && typeof value === 'string') return users.get(value) ?? value;
  if (type === 'currency' && typeof value === 'object' && value !== null && 'amount' in value) {
    const money = value as { amount: unknown; currency: unknown };
    return `${String(money.amount)} ${String(money.currency)}`;
  }
  if (Array.isArray(value)) return value.map(String).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
