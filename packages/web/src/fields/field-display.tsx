import { CheckOutlined, MinusOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUserNames } from '../api/metadata.ts';
import { useMe } from '../api/session.ts';
import type { CurrencyValue, FieldDef, FieldType, RecordRow } from '../api/types.ts';
import { useFormat, type Formatters } from '../locale/format.ts';
import { useLabels, type Labels } from '../locale/labels.ts';

export type DisplayContext = { fmt: Formatters; labels: Labels; userName: (id: unknown) => string | undefined };
type Display = (field: FieldDef, value: unknown, record: RecordRow | undefined, ctx: DisplayContext) => ReactNode;

const text: Display = (_f, v) => <span className="ml-text">{String(v)}</span>;
const asNumber = (v: unknown): string => (typeof v === 'number' ? String(v) : String(v));
const plainOfHtml = (html: string): string => new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';

/** A picklist value as a tag in its colour (inactive values still show: records keep them). */
export function PicklistTag({ field, value, labels }: { field: FieldDef; value: string; labels: Labels }) {
  const def = field.values?.find((v) => v.apiName === value);
  return (
    <Tag color={def?.color} variant={def?.color ? 'solid' : 'filled'} style={{ marginInlineEnd: 4 }}>
      {labels.value(field, value)}
    </Tag>
  );
}

/** One display per field type; the compiler refuses a new type until it has one. */
export const FIELD_DISPLAYS: Record<FieldType, Display> = {
  // A computed value shows as the type it returns (currency formulas carry no currency code: shown as a number).
  formula: (f, v, r, ctx) => {
    const as: Record<string, Display> = { text, number: (_f, x) => ctx.fmt.number(asNumber(x), 2), currency: (_f, x) => ctx.fmt.number(asNumber(x), 2) };
    const shown = as[f.returnType ?? 'text'] ?? FIELD_DISPLAYS[(f.returnType === 'boolean' ? 'boolean' : f.returnType === 'date' ? 'date' : f.returnType === 'datetime' ? 'datetime' : 'text') as FieldType];
    return shown(f, v, r, ctx);
  },
  // A count is a whole number; sums, minimums and maximums show as the field they summarise.
  rollup: (f, v, r, ctx) => (f.rollup?.function === 'count' ? ctx.fmt.number(asNumber(v), 0) : FIELD_DISPLAYS.formula(f, v, r, ctx)),
  text,
  longText: (_f, v) => <span className="ml-multiline">{String(v)}</span>,
  richText: (_f, v) => <span className="ml-multiline">{plainOfHtml(String(v))}</span>,
  integer: (_f, v, _r, { fmt }) => fmt.number(asNumber(v), 0),
  decimal: (f, v, _r, { fmt }) => fmt.number(asNumber(v), f.scale),
  currency: (_f, v, _r, { fmt }) => fmt.currency(v as CurrencyValue),
  percent: (_f, v, _r, { fmt }) => fmt.percent(asNumber(v)),
  boolean: (_f, v) => (v ? <CheckOutlined className="ml-bool-yes" aria-label="true" /> : <MinusOutlined className="ml-bool-no" aria-label="false" />),
  date: (_f, v, _r, { fmt }) => fmt.date(String(v)),
  datetime: (_f, v, _r, { fmt }) => fmt.dateTime(String(v)),
  email: (_f, v) => <a href={`mailto:${String(v)}`}>{String(v)}</a>,
  phone: (_f, v) => <a href={`tel:${String(v)}`}>{String(v)}</a>,
  url: (_f, v) => (
    <a href={String(v)} target="_blank" rel="noreferrer noopener">
      {String(v).replace(/^https?:\/\//, '')}
    </a>
  ),
  picklist: (f, v, _r, { labels }) => <PicklistTag field={f} value={String(v)} labels={labels} />,
  multiPicklist: (f, v, _r, { labels }) => (Array.isArray(v) ? v.map((x) => <PicklistTag key={String(x)} field={f} value={String(x)} labels={labels} />) : null),
  lookup: (f, v, r) => lookupLink(f, v, r),
  masterDetail: (f, v, r) => lookupLink(f, v, r),
  autoNumber: text,
  json: (_f, v) => (
    <Typography.Text code className="ml-json">
      {JSON.stringify(v)}
    </Typography.Text>
  ),
  id: (_f, v) => <Typography.Text copyable={{ text: String(v) }}>{String(v).slice(0, 8)}…</Typography.Text>,
  userRef: (_f, v, _r, { userName }) => userName(v) ?? `${String(v).slice(0, 8)}…`,
};

function lookupLink(field: FieldDef, value: unknown, record: RecordRow | undefined): ReactNode {
  const name = record?.[`${field.apiName}.name`];
  return (
    <Link to={`/o/${field.target}/${String(value)}`} onClick={(e) => e.stopPropagation()}>
      {typeof name === 'string' && name ? name : `${String(value).slice(0, 8)}…`}
    </Link>
  );
}

const isBlank = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** A field's value for display; blanks show as a dash. */
export function renderValue(field: FieldDef, record: RecordRow | undefined, ctx: DisplayContext): ReactNode {
  const value = record?.[field.apiName];
  if (isBlank(value)) return <span className="ml-blank">—</span>;
  return FIELD_DISPLAYS[field.type](field, value, record, ctx);
}

/** Shown where the user may not see a value. */
export function ForbiddenDisplay() {
  const { t } = useTranslation();
  return <Tag>{t('form.hidden')}</Tag>;
}

export function useDisplayContext(): DisplayContext {
  const fmt = useFormat();
  const labels = useLabels();
  const me = useMe().data;
  const userName = useUserNames(me);
  return { fmt, labels, userName };
}

/** Paths to ask the list or record API for, so lookups come back with their names. */
export function fieldPaths(fields: FieldDef[]): string[] {
  return fields.flatMap((f) => (f.type === 'lookup' || f.type === 'masterDetail' ? [f.apiName, `${f.apiName}.name`] : [f.apiName]));
}
