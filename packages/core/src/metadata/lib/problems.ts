import type { z } from 'zod';
import { validationError, type DomainError, type FieldProblem } from '../../errors/domain-error.ts';
import type { MessageCode } from '../../errors/messages.ts';

/** "values[2].apiName": how problems name a place in a nested input. */
export function pathText(path: readonly PropertyKey[], prefix: string = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  record: 'a JSON object',
};

/** Params a refinement attaches: { code, ...params }. */
export type CustomParams = { code: MessageCode } & Record<string, unknown>;

/**
 * Turns zod issues into the problems every error response carries: one per
 * issue, each with a path and a stable message code instead of zod's text.
 * Parse with { reportInput: true } so a missing key reads as "required".
 */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[], prefix: string = ''): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const field = pathText(issue.path, prefix) || prefix || 'body';
    // With reportInput, only a missing key comes without its input.
    if (issue.code !== 'unrecognized_keys' && (!('input' in issue) || issue.input === undefined)) return [{ field, code: 'required' }];
    switch (issue.code) {
      case 'invalid_type':
        return [{ field, code: 'wrongType', params: { expected: EXPECTED[issue.expected] ?? issue.expected } }];
      case 'too_big':
        if (issue.origin === 'string') return [{ field, code: 'tooLong', params: { max: Number(issue.maximum) } }];
        return [{ field, code: 'outOfRange', params: { detail: `at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}` } }];
      case 'too_small':
        if (issue.origin === 'string') return [{ field, code: 'invalidValue', params: { detail: 'must not be empty' } }];
        return [{ field, code: 'outOfRange', params: { detail: `at least ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}` } }];
      case 'invalid_value':
        return [{ field, code: 'invalidValue', params: { detail: `must be one of: ${issue.values.map(String).join(', ')}` } }];
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ field: pathText([...issue.path, key.slice(0, 100)], prefix), code: 'unknownField' as const }));
      case 'custom': {
        const { code, ...params } = (issue.params ?? { code: 'invalidValue', detail: issue.message }) as CustomParams;
        return [{ field, code, params }];
      }
      default:
        return [{ field, code: 'invalidValue', params: { detail: issue.message } }];
    }
  });
}

/**
 * Parses an object input key by key after the whole failed, keeping the
 * keys that are valid on their own, so later checks still run on them and
 * one response lists every problem.
 */
export function validKeys<S extends z.ZodObject>(schema: S, input: unknown): Partial<z.output<S>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (!Object.hasOwn(input, key)) continue;
    const r = part.safeParse((input as Record<string, unknown>)[key]);
    if (r.success) out[key] = r.data;
  }
  return out as Partial<z.output<S>>;
}

/** Strict parse that reports every problem and still yields the valid part of the input. */
export function parseReportingAll<S extends z.ZodObject>(schema: S, input: unknown, prefix: string = ''): { data: Partial<z.output<S>>; problems: FieldProblem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { data: {}, problems: [{ field: prefix || 'body', code: 'wrongType', params: { expected: 'a JSON object' } }] };
  }
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) return { data: r.data as Partial<z.output<S>>, problems: [] };
  return { data: validKeys(schema, input), problems: problemsFromZod(r.error.issues, prefix) };
}

/**
 * Drops repeats, and "required" where the value was given but invalid: the
 * shape reports the invalid value, and the rules, seeing no valid value,
 * would also call it missing.
 */
export function distinctProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  const echoes = (p: FieldProblem) =>
    p.code === 'required' && problems.some((o) => o !== p && o.code !== 'required' && (o.field === p.field || o.field.startsWith(`${p.field}.`) || o.field.startsWith(`${p.field}[`)));
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.code}`;
    if (seen.has(key) || echoes(p)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * 409 when the input is fine but clashes with what exists (a taken API
 * name, a full workspace), 400 when the input itself is wrong.
 */
export function definitionError(problems: readonly FieldProblem[]): DomainError {
  const distinct = distinctProblems(problems);
  const clash = (p: FieldProblem) => (p.field === 'apiName' && p.code === 'alreadyExists') || p.code === 'tooMany';
  return validationError(distinct, distinct.every(clash) ? 'conflict' : 'validationFailed');
}
