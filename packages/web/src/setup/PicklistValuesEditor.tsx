import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, ColorPicker, Input, Switch, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../api/types.ts';
import { LabelsInput } from './LabelsInput.tsx';

export type ValueDraft = { apiName: string; label: LocalizedText; color?: string; active: boolean; isNew: boolean };
type Props = { value?: ValueDraft[]; onChange?: (value: ValueDraft[]) => void };

const PALETTE = ['#1677ff', '#52c41a', '#faad14', '#f5222d', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c'];

/** Picklist values in their order: name, labels in three languages, colour, active; reorder with the arrows. */
export function PicklistValuesEditor({ value = [], onChange }: Props) {
  const { t } = useTranslation();
  const set = (i: number, change: Partial<ValueDraft>) => onChange?.(value.map((v, j) => (j === i ? { ...v, ...change } : v)));
  const move = (i: number, by: number) => {
    const next = [...value];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    onChange?.(next);
  };
  return (
    <div className="ml-setup-values" data-testid="picklist-values">
      {value.map((v, i) => (
        <div className="ml-setup-value" key={i}>
          <Input aria-label={t('setup.valueApiName')} placeholder={t('setup.valueApiName')} value={v.apiName} disabled={!v.isNew} onChange={(e) => set(i, { apiName: e.target.value })} />
          <LabelsInput compact value={v.label} onChange={(label) => set(i, { label })} />
          <span>
            <ColorPicker
              aria-label={t('setup.color')}
              size="small"
              allowClear
              value={v.color ?? null}
              presets={[{ label: t('setup.color'), colors: PALETTE }]}
              onChange={(c) => set(i, { color: c.cleared ? undefined : c.toHexString().slice(0, 7) })}
              onClear={() => set(i, { color: undefined })}
            />
            <Tooltip title={t('setup.active')}>
              <Switch size="small" aria-label={t('setup.active')} checked={v.active} onChange={(active) => set(i, { active })} style={{ marginInlineStart: 8 }} />
            </Tooltip>
          </span>
          <span>
            <Button size="small" type="text" aria-label={t('common.moveUp')} icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
            <Button size="small" type="text" aria-label={t('common.moveDown')} icon={<ArrowDownOutlined />} disabled={i === value.length - 1} onClick={() => move(i, 1)} />
            <Button size="small" type="text" danger aria-label={t('common.remove')} icon={<DeleteOutlined />} onClick={() => onChange?.(value.filter((_, j) => j !== i))} />
          </span>
        </div>
      ))}
      <Button type="dashed" icon={<PlusOutlined />} onClick={() => onChange?.([...value, { apiName: '', label: {}, active: true, isNew: true }])}>
        {t('setup.addValue')}
      </Button>
    </div>
  );
}
