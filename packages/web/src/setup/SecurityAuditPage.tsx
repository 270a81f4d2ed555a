import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../locale/format.ts';
import { SetupPageHeader } from './SetupPage.tsx';
import { useAdminUsers, useSecurityAudit, type AuditEntry } from './admin-api.ts';

// The events the server writes (packages/server/src/auth/security-audit.ts).
const EVENTS = [
  'login.succeeded',
  'login.failed',
  'login.locked',
  'logout',
  'sso.login',
  'sso.provisioned',
  'apiKey.created',
  'apiKey.revoked',
  'identityProvider.changed',
  'user.created',
  'user.changed',
  'permission.changed',
  'workspace.created',
  'workspace.suspended',
  'workspace.activated',
] as const;
const DANGER = new Set(['login.failed', 'login.locked', 'apiKey.revoked']);

/** Who signed in, failed to, or changed who may do what: newest first, page by page, one kind of event at a time if wanted. */
export function SecurityAuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const users = useAdminUsers().data ?? [];
  const [event, setEvent] = useState<string | undefined>();
  // Cursors of the pages before this one, so "newer" goes back exactly.
  const [pages, setPages] = useState<string[]>([]);
  const before = pages.at(-1);
  const audit = useSecurityAudit({ event, before });
  const known = (e: string): e is (typeof EVENTS)[number] => (EVENTS as readonly string[]).includes(e);
  const eventLabel = (e: string) => (known(e) ? t(`setupAdmin.audit.events.${e}`) : e);

  return (
    <div className="ml-page">
      <SetupPageHeader
        title={t('setupAdmin.audit.title')}
        subtitle={t('setupAdmin.audit.subtitle')}
        action={
        <Space wrap>
          <Select
            allowClear
            className="ml-audit-filter"
            aria-label={t('setupAdmin.audit.event')}
            placeholder={t('setupAdmin.audit.allEvents')}
            value={event}
            options={EVENTS.map((e) => ({ value: e, label: eventLabel(e) }))}
            onChange={(e?: string) => {
              setEvent(e);
              setPages([]);
            }}
            data-testid="audit-event-filter"
          />
        </Space>
        }
      />
      <Table<AuditEntry>
        className="ml-table"
        rowKey="id"
        size="small"
        loading={audit.isPending}
        dataSource={audit.data?.entries}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (e) => <pre className="ml-json">{JSON.stringify(e.detail, null, 2)}</pre> }}
        columns={[
          { key: 'at', title: t('setupAdmin.audit.when'), render: (_, e) => format.dateTime(e.occurredAt) },
          { key: 'event', title: t('setupAdmin.audit.event'), render: (_, e) => <Tag color={DANGER.has(e.event) ? 'red' : 'blue'}>{eventLabel(e.event)}</Tag> },
          { key: 'who', title: t('setupAdmin.audit.who'), render: (_, e) => (e.userId ? (users.find((u) => u.id === e.userId)?.name ?? e.userId) : <span className="ml-blank">{t('common.none')}</span>) },
          { key: 'ip', title: 'IP', render: (_, e) => e.ip ?? '' },
          { key: 'detail', title: t('setupAdmin.audit.detail'), render: (_, e) => <Typography.Text type="secondary" ellipsis className="ml-audit-detail">{summary(e.detail)}</Typography.Text> },
        ]}
      />
      <div className="ml-list-footer">
        <Space>
          <Button disabled={pages.length === 0} onClick={() => setPages((p) => p.slice(0, -1))}>
            {t('setupAdmin.audit.newer')}
          </Button>
          <Button disabled={!audit.data?.nextCursor} onClick={() => audit.data?.nextCursor && setPages((p) => [...p, audit.data!.nextCursor!])} data-testid="audit-older">
            {t('setupAdmin.audit.older')}
          </Button>
        </Space>
      </div>
    </div>
  );
}

/** The detail's plain values on one line (the full JSON is in the expanded row). */
function summary(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}
