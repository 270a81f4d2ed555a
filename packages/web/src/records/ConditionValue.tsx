import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../api/types.ts';
import { FIELD_INPUTS } from '../fields/field-inputs.tsx';
import { shapeOf, type FilterOp } from './filter-operators.ts';

type Props = { field: FieldDef; op: FilterOp; value: unknown; onChange: (value: unknown) => void };

/** Conditions on money compare the amount: a currency field is filtered as a decimal. */
const asFilterField = (field: FieldDef, op: FilterOp): FieldDef => {
  if (field.type === 'currency') return { ...field, type: 'decimal' };
  if (field.type === 'picklist' && op === 'in') return { ...field, type: 'multiPicklist' };
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
  const Input = FIELD_INPUTS[target.type];
  if (shape === 'pair') {
    const pair = Array.isArray(value) ? value : [undefined, undefined];
    return (
      <Space.Compact style={{ width: '100%' }}>
        <Input field={target} value={pair[0] ?? null} onChange={(v) => onChange([v, pair[1]])} />
        <Input field={target} value={pair[1] ?? null} onChange={(v) => onChange([pair[0], v])} />
      </Space.Compact>
    );
  }
  return <Input field={target} value={value ?? null} onChange={onChange} />;
}
