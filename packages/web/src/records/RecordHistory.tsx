import { useTranslation } from 'react-i18next';
import type { HistoryEntry, ObjectDef } from '../api/types.ts';
import { renderValue, type DisplayContext } from '../fields/field-display.tsx';

/** One history entry: who created, deleted or changed which field, with old and new values shown as the field type displays them. */
export function HistoryChange({ object, id, entry, ctx }: { object: ObjectDef; id: string; entry: HistoryEntry; ctx: DisplayContext }) {
  const { t } = useTranslation();
  const actor = ctx.userName(entry.actorId) ?? t('record.someone');
  if (entry.operation === 'create') return <>{t('record.created', { actor })}</>;
  if (entry.operation === 'delete') return <>{t('record.deletedRecord', { actor })}</>;
  const field = object.fields.find((f) => f.apiName === entry.field);
  const label = field ? ctx.labels.field(field) : (entry.field ?? '');
  return (
    <>
      {t('record.changed', { actor, field: label })}
      {field ? (
        <div className="ml-history-change">
          <span className="ml-history-old">{renderValue(field, { id, [field.apiName]: entry.oldValue }, ctx)}</span>
          <span className="ml-history-arrow" aria-label={t('timeline.changedTo')}>→</span>
          <span>{renderValue(field, { id, [field.apiName]: entry.newValue }, ctx)}</span>
        </div>
      ) : null}
    </>
  );
}
