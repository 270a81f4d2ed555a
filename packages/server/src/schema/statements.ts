import { render, type Sql } from '@mainline/core';
import type { Queryable } from '../db/port.ts';

/** Runs one statement built with the core SQL builder (values as $n, identifiers quoted). */
export async function run(q: Queryable, statement: Sql): Promise<void> {
  const r = render(statement);
  await q.query(r.text, r.values);
}

export async function rows<R>(q: Queryable, statement: Sql): Promise<R[]> {
  const r = render(statement);
  return (await q.query<R>(r.text, r.values)).rows;
}
