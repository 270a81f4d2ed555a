import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../api/types.ts';
import { useUsers } from '../api/metadata.ts';
import { FIELD_INPUTS } from '../fields/field-inputs.tsx';
import { shapeOf, type FilterOp } from './filter-operators.ts';
import { ME, dateTokenOptions, isRelative } from './relative-values.ts';

type Props = { field: FieldDef; op: FilterOp; value: unknown; onChange: (value: unknown) => void };

/** Conditions on money compare the amount: a currency field is filtered as a decimal. */
const asFilterField = (field: FieldDef, op: FilterOp): FieldDef => {
  if (field.type === 'currency') return { ...field, type: 'decimal' };
  if (field.type === 'picklist' && (op === 'in' || op === 'notIn')) return { ...field, type: 'multiPicklist' };
  if ((field.type === 'autoNumber' || field.type === 'richText') && op !== 'in') return { ...field, type: 'text' };
  return field;
};

/** The value part of a filter condition: the field type's own input, in the shape the operator takes. */
export function ConditionValue({ field, op, value, onChange }: Props) {
  const { t } = useTranslation();
  const shape = shapeOf(op);
  const target = asFilterField(field, op);
  if (shape === 'flag') {
    return (
      <Select
        aria-label={t('list.value')}
        style={{ width: '100%' }}
        value={value === undefined ? undefined : value === true ? 'yes' : 'no'}
        options={[
          { value: 'yes', label: t('common.yes') },
          { value: 'no', label: t('common.no') },
        ]}
        onChange={(v) => onChange(v === 'yes')}
      />
    );
  }
  if (field.type === 'boolean') {
    return (
      <Select
        aria-label={t('list.value')}
        style={{ width: '100%' }}
        value={value === undefined ? undefined : value ? 'yes' : 'no'}
        options={[
          { value: 'yes', label: t('common.yes') },
          { value: 'no', label: t('common.no') },
        ]}
        onChange={(v) => onChange(v === 'yes')}
      />
    );
  }
  if (shape === 'list' && target.type !== 'multiPicklist') {
    return <Select aria-label={t('list.value')} mode="tags" style={{ width: '100%' }} value={Array.isArray(value) ? value : []} onChange={(v: string[]) => onChange(v)} open={false} />;
  }
  if (field.type === 'userRef') return <UserValue value={value} onChange={onChange} />;
  const Input = FIELD_INPUTS[target.type];
  const one = (v: unknown, change: (v: unknown) => void) =>
    field.type === 'date' || field.type === 'datetime' ? <DateOrRelative field={target} value={v} onChange={change} /> : <Input field={target} value={v ?? null} onChange={change} />;
  if (shape === 'pair') {
    const pair = Array.isArray(value) ? value : [undefined, undefined];
    return (
      <Space.Compact style={{ width: '100%' }}>
        {one(pair[0], (v) => onChange([v, pair[1]]))}
        {one(pair[1], (v) => onChange([pair[0], v]))}
      </Space.Compact>
    );
  }
  return one(value, onChange);
}

/** A user, or "me": whoever opens the list (what a saved "my …" view needs). */
function UserValue({ value, onChange }: { value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const users = useUsers(true).data ?? [];
  return (
    <Select
      aria-label={t('list.value')}
      style={{ width: '100%' }}
      showSearch={{ optionFilterProp: 'label' }}
      value={typeof value === 'string' ? value : undefined}
      options={[{ value: ME, label: t('views.tokens.me') }, ...users.map((u) => ({ value: u.id, label: u.name }))]}
      onChange={onChange}
      data-testid="user-value"
    />
  );
}

/** A fixed date, or one relative to the reader's today ("start of this month"), which a saved view keeps relative. */
function DateOrRelative({ field, value, onChange }: { field: FieldDef; value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const Input = FIELD_INPUTS[field.type];
  const relative = isRelative(value);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        aria-label={t('views.relativeDate')}
        style={{ minWidth: 130 }}
        allowClear
        placeholder={t('views.relativeDate')}
        value={relative ? value : undefined}
        options={dateTokenOptions(t)}
        onChange={(v) => onChange(v ?? undefined)}
      />
      {relative ? null : <Input field={field} value={value ?? null} onChange={onChange} />}
    </Space.Compact>
  );
}
