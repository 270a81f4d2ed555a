import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSaveRecord } from '../api/records.ts';
import type { ObjectDef, RecordRow } from '../api/types.ts';
import { closedValues, picklist } from '../home/home-filters.ts';

/** "Mark done" on an open task: PATCHes its status to the first closed value (from picklist metadata); nothing when no value closes. */
export function MarkDoneButton({ activity, task }: { activity: ObjectDef; task: RecordRow }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveRecord('activity');
  const done = closedValues(picklist(activity, 'status'))[0];
  if (!done) return null;
  return (
    <Tooltip title={t('home.markDone')}>
      <Button
        size="small"
        shape="circle"
        icon={<CheckOutlined />}
        aria-label={t('home.markDoneFor', { name: String(task.name) })}
        loading={save.isPending}
        data-testid="mark-done"
        onClick={() =>
          save.mutate(
            { id: task.id, values: { status: done } },
            { onSuccess: () => message.success(t('home.taskDone')), onError: (e) => message.error(e.message || t('common.error')) },
          )
        }
      />
    </Tooltip>
  );
}
