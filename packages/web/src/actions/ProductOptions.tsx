import { Alert, Checkbox, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRecordSlice } from '../api/records.ts';
import type { RecordRow } from '../api/types.ts';

/** Chosen options: option id → quantity. */
export type Choices = Record<string, number>;

/** A configurable product's options grouped by `group`, with the server's refusal of the combination beside them. */
export function ProductOptions({ product, value, onChange, problems }: { product: string; value: Choices; onChange: (next: Choices) => void; problems: string[] }) {
  const { t } = useTranslation();
  const options = useRecordSlice({ object: 'productOption', fields: ['name', 'group', 'minSelect', 'maxSelect', 'maxQuantity'], filter: { field: 'product', op: 'eq', value: product }, limit: 100, sort: 'name' });
  const rows = options.data?.records ?? [];
  if (rows.length === 0) return null;
  const groups = new Map<string, RecordRow[]>();
  for (const o of rows) groups.set(String(o.group ?? ''), [...(groups.get(String(o.group ?? '')) ?? []), o]);

  return (
    <fieldset className="ml-options" data-testid="product-options">
      <legend>{t('actions.options')}</legend>
      {[...groups].map(([group, items]) => (
        <div key={group} className="ml-option-group" role="group" aria-label={group}>
          <Typography.Text strong>{group}</Typography.Text>{' '}
          <Typography.Text type="secondary">{t('actions.groupRule', { min: Number(items[0]?.minSelect ?? 0), max: Number(items[0]?.maxSelect ?? 1) })}</Typography.Text>
          <Space orientation="vertical" size={4} className="ml-option-items">
            {items.map((o) => {
              const chosen = value[o.id] !== undefined;
              const maxQuantity = Number(o.maxQuantity ?? 1);
              return (
                <Space key={o.id} size={8}>
                  <Checkbox
                    checked={chosen}
                    onChange={(e) => {
                      const next = { ...value };
                      if (e.target.checked) next[o.id] = 1;
                      else delete next[o.id];
                      onChange(next);
                    }}
                  >
                    {String(o.name)}
                  </Checkbox>
                  {chosen && maxQuantity > 1 ? (
                    <InputNumber size="small" min={1} max={maxQuantity} precision={0} value={value[o.id]} aria-label={t('actions.optionQuantity', { name: String(o.name) })} onChange={(q) => onChange({ ...value, [o.id]: q ?? 1 })} />
                  ) : null}
                </Space>
              );
            })}
          </Space>
        </div>
      ))}
      {problems.length > 0 ? <Alert type="error" showIcon title={problems.join(' ')} data-testid="options-problems" /> : null}
    </fieldset>
  );
}
