import { Button, Empty, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useObjects } from '../api/metadata.ts';

/** The start page: the first object the user can read. */
export function HomeRedirect() {
  const { t } = useTranslation();
  const objects = useObjects();
  if (objects.isPending) return <Spin className="ml-page-spin" />;
  const first = objects.data?.[0];
  if (!first) return <Empty className="ml-page-empty" description={t('shell.noObjects')} />;
  return <Navigate to={`/o/${first.apiName}`} replace />;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('errors.notFoundPage')}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.goHome')}</Button>
        </Link>
      }
    />
  );
}
