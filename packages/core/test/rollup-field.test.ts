import { describe, expect, it } from 'vitest';
import {
  DomainError,
  brokenFormulaFields,
  checkFormula,
  compileListQuery,
  defineField,
  defineObject,
  effectivePermissions,
  metadataViewFor,
  prepareWrite,
  recordSchemas,
  render,
  type FieldProblem,
  type ObjectDef,
  type WorkspaceMetadata,
} from '../src/index.ts';

/** Roll-up summary fields in the pure core: definition checks, return types, the SQL they compile to, and who may read them. */

const L = { en: 'L' };
const add = (object: ObjectDef, existing: Record<string, ObjectDef>, input: Record<string, unknown>): ObjectDef => ({
  ...object,
  fields: [...object.fields, defineField({ label: L, ...input }, { object, existing })],
});
function problemsOf(fn: () => unknown): FieldProblem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.errors;
    throw e;
  }
  throw new Error('expected a DomainError');
}

let account = defineObject({ apiName: 'account', label: L }, { existing: {} });
let invoice = defineObject({ apiName: 'invoice', label: L }, { existing: { account } });
const base = () => ({ account, invoice });
invoice = add(invoice, base(), { apiName: 'account', type: 'masterDetail', target: 'account' });
invoice = add(invoice, base(), { apiName: 'total', type: 'currency' });
invoice = add(invoice, base(), { apiName: 'lines', type: 'integer' });
invoice = add(invoice, base(), { apiName: 'dueOn', type: 'date' });
invoice = add(invoice, base(), { apiName: 'note', type: 'text' });
invoice = add(invoice, base(), { apiName: 'paid', type: 'boolean' });
const rollup = (spec: Record<string, unknown>) => ({ apiName: 'r', type: 'rollup', label: L, rollup: { object: 'invoice', via: 'account', ...spec } });
const define = (spec: Record<string, unknown>) => defineField(rollup(spec), { object: account, existing: base() });

describe('defining a roll-up', () => {
  it('derives the return type from the function and the summarised field', () => {
    expect(define({ function: 'count' })).toMatchObject({ type: 'rollup', returnType: 'number', required: false, rollup: { function: 'count' } });
    expect(define({ function: 'sum', field: 'total' }).returnType).toBe('currency');
    expect(define({ function: 'sum', field: 'lines' }).returnType).toBe('number');
    expect(define({ function: 'max', field: 'dueOn' }).returnType).toBe('date');
    expect(define({ function: 'count', filter: 'NOT(paid)' }).rollup).toEqual({ object: 'invoice', via: 'account', function: 'count', filter: 'NOT(paid)' });
  });

  it('names the key of every problem', () => {
    const keys = (spec: Record<string, unknown>) => problemsOf(() => define(spec)).map((p) => `${p.field}:${p.code}`);
    expect(keys({ object: 'nope', function: 'count' })).toEqual(['rollup.object:unknownObject']);
    expect(keys({ via: 'note', function: 'count' })).toEqual(['rollup.via:invalidValue']);
    expect(keys({ function: 'sum', field: 'dueOn' })).toEqual(['rollup.field:invalidValue']);
    expect(keys({ function: 'min', field: 'note' })).toEqual(['rollup.field:invalidValue']);
    expect(keys({ function: 'sum' })).toEqual(['rollup.field:required']);
    expect(keys({ function: 'count', filter: 'lines' })).toEqual(['rollup.filter:formulaReturnType']);
    expect(keys({ function: 'count', filter: 'dueOn < TODAY()' })).toEqual(['rollup.filter:invalidValue']);
    expect(keys({ function: 'count', filter: '$User.id = "x"' })).toEqual(['rollup.filter:invalidValue']);
    expect(keys({ function: 'count', extra: true })).toEqual(['rollup.extra:unknownField']);
    expect(problemsOf(() => defineField({ apiName: 'r', type: 'rollup', label: L, returnType: 'number', rollup: { object: 'invoice', via: 'account', function: 'count' } }, { object: account, existing: base() })).map((p) => p.field)).toEqual(['returnType']);
  });

  it('is never written and has no write schema', () => {
    const withR = add(account, base(), rollup({ function: 'count' }));
    expect(problemsOf(() => prepareWrite({ object: withR, body: { r: 1 }, mode: 'update' }))).toEqual([expect.objectContaining({ field: 'r', code: 'readOnlyField' })]);
    const schemas = recordSchemas(withR);
    expect((schemas.record.properties as Record<string, unknown>).r).toMatchObject({ readOnly: true });
    expect(schemas.create.properties).not.toHaveProperty('r');
  });
});

