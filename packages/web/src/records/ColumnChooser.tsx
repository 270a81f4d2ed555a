import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, TableOutlined } from '@ant-design/icons';
import { Button, Popover, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectDef } from '../api/types.ts';
import { useDisplayContext } from '../fields/field-display.tsx';
import { columnChoices, columnTitle, resolveColumns } from './view-columns.tsx';

type Props = { object: ObjectDef; objects: ObjectDef[]; columns: string[]; onChange: (columns: string[]) => void };

/** Which columns the list shows and in what order: the object's fields and those of records its lookups point to. */
export function ColumnChooser({ object, objects, columns, onChange }: Props) {
  const { t } = useTranslation();
  const ctx = useDisplayContext();
  const chosen = resolveColumns(object, objects, columns);
  const choices = columnChoices(object, objects).filter((c) => !columns.includes(c.path));
  const own = choices.filter((c) => !c.via);
  const related = [...new Set(choices.filter((c) => c.via).map((c) => c.via!))].map((via) => ({
    label: ctx.labels.field(via),
    title: ctx.labels.field(via),
    options: choices.filter((c) => c.via === via).map((c) => ({ value: c.path, label: columnTitle(c, ctx) })),
  }));
  const move = (i: number, by: number) => {
    const next = chosen.map((c) => c.path);
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    onChange(next);
  };

  const content = (
    <div className="ml-columns" data-testid="column-chooser">
      <ol className="ml-columns-list">
        {chosen.map((c, i) => (
          <li key={c.path} data-testid="chosen-column">
            <Typography.Text ellipsis className="ml-columns-name">
              {columnTitle(c, ctx)}
            </Typography.Text>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={`${t('views.moveUp')} ${columnTitle(c, ctx)}`} disabled={i === 0} onClick={() => move(i, -1)} />
            <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={`${t('views.moveDown')} ${columnTitle(c, ctx)}`} disabled={i === chosen.length - 1} onClick={() => move(i, 1)} />
            <Button
              size="small"
              type="text"
              icon={<CloseOutlined />}
              aria-label={`${t('views.removeColumn')} ${columnTitle(c, ctx)}`}
              disabled={chosen.length === 1}
              onClick={() => onChange(chosen.filter((x) => x.path !== c.path).map((x) => x.path))}
            />
          </li>
        ))}
      </ol>
      <Select
        aria-label={t('views.addColumn')}
        placeholder={t('views.addColumn')}
        className="ml-columns-add"
        data-testid="add-column"
        showSearch={{ optionFilterProp: 'label' }}
        value={null}
        options={[{ label: ctx.labels.object(object), title: ctx.labels.object(object), options: own.map((c) => ({ value: c.path, label: columnTitle(c, ctx) })) }, ...related]}
        onChange={(path: string) => onChange([...chosen.map((c) => c.path), path])}
      />
    </div>
  );

  return (
    <Popover trigger="click" placement="bottomRight" title={t('views.chooseColumns')} content={content} destroyOnHidden>
      <Button icon={<TableOutlined />} data-testid="columns-button">
        {t('views.columns')}
      </Button>
    </Popover>
  );
}
