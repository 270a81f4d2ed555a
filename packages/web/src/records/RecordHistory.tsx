import { Empty, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRecordHistory } from '../api/records.ts';
import type { HistoryEntry, ObjectDef } from '../api/types.ts';
import { renderValue, useDisplayContext } from '../fields/field-display.tsx';

/** Who changed what, newest first, with old and new values shown as the field type displays them. */
export function RecordHistory({ object, id }: { object: ObjectDef; id: string }) {
  const { t } = useTranslation();
  const ctx = useDisplayContext();
  const history = useRecordHistory(object.apiName, id);
  if (history.isPending) return <Spin />;
  const entries = history.data?.entries ?? [];
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('record.noHistory')} />;

  const describe = (e: HistoryEntry) => {
    const actor = ctx.userName(e.actorId) ?? t('record.someone');
    if (e.operation === 'create') return t('record.created', { actor });
    if (e.operation === 'delete') return t('record.deletedRecord', { actor });
    const field = object.fields.find((f) => f.apiName === e.field);
    const label = field ? ctx.labels.field(field) : (e.field ?? '');
    return (
      <>
        {t('record.changed', { actor, field: label })}
        {field ? (
          <div className="ml-history-change">
            <span className="ml-history-old">{renderValue(field, { id, [field.apiName]: e.oldValue }, ctx)}</span>
            <span className="ml-history-arrow">→</span>
            <span>{renderValue(field, { id, [field.apiName]: e.newValue }, ctx)}</span>
          </div>
        ) : null}
      </>
    );
  };

  return (
    <Timeline
      className="ml-history"
      data-testid="history"
      items={entries.map((e) => ({
        key: e.id,
        color: e.operation === 'create' ? 'green' : e.operation === 'delete' ? 'red' : 'blue',
        content: (
          <div>
            <div>{describe(e)}</div>
            <Typography.Text type="secondary" className="ml-history-time" title={ctx.fmt.dateTime(e.changedAt)}>
              {ctx.fmt.relative(e.changedAt)}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
