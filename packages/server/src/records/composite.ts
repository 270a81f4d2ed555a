import { DomainError, MAX_JSON_DEPTH, nestingDepth, validationError, type FieldProblem } from '@mainline/core';
import { z } from 'zod';
import { getRecord, listRecords } from './record-reads.ts';
import { createRecords, deleteRecord, updateRecord, upsertRecord } from './record-service.ts';
import type { WriteContext } from './write-context.ts';

/**
 * All-or-none batches: every operation runs in one WriteContext, so one
 * failure rolls back everything. Later operations may use `@{ref.field}`
 * to refer to results of earlier ones.
 */

export const MAX_COMPOSITE_OPERATIONS = 500;

const operationSchema = z
  .object({
    method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
    path: z.string().min(1).max(2000),
    body: z.unknown().optional(),
    ref: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/).optional(),
  })
  .strict();
const compositeSchema = z.object({ operations: z.array(operationSchema).min(1).max(MAX_COMPOSITE_OPERATIONS) }).strict();

export type CompositeResult = { ref?: string; status: number; body: unknown };

/** An operation body nests no deeper than a record with JSON fields can (see MAX_JSON_DEPTH). */
const MAX_BODY_DEPTH = MAX_JSON_DEPTH + 2;

export function parseComposite(body: unknown): z.infer<typeof compositeSchema> {
  const tooDeep = Array.isArray((body as { operations?: unknown })?.operations)
    ? ((body as { operations: unknown[] }).operations.findIndex((op) => nestingDepth(op, MAX_BODY_DEPTH + 1) > MAX_BODY_DEPTH + 1))
    : -1;
  if (tooDeep >= 0) throw validationError([{ field: `operations[${tooDeep}].body`, code: 'outOfRange', params: { detail: `nested at most ${MAX_BODY_DEPTH} levels deep` } }]);
  const parsed = compositeSchema.safeParse(body);
  if (!parsed.success) {
    throw validationError(
      parsed.error.issues.map((i) => ({
        field: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || 'body',
        code: i.code === 'unrecognized_keys' ? 'unknownField' : i.code === 'invalid_type' ? 'wrongType' : 'invalidValue',
        params: { expected: i.message, detail: i.message },
      })),
    );
  }
  const refs = new Set<string>();
  parsed.data.operations.forEach((op, i) => {
    if (op.ref && refs.has(op.ref)) throw validationError([{ field: `operations[${i}].ref`, code: 'alreadyExists', params: { value: op.ref } }]);
    if (op.ref) refs.add(op.ref);
  });
  return parsed.data;
}

const REF = /@\{([A-Za-z][A-Za-z0-9_]{0,39})\.([A-Za-z][A-Za-z0-9_.]{0,80})\}/g;

function resolve(value: unknown, results: Map<string, unknown>, where: string): unknown {
  if (typeof value === 'string') {
    const whole = /^@\{([A-Za-z][A-Za-z0-9_]{0,39})\.([A-Za-z][A-Za-z0-9_.]{0,80})\}$/.exec(value);
    if (whole) return lookup(results, whole[1]!, whole[2]!, where);
    return value.replace(REF, (_m, ref: string, path: string) => String(lookup(results, ref, path, where)));
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, results, where));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, results, where)]));
  return value;
}

function lookup(results: Map<string, unknown>, ref: string, path: string, where: string): unknown {
  if (!results.has(ref)) throw validationError([{ field: where, code: 'invalidValue', params: { detail: `@{${ref}.${path}} refers to no earlier operation` } }]);
  let v: unknown = results.get(ref);
  for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  if (v === undefined) throw validationError([{ field: where, code: 'invalidValue', params: { detail: `@{${ref}.${path}} has no value` } }]);
  return v;
}

type Route = { object: string; id?: string; byField?: string; byValue?: string };

function route(path: string): Route | undefined {
  const [pathname, query] = path.split('?', 2);
  if (query) return undefined;
  const parts = pathname!.split('/').map((p) => decodeURIComponent(p));
  if (parts[0] !== '' || parts[1] !== 'api' || parts[2] !== 'records' || !parts[3]) return undefined;
  if (parts.length === 4) return { object: parts[3] };
  if (parts.length === 5) return { object: parts[3], id: parts[4] };
  if (parts.length === 7 && parts[4] === 'by') return { object: parts[3], byField: parts[5], byValue: parts[6] };
  return undefined;
}

export async function runComposite(ctx: WriteContext, operations: z.infer<typeof compositeSchema>['operations']): Promise<CompositeResult[]> {
  const results = new Map<string, unknown>();
  const out: CompositeResult[] = [];
  for (const [index, op] of operations.entries()) {
    try {
      const path = resolve(op.path, results, `operations[${index}].path`) as string;
      const body = resolve(op.body, results, `operations[${index}].body`);
      const r = route(path);
      if (!r) throw validationError([{ field: `operations[${index}].path`, code: 'invalidValue', params: { detail: 'not a records path (/api/records/{object}[/{id}] or /by/{field}/{value})' } }]);
      let result: CompositeResult;
      if (op.method === 'POST' && !r.id && !r.byField) result = { status: 201, body: (await createRecords(ctx, r.object, [body]))[0] };
      else if (op.method === 'PATCH' && r.id) result = { status: 200, body: await updateRecord(ctx, r.object, r.id, body) };
      else if (op.method === 'DELETE' && r.id) {
        await deleteRecord(ctx, r.object, r.id);
        result = { status: 204, body: null };
      } else if (op.method === 'PUT' && r.byField) {
        const u = await upsertRecord(ctx, r.object, r.byField, r.byValue!, body);
        result = { status: u.created ? 201 : 200, body: u.record };
      } else if (op.method === 'GET' && r.id) result = { status: 200, body: await getRecord({ q: ctx.tx, metadata: ctx.metadata, access: ctx.access }, r.object, r.id) };
      else if (op.method === 'GET' && !r.byField) result = { status: 200, body: await listRecords({ q: ctx.tx, metadata: ctx.metadata, access: ctx.access }, r.object, {}) };
      else throw validationError([{ field: `operations[${index}].method`, code: 'invalidValue', params: { detail: `${op.method} is not allowed on ${path.slice(0, 200)}` } }]);
      if (op.ref) results.set(op.ref, result.body);
      out.push(op.ref ? { ref: op.ref, ...result } : result);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError({
        code: 'compositeFailed',
        status: error.status,
        params: { index, ref: op.ref ?? '-', failedOperation: index, failedCode: error.code },
        errors: error.errors.map((e): FieldProblem => ({ ...e, field: e.field.startsWith('operations[') ? e.field : `operations[${index}].${e.field}` })),
      });
    }
  }
  return out;
}
