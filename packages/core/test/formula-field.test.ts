import { describe, expect, it } from 'vitest';
import {
  DomainError,
  brokenFormulaFields,
  compileListQuery,
  defineField,
  defineObject,
  effectivePermissions,
  fieldReferences,
  formatMessage,
  metadataViewFor,
  patchField,
  prepareWrite,
  recordSchemas,
  render,
  type FieldProblem,
  type ObjectDef,
  type WorkspaceMetadata,
} from '../src/index.ts';

/**
 * Formula fields as metadata: checked on create and update against the
 * workspace (formula, return type, cycles), never written, typed by their
 * return type in schemas, compiled into list SQL, and hidden from readers
 * who cannot see what they read.
 */

function problemsOf(fn: () => unknown): FieldProblem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.errors;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const L = { en: 'F' };
let account = defineObject({ apiName: 'account', label: { en: 'Account' } }, { existing: {} });
let deal = defineObject({ apiName: 'deal', label: { en: 'Deal' } }, { existing: { account } });
const add = (object: ObjectDef, input: Record<string, unknown>): ObjectDef => {
  const f = defineField({ label: L, ...input }, { object, existing: { account, deal } });
  return { ...object, fields: [...object.fields, f] };
};
account = add(account, { apiName: 'region', type: 'text' });
deal = add(deal, { apiName: 'amount', type: 'currency' });
deal = add(deal, { apiName: 'closeDate', type: 'date' });
deal = add(deal, { apiName: 'account', type: 'lookup', target: 'account' });
const ctx = () => ({ object: deal, existing: { account, deal } });

