import { App, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { showProblems } from '../actions/problem-fields.ts';
import { useAdminChange } from './admin-api.ts';

/** A Setup page's title, what it is for, and its main action. */
export function SetupPageHeader({ title, subtitle, action }: { title: string; subtitle: string; action?: ReactNode }) {
  return (
    <div className="ml-page-header">
      <div>
        <Typography.Title level={3} className="ml-page-title">
          {title}
        </Typography.Title>
        <Typography.Text type="secondary">{subtitle}</Typography.Text>
      </div>
      {action}
    </div>
  );
}

/**
 * Asks first, then deletes (or revokes) through the API; a refusal shows the
 * server's own reason, e.g. what still refers to the thing.
 */
export function useConfirmedDelete() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const change = useAdminChange();
  return (opts: { title: string; content?: string; path: string; okText?: string; done?: string }) =>
    modal.confirm({
      title: opts.title,
      content: opts.content,
      okText: opts.okText ?? t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        change.mutateAsync({ method: 'DELETE', path: opts.path }).then(
          () => message.success(opts.done ?? t('common.deleted')),
          (e: unknown) => showProblems(undefined, e, [], t('common.error')).forEach((m) => message.error(m)),
        ),
    });
}
