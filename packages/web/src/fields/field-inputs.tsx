import { Checkbox, DatePicker, Input, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { CurrencyValue, FieldDef, FieldType } from '../api/types.ts';
import { useLabels } from '../locale/labels.ts';
import { LookupInput } from './lookup-input.tsx';

/** What antd's Form.Item hands an input: the API value and a setter for the API value. */
export type InputProps = { field: FieldDef; value?: unknown; onChange?: (value: unknown) => void; disabled?: boolean; id?: string; status?: 'error' };

export const CURRENCIES = ['CNY', 'HKD', 'TWD', 'USD', 'EUR', 'JPY', 'GBP', 'SGD'] as const;

const TextInput = ({ field, value, onChange, disabled, id }: InputProps) => (
  <Input id={id} value={(value as string | null) ?? ''} maxLength={field.maxLength} disabled={disabled} onChange={(e) => onChange?.(e.target.value === '' ? null : e.target.value)} />
);
const typedText = (type: 'email' | 'tel' | 'url') =>
  function TypedInput({ field, value, onChange, disabled, id }: InputProps) {
    return <Input id={id} type={type} value={(value as string | null) ?? ''} maxLength={field.maxLength} disabled={disabled} onChange={(e) => onChange?.(e.target.value === '' ? null : e.target.value)} />;
  };
const LongTextInput = ({ field, value, onChange, disabled, id }: InputProps) => (
  <Input.TextArea id={id} value={(value as string | null) ?? ''} maxLength={field.maxLength} showCount={Boolean(field.maxLength)} autoSize={{ minRows: 3, maxRows: 10 }} disabled={disabled} onChange={(e) => onChange?.(e.target.value === '' ? null : e.target.value)} />
);

/** Decimals travel as strings: InputNumber's string mode keeps every digit. */
const numberInput = (mode: 'integer' | 'decimal' | 'percent') =>
  function NumberInput({ field, value, onChange, disabled, id }: InputProps) {
    return (
      <InputNumber<string>
        id={id}
        stringMode
        style={{ width: '100%' }}
        precision={mode === 'integer' ? 0 : field.scale}
        suffix={mode === 'percent' ? '%' : undefined}
        value={value === null || value === undefined ? null : String(value)}
        disabled={disabled}
        onChange={(v) => onChange?.(v === null || v === '' ? null : mode === 'integer' ? Number(v) : v)}
      />
    );
  };

function CurrencyInput({ field, value, onChange, disabled, id }: InputProps) {
  const { t } = useTranslation();
  const money = (value as CurrencyValue | null | undefined) ?? null;
  const currency = money?.currency ?? 'CNY';
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select aria-label={t('form.currency')} style={{ width: 96 }} value={currency} disabled={disabled} options={CURRENCIES.map((c) => ({ value: c, label: c }))} onChange={(c) => onChange?.(money ? { ...money, currency: c } : null)} />
      <InputNumber<string>
        id={id}
        aria-label={t('form.amount')}
        stringMode
        style={{ width: '100%' }}
        precision={field.scale ?? 2}
        value={money?.amount ?? null}
        disabled={disabled}
        onChange={(amount) => onChange?.(amount === null || amount === '' ? null : { amount, currency })}
      />
    </Space.Compact>
  );
}

const BooleanInput = ({ value, onChange, disabled, id }: InputProps) => <Checkbox id={id} checked={value === true} disabled={disabled} onChange={(e) => onChange?.(e.target.checked)} />;

const DateInput = ({ value, onChange, disabled, id }: InputProps) => (
  <DatePicker id={id} style={{ width: '100%' }} value={typeof value === 'string' ? dayjs(value) : null} disabled={disabled} onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)} />
);
const DateTimeInput = ({ value, onChange, disabled, id }: InputProps) => (
  <DatePicker id={id} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} value={typeof value === 'string' ? dayjs(value) : null} disabled={disabled} onChange={(d) => onChange?.(d ? d.toISOString() : null)} />
);

function picklistInput(multiple: boolean) {
  return function PicklistInput({ field, value, onChange, disabled, id }: InputProps) {
    const { t } = useTranslation();
    const labels = useLabels();
    const options = [...(field.values ?? [])]
      .sort((a, b) => a.order - b.order)
      .filter((v) => v.active || v.apiName === value || (Array.isArray(value) && value.includes(v.apiName)))
      .map((v) => ({ value: v.apiName, label: <span className="ml-option">{v.color ? <span className="ml-swatch" style={{ background: v.color }} /> : null}{labels.value(field, v.apiName)}</span> }));
    return (
      <Select
        id={id}
        mode={multiple ? 'multiple' : undefined}
        allowClear
        placeholder={t('form.selectPlaceholder')}
        value={value ?? (multiple ? [] : undefined)}
        disabled={disabled}
        options={options}
        onChange={(v: unknown) => onChange?.(v === undefined || (Array.isArray(v) && v.length === 0) ? null : v)}
      />
    );
  };
}

/** JSON is edited as text; the form's validator refuses text that does not parse. */
function JsonInput({ value, onChange, disabled, id }: InputProps) {
  const [text, setText] = useState(() => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2)));
  return (
    <Input.TextArea
      id={id}
      className="ml-code"
      autoSize={{ minRows: 3, maxRows: 12 }}
      value={text}
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '') return onChange?.(null);
        try {
          onChange?.(JSON.parse(e.target.value));
        } catch {
          onChange?.(new InvalidJson(e.target.value));
        }
      }}
    />
  );
}

/** Marks JSON text that does not parse, for the form's validator. */
export class InvalidJson {
  constructor(readonly text: string) {}
}

function ReadOnlyInput({ value, id }: InputProps) {
  const { t } = useTranslation();
  return <Input id={id} value={value === null || value === undefined ? '' : String(value)} placeholder={t('form.autoNumber')} disabled />;
}

/** One input per field type; the compiler refuses a new type until it has one. */
export const FIELD_INPUTS: Record<FieldType, ComponentType<InputProps>> = {
  text: TextInput,
  longText: LongTextInput,
  richText: LongTextInput,
  integer: numberInput('integer'),
  decimal: numberInput('decimal'),
  currency: CurrencyInput,
  percent: numberInput('percent'),
  boolean: BooleanInput,
  date: DateInput,
  datetime: DateTimeInput,
  email: typedText('email'),
  phone: typedText('tel'),
  url: typedText('url'),
  picklist: picklistInput(false),
  multiPicklist: picklistInput(true),
  lookup: LookupInput,
  masterDetail: LookupInput,
  autoNumber: ReadOnlyInput,
  formula: ReadOnlyInput,
  rollup: ReadOnlyInput,
  json: JsonInput,
  id: ReadOnlyInput,
  userRef: ReadOnlyInput,
};