describe('defining a formula field', () => {
  it('keeps the formula and return type; it is optional and never unique', () => {
    const f = defineField({ apiName: 'tier', type: 'formula', label: L, formula: 'IF(amount > 100000, "key", "normal")', returnType: 'text' }, ctx());
    expect(f).toEqual({ apiName: 'tier', type: 'formula', label: L, required: false, unique: false, externalId: false, system: false, formula: 'IF(amount > 100000, "key", "normal")', returnType: 'text' });
  });

  it('needs a formula and a return type, and takes no options of stored fields', () => {
    const problems = problemsOf(() => defineField({ apiName: 'x', type: 'formula', label: L, required: true, defaultValue: 1 }, ctx()));
    expect(problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(['defaultValue:notApplicable', 'formula:required', 'required:notApplicable', 'returnType:required']);
    expect(problemsOf(() => defineField({ apiName: 'x', type: 'text', label: L, formula: '1' }, ctx()))[0]).toMatchObject({ field: 'formula', code: 'notApplicable' });
  });

  it('names `formula` with the line and column of a bad formula', () => {
    const [p] = problemsOf(() => defineField({ apiName: 'x', type: 'formula', label: L, formula: 'amount +\n  amont', returnType: 'number' }, ctx()));
    expect(p).toMatchObject({ field: 'formula', code: 'formulaUnknownField', params: { line: 2, column: 3 } });
    expect(formatMessage(p!.code, p!.params ?? {}, 'en')).toBe('Line 2, column 3: there is no field "amont".');
  });

  it('refuses a formula whose type is not the return type (currency takes a number)', () => {
    const [p] = problemsOf(() => defineField({ apiName: 'x', type: 'formula', label: L, formula: 'account.region', returnType: 'number' }, ctx()));
    expect(p).toMatchObject({ field: 'formula', code: 'formulaReturnType' });
    expect(defineField({ apiName: 'x', type: 'formula', label: L, formula: 'amount * 0.13', returnType: 'currency' }, ctx()).returnType).toBe('currency');
  });

  it('refuses a reference to itself and a cycle through other formula fields, naming the cycle', () => {
    const [self] = problemsOf(() => defineField({ apiName: 'x', type: 'formula', label: L, formula: 'x + 1', returnType: 'number' }, ctx()));
    expect(self).toMatchObject({ field: 'formula', code: 'formulaCycle', params: { cycle: 'deal.x → deal.x' } });

    const withA = add(deal, { apiName: 'a', type: 'formula', formula: 'amount * 2', returnType: 'number' });
    const withB = { ...withA, fields: [...withA.fields, defineField({ apiName: 'b', type: 'formula', label: L, formula: 'a + 1', returnType: 'number' }, { object: withA, existing: { account, deal: withA } })] };
    const a = withB.fields.find((f) => f.apiName === 'a')!;
    const [cycle] = problemsOf(() => patchField(a, { formula: 'b - 1' }, { object: withB, existing: { account, deal: withB } }));
    expect(cycle).toMatchObject({ field: 'formula', code: 'formulaCycle', params: { cycle: 'deal.a → deal.b → deal.a' } });
  });

  it('refuses converting to or from a formula, with the reason; changing the formula needs no database change', () => {
    const amount = deal.fields.find((f) => f.apiName === 'amount')!;
    const [to] = problemsOf(() => patchField(amount, { type: 'formula', formula: '1', returnType: 'number' }, ctx()));
    expect(to).toMatchObject({ field: 'type', code: 'typeChangeRefused' });
    expect(String(to!.params?.detail)).toMatch(/stores none/);
    const withF = add(deal, { apiName: 'f', type: 'formula', formula: 'amount', returnType: 'number' });
    const f = withF.fields.find((x) => x.apiName === 'f')!;
    expect(problemsOf(() => patchField(f, { type: 'decimal' }, { object: withF, existing: { account, deal: withF } }))[0]).toMatchObject({ field: 'type', code: 'typeChangeRefused' });
    expect(patchField(f, { formula: 'amount * 2' }, { object: withF, existing: { account, deal: withF } })).toEqual({ field: { ...f, formula: 'amount * 2' }, changes: [] });
  });

  it('is referenced by the fields it reads (lookups along its paths too), and breaks when they change', () => {
    const withF = add(deal, { apiName: 'f', type: 'formula', formula: 'account.region & TEXT(amount)', returnType: 'text' });
    const objects = { account, deal: withF };
    expect(fieldReferences({ object: 'account', field: 'region' }, objects)).toEqual([{ object: 'deal', field: 'f', via: 'formula' }]);
    expect(fieldReferences({ object: 'deal', field: 'account' }, objects)).toEqual([{ object: 'deal', field: 'f', via: 'formula' }]);
    expect(fieldReferences({ object: 'deal', field: 'closeDate' }, objects)).toEqual([]);
    const md: WorkspaceMetadata = { schema: 's', version: 1, objects };
    expect(brokenFormulaFields(md)).toEqual([]);
    expect(brokenFormulaFields({ ...md, objects: { ...objects, account: { ...account, fields: account.fields.filter((f) => f.apiName !== 'region') } } })).toEqual(['deal.f']);
  });
});

describe('formula fields in the write path, schemas and lists', () => {
  const withF = add(add(deal, { apiName: 'tier', type: 'formula', formula: 'IF(amount > 100000, "key", "normal")', returnType: 'text' }), {
    apiName: 'age',
    type: 'formula',
    formula: 'DATEDIFF(TODAY(), closeDate)',
    returnType: 'number',
  });
  const md: WorkspaceMetadata = { schema: 'ws', version: 1, objects: { account, deal: withF } };

  it('cannot be written', () => {
    expect(problemsOf(() => prepareWrite({ object: withF, body: { name: 'x', tier: 'key' }, mode: 'create' }))).toEqual([{ field: 'tier', code: 'readOnlyField' }]);
  });

  it('is a readOnly property typed by its return type, absent from input schemas', () => {
    const { record, create, update } = recordSchemas(withF, 'en');
    expect((record.properties as Record<string, unknown>).tier).toMatchObject({ type: ['string', 'null'], readOnly: true, 'x-mainline-type': 'formula', 'x-mainline-return-type': 'text' });
    expect((record.properties as Record<string, unknown>).age).toMatchObject({ type: ['string', 'null'], readOnly: true });
    expect(create.properties).not.toHaveProperty('tier');
    expect(update.properties).not.toHaveProperty('age');
  });

  it('compiles to an expression selected, filtered and sorted in the same statement', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const compiled = compileListQuery({
      metadata: md,
      object: 'deal',
      fields: ['tier', 'age'],
      filter: { field: 'tier', op: 'eq', value: 'key' },
      sort: [{ field: 'age', direction: 'desc' }],
      formulaContext: { now, timeZone: 'Asia/Shanghai', user: { id: 'u', name: 'U', email: 'u@x' } },
    });
    const { text, values } = render(compiled.select);
    expect(text).toContain('as "t0.tier"');
    expect(text).not.toMatch(/"t0"\."tier"/);
    expect(values).toContain('Asia/Shanghai');
    expect(values).toContain(now.toISOString());
  });

  it('refuses a clock-dependent formula field where no reader is known', () => {
    expect(problemsOf(() => compileListQuery({ metadata: md, object: 'deal', fields: ['age'] }))[0]).toMatchObject({ field: 'fields', code: 'invalidValue' });
    expect(() => compileListQuery({ metadata: md, object: 'deal', fields: ['tier'] })).not.toThrow();
  });
});

describe('field-level security through formulas', () => {
  const withF = add(deal, { apiName: 'big', type: 'formula', formula: 'amount > 100000', returnType: 'boolean' });
  const chained = { ...withF, fields: [...withF.fields, defineField({ apiName: 'label2', type: 'formula', label: L, formula: 'IF(big, "big", "small")', returnType: 'text' }, { object: withF, existing: { account, deal: withF } })] };
  const md: WorkspaceMetadata = { schema: 'ws', version: 1, objects: { account, deal: chained } };
  const names = (view: WorkspaceMetadata) => view.objects.deal!.fields.map((f) => f.apiName);

  it('hides a formula field (and formulas reading it) from a reader who cannot see a field it reads', () => {
    const hidden = effectivePermissions({ isAdmin: false, profile: { allObjects: { read: true }, fields: { deal: { amount: 'hidden' } } }, permissionSets: [] });
    expect(names(metadataViewFor(md, hidden))).not.toContain('big');
    expect(names(metadataViewFor(md, hidden))).not.toContain('label2');
    const open = effectivePermissions({ isAdmin: false, profile: { allObjects: { read: true } }, permissionSets: [] });
    expect(names(metadataViewFor(md, open))).toEqual(expect.arrayContaining(['big', 'label2']));
  });
});
