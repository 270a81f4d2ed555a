import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import type { FieldDef, FieldType, ObjectDef, RecordRow } from '../api/types.ts';
import { renderValue, type DisplayContext } from '../fields/field-display.tsx';

/** Types shown in lists; long bodies belong on the record page. */
export const IN_LISTS: Record<FieldType, boolean> = {
  text: true, longText: false, richText: false, integer: true, decimal: true, currency: true, percent: true, boolean: true,
  date: true, datetime: true, email: true, phone: true, url: true, picklist: true, multiPicklist: true, lookup: true,
  masterDetail: true, autoNumber: true, formula: true, rollup: true, json: false, id: false, userRef: true,
};
const UNSORTABLE = new Set<FieldType>(['longText', 'richText', 'multiPicklist', 'json']);
const HIDDEN_SYSTEM = new Set(['id', 'createdBy', 'updatedBy', 'createdAt']);

/**
 * The object's list columns from metadata when it names them (`account.name`
 * is the lookup shown by name), else name first, then the object's own
 * fields in metadata order, then owner and last change.
 */
export function listFields(object: ObjectDef): FieldDef[] {
  if (object.listColumns && object.listColumns.length > 0) {
    const byName = new Map(object.fields.map((f) => [f.apiName, f]));
    const chosen = object.listColumns.map((c) => byName.get(c.split('.')[0]!)).filter((f): f is FieldDef => f !== undefined && IN_LISTS[f.type]);
    return [...new Set(chosen)];
  }
  const shown = object.fields.filter((f) => IN_LISTS[f.type] && !HIDDEN_SYSTEM.has(f.apiName));
  const name = shown.filter((f) => f.apiName === 'name');
  const custom = shown.filter((f) => !f.system);
  const system = shown.filter((f) => f.system && f.apiName !== 'name');
  return [...name, ...custom, ...system];
}

/** What the list sorts by for a column: a lookup sorts by the related record's name. */
export const sortKeyOf = (f: FieldDef): string => (f.type === 'lookup' || f.type === 'masterDetail' ? `${f.apiName}.name` : f.apiName);

const WIDTH: Partial<Record<FieldType, number>> = { boolean: 90, integer: 110, percent: 110, date: 130, datetime: 180, currency: 160, picklist: 140 };

/** `cell` may wrap what a cell shows (e.g. to make it editable in place). */
export type CellWrapper = (field: FieldDef, record: RecordRow, shown: ReactNode) => ReactNode;

export function listColumns(fields: FieldDef[], sort: string | undefined, ctx: DisplayContext, cell?: CellWrapper): TableColumnsType<RecordRow> {
  const key = sort?.replace(/^-/, '');
  const descending = sort?.startsWith('-') ?? false;
  return fields.map((f) => ({
    key: sortKeyOf(f),
    dataIndex: f.apiName,
    title: ctx.labels.field(f),
    width: f.apiName === 'name' ? 220 : WIDTH[f.type],
    ellipsis: f.type !== 'multiPicklist',
    fixed: f.apiName === 'name' ? ('left' as const) : undefined,
    align: ['integer', 'decimal', 'currency', 'percent'].includes(f.type) ? ('right' as const) : undefined,
    sorter: !UNSORTABLE.has(f.type),
    sortOrder: key === sortKeyOf(f) ? (descending ? ('descend' as const) : ('ascend' as const)) : null,
    render: (_: unknown, record: RecordRow) => (cell ? cell(f, record, renderValue(f, record, ctx)) : renderValue(f, record, ctx)),
  }));
}
