import { CSV_BOM, csvColumns, csvLine, validationError, type Locale } from '@mainline/core';
import { objectFor } from '../access/record-access.ts';
import type { Actor } from '../auth/sessions.ts';
import { listRecords, refuseUnknownParams, type QueryParams, type ReadContext } from './record-reads.ts';

/**
 * A list as a CSV file: the list endpoint's own parameters and checks, read
 * in keyset pages so memory stays flat however many rows match. Exports
 * above MAX_EXPORT_ROWS are refused before anything is sent (a cut-off file
 * would pass for complete in a spreadsheet); the user narrows the filter.
 */

export const MAX_EXPORT_ROWS = 100_000;
const PAGE_ROWS = 1000;
const EXPORT_PARAMS = new Set(['filter', 'sort', 'fields', 'q']);

export type CsvExport = { filename: string; rows: number; lines: AsyncGenerator<string> };

export async function exportCsv(ctx: ReadContext & { actor: Actor }, objectName: string, params: QueryParams, locale: Locale): Promise<CsvExport> {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
  refuseUnknownParams(params, EXPORT_PARAMS);
  const base: QueryParams = Object.fromEntries(Object.entries(params).filter(([k]) => EXPORT_PARAMS.has(k)));
  // The first page validates every parameter and counts, so problems still answer as problem+json.
  const first = await listRecords(ctx, objectName, { ...base, limit: String(PAGE_ROWS), count: 'true' });
  const total = (first as { total: number }).total;
  if (total > MAX_EXPORT_ROWS) {
    throw validationError([{ field: 'filter', code: 'outOfRange', params: { detail: `${total} records match; an export holds at most ${MAX_EXPORT_ROWS}, so narrow the filter` } }], 'invalidQuery');
  }
  const view = ctx.access.view.objects[object.apiName]!;
  const paths = typeof base.fields === 'string' ? base.fields.split(',').map((f) => f.trim()) : view.fields.map((f) => f.apiName);
  const { rows: users } = await ctx.q.query<{ id: string; name: string }>('select id, name from mainline.users where workspace_id = $1', [ctx.actor.workspaceId]);
  const columns = csvColumns(ctx.access.view, view, [...new Set(paths)], locale, new Map(users.map((u) => [u.id, u.name])));

  async function* lines(): AsyncGenerator<string> {
    yield CSV_BOM + csvLine(columns.map((c) => c.label));
    let page = first;
    let sent = 0;
    for (;;) {
      const take = page.records.slice(0, MAX_EXPORT_ROWS - sent);
      yield take.map((record) => csvLine(columns.map((c) => c.text(record[c.path])))).join('');
      sent += take.length;
      if (!page.nextCursor || sent >= MAX_EXPORT_ROWS) return;
      page = await listRecords(ctx, objectName, { ...base, limit: String(PAGE_ROWS), cursor: page.nextCursor });
    }
  }
  return { filename: `${object.apiName}.csv`, rows: total, lines: lines() };
}
