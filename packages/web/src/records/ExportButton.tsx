import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../api/http.ts';
import { downloadCsv } from '../api/list-actions.ts';

type Props = { object: string; fields: string[]; sort?: string; filter?: unknown; q?: string };

/** Downloads what the list shows — its columns, filter and sort — as CSV for a spreadsheet. */
export function ExportButton({ object, fields, sort, filter, q }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await downloadCsv(object, { fields, sort, filter, q });
    } catch (error) {
      message.error(problemText(error, t('common.error')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid="export-csv">
      {t('listActions.exportCsv')}
    </Button>
  );
}
