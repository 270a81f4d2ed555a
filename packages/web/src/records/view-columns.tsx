import type { TableColumnsType } from 'antd';
import type { FieldDef, LocalizedText, ObjectDef, RecordRow } from '../api/types.ts';
import { fieldPaths, renderValue, type DisplayContext } from '../fields/field-display.tsx';
import { IN_LISTS, listColumns, listFields, type CellWrapper } from './list-columns.tsx';

/**
 * A list column named by a path, as views store them: `stage`, a lookup
 * shown by name (`account.name` shows the account as a link), or a field of
 * the related record one lookup away (`account.industry`).
 */
export type ViewColumn = { path: string; field: FieldDef; via?: FieldDef };

const isLookup = (f: FieldDef) => f.type === 'lookup' || f.type === 'masterDetail';

/** Columns for paths; paths naming fields the reader cannot see (absent from their metadata) are left out. */
export function resolveColumns(object: ObjectDef, objects: ObjectDef[], paths: string[]): ViewColumn[] {
  const out: ViewColumn[] = [];
  for (const path of paths) {
    const [head, leaf] = path.split('.');
    const field = object.fields.find((f) => f.apiName === head);
    if (!field || !IN_LISTS[field.type]) continue;
    if (leaf === undefined || (isLookup(field) && leaf === 'name')) {
      out.push({ path, field });
      continue;
    }
    const target = objects.find((o) => o.apiName === field.target);
    const related = target?.fields.find((f) => f.apiName === leaf);
    if (related && IN_LISTS[related.type] && !isLookup(related)) out.push({ path, field: related, via: field });
  }
  return out;
}

/** The object's own default columns, as paths. */
export const defaultColumnPaths = (object: ObjectDef): string[] => object.listColumns?.length ? object.listColumns : listFields(object).map((f) => (isLookup(f) ? `${f.apiName}.name` : f.apiName));

/** What the list endpoint's `fields` needs to show these columns. */
export const columnFields = (columns: ViewColumn[]): string[] => [...new Set(columns.flatMap((c) => (c.via ? [c.path] : fieldPaths([c.field]))))];

/** Every column one may add: the object's fields, and the fields of each lookup's record. */
export function columnChoices(object: ObjectDef, objects: ObjectDef[]): ViewColumn[] {
  const own = object.fields.filter((f) => IN_LISTS[f.type]).map((f) => ({ path: isLookup(f) ? `${f.apiName}.name` : f.apiName, field: f }));
  const related = object.fields.filter(isLookup).flatMap((via) => {
    const target = objects.find((o) => o.apiName === via.target);
    return (target?.fields ?? []).filter((f) => IN_LISTS[f.type] && !isLookup(f) && f.apiName !== 'name' && f.type !== 'userRef').map((f) => ({ path: `${via.apiName}.${f.apiName}`, field: f, via }));
  });
  return [...own, ...related];
}

export const columnTitle = (c: ViewColumn, ctx: DisplayContext): string => (c.via ? `${ctx.labels.field(c.via)} · ${ctx.labels.field(c.field)}` : ctx.labels.field(c.field));

/** Table columns: the object's own fields as lists always show them, related ones read from their dotted key. */
export function viewTableColumns(columns: ViewColumn[], sort: string | undefined, ctx: DisplayContext, cell?: CellWrapper): TableColumnsType<RecordRow> {
  return columns.map((c) => {
    // Related fields are read-only here: editing in place belongs to the record they live on.
    const [own] = listColumns([c.field], sort, ctx, c.via ? undefined : cell);
    if (!c.via) return own!;
    const descending = sort?.startsWith('-') ?? false;
    return {
      ...own!,
      key: c.path,
      dataIndex: c.path,
      title: columnTitle(c, ctx),
      fixed: undefined,
      sortOrder: sort?.replace(/^-/, '') === c.path ? (descending ? ('descend' as const) : ('ascend' as const)) : null,
      render: (_: unknown, record: RecordRow) => renderValue(c.field, { id: record.id, [c.field.apiName]: record[c.path] }, ctx),
    };
  });
}

const joined = (a: LocalizedText, b: LocalizedText): LocalizedText => Object.fromEntries((['zh-CN', 'zh-TW', 'en'] as const).map((l) => [l, `${a[l] ?? a.en ?? ''} · ${b[l] ?? b.en ?? ''}`]));

/**
 * Fields of the records the object's lookups point to, one lookup away, as
 * fields named by their path (`account.industry`, labelled "客户 · 行业"), so
 * the filter builder can offer them beside the object's own.
 */
export function relatedFields(object: ObjectDef, objects: ObjectDef[]): FieldDef[] {
  return object.fields.filter(isLookup).flatMap((via) => {
    const target = objects.find((o) => o.apiName === via.target);
    return (target?.fields ?? [])
      .filter((f) => !isLookup(f) && f.type !== 'json' && f.type !== 'id')
      .map((f) => ({ ...f, apiName: `${via.apiName}.${f.apiName}`, label: joined(via.label, f.label) }));
  });
}
