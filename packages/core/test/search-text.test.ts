import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, defineField, defineObject, isSearchableField, normaliseSearchText, patchField, searchGrams, searchQueryOf } from '../src/index.ts';

const account = defineObject({ apiName: 'account', label: { en: 'Account' } }, { existing: {} });
const ctx = { object: account, existing: { account } };
const label = { en: 'Field' };

describe('search text', () => {
  it('normalises case, full-width forms, spaces and punctuation away', () => {
    expect(normaliseSearchText(' 021-6888 (1234) ')).toBe('02168881234');
    expect(normaliseSearchText('ＡＢＣ１２３')).toBe('abc123');
    expect(normaliseSearchText('华东·精密，机械。')).toBe('华东精密机械');
    expect(normaliseSearchText('Shan.Xiongxin@Example.CN')).toBe('shanxiongxinexamplecn');
    expect(searchQueryOf('  !!。 ')).toBeUndefined();
  });

  it('a one-letter query matches at the start only; one Chinese character anywhere', () => {
    expect(searchQueryOf('H')).toEqual({ text: 'h', grams: ['^h'], prefixOnly: true });
    expect(searchQueryOf('精')).toEqual({ text: '精', grams: ['精'], prefixOnly: false });
    expect(searchQueryOf('hdjm')).toEqual({ text: 'hdjm', grams: ['hd', 'dj', 'jm'], prefixOnly: false });
  });

  it('never misses: every substring of a value has all its grams among the value’s', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.nat(), fc.nat(), (raw, a, b) => {
        const value = normaliseSearchText(raw);
        const chars = [...value];
        const start = chars.length === 0 ? 0 : a % chars.length;
        const sub = chars.slice(start, start + 1 + (b % 10)).join('');
        const query = searchQueryOf(sub);
        if (!query) return;
        // A one-letter query only promises the start of the value.
        if (query.prefixOnly && start !== 0) return;
        const grams = new Set(searchGrams([value]));
        expect(query.grams.every((g) => grams.has(g)), `${JSON.stringify(value)} ∋ ${JSON.stringify(sub)}`).toBe(true);
      }),
    );
  });

  it('fields are searchable by type unless they say otherwise; only text-like types may say so', () => {
    const define = (input: Record<string, unknown>) => defineField({ label, ...input }, ctx);
    expect(isSearchableField(define({ apiName: 'city', type: 'text' }))).toBe(true);
    expect(isSearchableField(define({ apiName: 'mail', type: 'email' }))).toBe(true);
    expect(isSearchableField(define({ apiName: 'notes', type: 'longText' }))).toBe(false);
    expect(isSearchableField(define({ apiName: 'notes', type: 'longText', searchable: true }))).toBe(true);
    expect(isSearchableField(define({ apiName: 'city', type: 'text', searchable: false }))).toBe(false);
    expect(isSearchableField(define({ apiName: 'size', type: 'integer' }))).toBe(false);
    expect(() => define({ apiName: 'size', type: 'integer', searchable: true })).toThrow(DomainError);
    expect(isSearchableField(account.fields.find((f) => f.apiName === 'name')!)).toBe(true);

    const city = define({ apiName: 'city', type: 'text', searchable: false });
    const { field: retyped } = patchField(city, { type: 'longText' }, ctx);
    expect(retyped.searchable).toBe(false);
    const picklist = patchField(city, { type: 'picklist', values: [{ apiName: 'a', label }] }, ctx).field;
    expect(picklist.searchable).toBeUndefined();
    expect(patchField(city, { searchable: null }, ctx).field.searchable).toBeUndefined();
  });
});
