import { problemsFromZod, validationError } from '@mainline/core';
import { z } from 'zod';

/**
 * Parses a request body or query at the boundary: every problem is reported
 * at once, each naming its field ("scope.objects[1]", "admin.email"), and
 * nothing downstream runs on input that did not parse.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success) throw validationError(problemsFromZod(r.error.issues));
  return r.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in a body or path: a UUID, so malformed ones get a 400 naming the field rather than a database error. */
export const uuidText = (): z.ZodString => z.string().regex(UUID);

/** The `:id` path parameter. */
export const idParams = z.object({ id: uuidText() });