describe('compiling a roll-up', () => {
  const withR = add(add(account, base(), rollup({ function: 'sum', field: 'total', filter: 'NOT(paid) && account.name <> "x"' })), base(), { apiName: 'twice', type: 'formula', formula: 'r * 2', returnType: 'number' });
  const md: WorkspaceMetadata = { schema: 'ws', version: 1, objects: { account: withR, invoice } };

  it('is a correlated subquery over the detail table with its own aliases, selectable, filterable and sortable', () => {
    const compiled = compileListQuery({ metadata: md, object: 'account', fields: ['name', 'r', 'twice'], filter: { field: 'r', op: 'gt', value: '10' }, sort: [{ field: 'r', direction: 'desc' }] });
    const { text } = render(compiled.select);
    expect(text).toContain('from "ws"."invoice" as "r0" left join "ws"."account" as "r1" on "r1"."id" = "r0"."account"');
    expect(text).toContain('"r0"."account" = "t0"."id"');
    expect(text).toContain('coalesce(sum("r0"."total"), 0)::numeric(38,2)');
    expect(text).toContain('as "t0.r"');
    expect(text).toContain('as "t0.twice"');
  });

  it('correlates with the lookup alias when read through a lookup', () => {
    const line = add(defineObject({ apiName: 'line', label: L }, { existing: md.objects }), md.objects, { apiName: 'account', type: 'lookup', target: 'account' });
    const compiled = compileListQuery({ metadata: { ...md, objects: { ...md.objects, line } }, object: 'line', fields: ['account.r'] });
    expect(render(compiled.select).text).toContain('"r0"."account" = "t1"."id"');
  });

  it('is read in formulas as its value, and refused inside another roll-up filter', () => {
    expect(checkFormula({ metadata: md, object: 'account', source: 'r > 100', returnType: 'boolean' })).toMatchObject({ ok: true, paths: ['r'] });
    expect(checkFormula({ metadata: md, object: 'invoice', source: 'account.r > 1', returnType: 'boolean', inRollup: true })).toMatchObject({ ok: false, problem: { code: 'formulaFieldNotUsable' } });
  });

  it('breaks (and so refuses the change) when the summarised field is removed', () => {
    const without = { ...invoice, fields: invoice.fields.filter((f) => f.apiName !== 'total') };
    expect(brokenFormulaFields({ ...md, objects: { ...md.objects, invoice: without } })).toEqual(expect.arrayContaining(['account.r', 'account.twice']));
    expect(brokenFormulaFields(md)).toEqual([]);
  });

  it('is hidden from a reader who cannot read the detail object, the summarised field or a field its filter reads', () => {
    const names = (view: WorkspaceMetadata) => view.objects.account!.fields.map((f) => f.apiName);
    const view = (profile: Parameters<typeof effectivePermissions>[0]['profile']) => names(metadataViewFor(md, effectivePermissions({ isAdmin: false, profile, permissionSets: [] })));
    expect(view({ allObjects: { read: true } })).toEqual(expect.arrayContaining(['r', 'twice']));
    expect(view({ allObjects: { read: true }, fields: { invoice: { total: 'hidden' } } })).not.toContain('r');
    expect(view({ allObjects: { read: true }, fields: { invoice: { paid: 'hidden' } } })).not.toContain('twice');
    expect(view({ objects: { account: { read: true } } })).not.toContain('r');
  });
});
