import { DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Popover, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDef, ObjectDef } from '../api/types.ts';
import { useObjects } from '../api/metadata.ts';
import { useLabels } from '../locale/labels.ts';
import { ConditionValue } from './ConditionValue.tsx';
import { OPERATORS_BY_TYPE, filterableFields, shapeOf, type Condition, type FilterOp } from './filter-operators.ts';
import { relatedFields } from './view-columns.tsx';

type Props = { object: ObjectDef; conditions: Condition[]; onApply: (conditions: Condition[]) => void };

let nextKey = 0;
const newKey = () => `c${Date.now().toString(36)}${(nextKey++).toString(36)}`;

/** field + operator + value rows, all of which must hold; edited as a draft and applied at once. */
export function FilterBuilder({ object, conditions, onApply }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Condition[]>([]);
  const fields = filterableFields([...object.fields, ...relatedFields(object, useObjects().data ?? [])]);
  const fieldOf = (name: string): FieldDef | undefined => fields.find((f) => f.apiName === name);

  const update = (key: string, change: Partial<Condition>) => setDraft((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const add = () => {
    const field = fields.find((f) => f.apiName === 'name') ?? fields[0];
    if (field) setDraft((rows) => [...rows, { key: newKey(), field: field.apiName, op: OPERATORS_BY_TYPE[field.type][0]!, value: undefined }]);
  };
  const apply = (rows: Condition[]) => {
    onApply(rows);
    setOpen(false);
  };

  const content = (
    <div className="ml-filter" data-testid="filter-builder">
      {draft.length === 0 ? <Typography.Text type="secondary">{t('list.empty')}</Typography.Text> : null}
      {draft.map((row) => {
        const field = fieldOf(row.field);
        return (
          <div className="ml-filter-row" key={row.key} data-testid="filter-row">
            <Select
              aria-label={t('list.field')}
              className="ml-filter-field"
              showSearch={{ optionFilterProp: 'label' }}
              value={row.field}
              options={fields.map((f) => ({ value: f.apiName, label: labels.field(f) }))}
              onChange={(name: string) => {
                const f = fieldOf(name);
                if (f) update(row.key, { field: name, op: OPERATORS_BY_TYPE[f.type][0]!, value: undefined });
              }}
            />
            <Select
              aria-label={t('list.operator')}
              className="ml-filter-op"
              value={row.op}
              options={(field ? OPERATORS_BY_TYPE[field.type] : []).map((op) => ({ value: op, label: t(`ops.${op}`) }))}
              onChange={(op: FilterOp) => update(row.key, { op, value: shapeOf(op) === shapeOf(row.op) ? row.value : undefined })}
            />
            <div className="ml-filter-value">{field ? <ConditionValue field={field} op={row.op} value={row.value} onChange={(value) => update(row.key, { value })} /> : null}</div>
            <Button type="text" aria-label={t('common.remove')} icon={<DeleteOutlined />} onClick={() => setDraft((rows) => rows.filter((r) => r.key !== row.key))} />
          </div>
        );
      })}
      <div className="ml-filter-actions">
        <Button type="dashed" icon={<PlusOutlined />} onClick={add}>
          {t('list.addCondition')}
        </Button>
        <Space>
          <Button onClick={() => apply([])}>{t('list.clearFilters')}</Button>
          <Button type="primary" onClick={() => apply(draft)} data-testid="filter-apply">
            {t('list.apply')}
          </Button>
        </Space>
      </div>
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomLeft"
      open={open}
      onOpenChange={(next) => {
        if (next) setDraft(conditions.length > 0 ? conditions : []);
        setOpen(next);
      }}
      content={content}
      destroyOnHidden
    >
      <Badge count={conditions.length} size="small" color="#1d39c4">
        <Button icon={<FilterOutlined />} data-testid="filter-button">
          {t('list.filter')}
        </Button>
      </Badge>
    </Popover>
  );
}
