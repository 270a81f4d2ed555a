import type { CustomFieldType, FieldDef, ObjectDef } from '../metadata/types.ts';

/**
 * How text is matched by global search and list quick search. Values and
 * queries are normalised the same way, so matching is insensitive to case,
 * full-width forms, spaces and punctuation ("021-6888 1234" is found by
 * "02168881234", "ＡＢＣ" by "abc"). Each indexed text is broken into
 * grams a GIN index can intersect: every pair of adjacent characters, every
 * CJK character alone (one Chinese character is a meaningful query) and a
 * start marker for the first character (a one-letter query matches only at
 * the start, or it would match nearly everything). A query's grams must all
 * be present; the exact substring is then checked on the few candidates.
 */

/** Characters of a query, before normalisation. */
export const SEARCH_QUERY_MAX_LENGTH = 100;
/** Characters of a value that are indexed: search is for finding records, not reading documents. */
export const SEARCH_VALUE_MAX_LENGTH = 500;

/** Types whose values can be searched, and those searched unless a field says otherwise. */
export const SEARCHABLE_TYPES: ReadonlySet<CustomFieldType> = new Set(['text', 'longText', 'email', 'phone', 'url', 'autoNumber']);
const SEARCHED_BY_DEFAULT: ReadonlySet<string> = new Set(['text', 'email', 'phone', 'autoNumber']);

export function isSearchableField(field: FieldDef): boolean {
  if (!SEARCHABLE_TYPES.has(field.type as CustomFieldType)) return false;
  return field.searchable ?? SEARCHED_BY_DEFAULT.has(field.type);
}

export const searchableFields = (object: ObjectDef): FieldDef[] => object.fields.filter(isSearchableField);

const IGNORED = /[\p{P}\p{S}\p{Z}\p{C}\s]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const START = '^';

export const hasHan = (text: string): boolean => /\p{Script=Han}/u.test(text);

export function normaliseSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(IGNORED, '');
}

/** The grams of normalised texts (a value and its pinyin forms), without repeats. */
export function searchGrams(texts: readonly string[]): string[] {
  const grams = new Set<string>();
  for (const text of texts) {
    const chars = [...text];
    if (chars.length === 0) continue;
    grams.add(START + chars[0]);
    chars.forEach((c, i) => {
      if (CJK.test(c)) grams.add(c);
      if (i + 1 < chars.length) grams.add(c + chars[i + 1]);
    });
  }
  return [...grams];
}

/**
 * A parsed query: its normalised text, the grams every match must have, and
 * whether it may only match at the start of a text (a single letter or digit).
 */
export type SearchQuery = { text: string; grams: string[]; prefixOnly: boolean };

/** undefined when nothing searchable is left (only spaces or punctuation). */
export function searchQueryOf(raw: string): SearchQuery | undefined {
  const text = normaliseSearchText(raw);
  const chars = [...text];
  if (chars.length === 0) return undefined;
  if (chars.length === 1) {
    const cjk = CJK.test(chars[0]!);
    return { text, grams: [cjk ? chars[0]! : START + chars[0]], prefixOnly: !cjk };
  }
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return { text, grams: [...grams], prefixOnly: false };
}

/** A LIKE pattern that matches `text` literally (normalised text has no wildcards, but the pattern must not depend on that). */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => '\\' + c);
