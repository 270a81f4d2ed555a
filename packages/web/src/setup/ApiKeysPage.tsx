import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showProblems } from '../actions/problem-fields.ts';
import { useObjects } from '../api/metadata.ts';
import { useFormat } from '../locale/format.ts';
import { useLabels } from '../locale/labels.ts';
import { SetupPageHeader, useConfirmedDelete } from './SetupPage.tsx';
import { useAdminChange, useAdminUsers, useApiKeys, type ApiKey } from './admin-api.ts';

const statusOf = (k: ApiKey): 'revoked' | 'expired' | 'active' => (k.revokedAt ? 'revoked' : k.expiresAt && new Date(k.expiresAt).getTime() <= Date.now() ? 'expired' : 'active');
const STATUS_COLOR = { active: 'green', expired: 'orange', revoked: 'default' } as const;

/** Keys integrations sign in with: each acts as one user, narrowed to read or read-write and optionally to some objects. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const keys = useApiKeys();
  const users = useAdminUsers().data ?? [];
  const change = useAdminChange();
  const confirmDelete = useConfirmedDelete();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<ApiKey & { secret: string } | null>(null);
  const revoke = (k: ApiKey) =>
    confirmDelete({ title: t('setupAdmin.apiKeys.confirmRevoke', { name: k.name }), content: t('setupAdmin.apiKeys.revokeHelp'), okText: t('setupAdmin.apiKeys.revoke'), path: `/api/admin/api-keys/${k.id}`, done: t('setupAdmin.apiKeys.revoked') });
  const date = (v: string | null) => (v ? format.dateTime(v) : <span className="ml-blank">{t('common.none')}</span>);

  return (
    <div className="ml-page">
      <SetupPageHeader
        title={t('setupAdmin.apiKeys.title')}
        subtitle={t('setupAdmin.apiKeys.subtitle')}
        action={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-api-key">
          {t('setupAdmin.apiKeys.new')}
        </Button>
        }
      />
      <Table<ApiKey>
        className="ml-table"
        rowKey="id"
        loading={keys.isPending}
        dataSource={keys.data}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('setupAdmin.apiKeys.empty') }}
        columns={[
          { key: 'name', title: t('setupAdmin.holders.name'), render: (_, k) => <strong>{k.name}</strong> },
          { key: 'prefix', title: t('setupAdmin.apiKeys.prefix'), render: (_, k) => <Typography.Text code>{k.prefix}…</Typography.Text> },
          { key: 'user', title: t('setupAdmin.apiKeys.actsAs'), render: (_, k) => users.find((u) => u.id === k.userId)?.name ?? k.userId },
          { key: 'scope', title: t('setupAdmin.apiKeys.scope'), render: (_, k) => `${t(`setupAdmin.apiKeys.${k.scope.access}`)}${k.scope.objects ? ` · ${k.scope.objects.join(', ')}` : ''}` },
          { key: 'created', title: t('setupAdmin.apiKeys.created'), render: (_, k) => date(k.createdAt) },
          { key: 'used', title: t('setupAdmin.apiKeys.lastUsed'), render: (_, k) => date(k.lastUsedAt) },
          { key: 'expires', title: t('setupAdmin.apiKeys.expires'), render: (_, k) => date(k.expiresAt) },
          { key: 'status', title: t('setupAdmin.users.status'), render: (_, k) => <Tag color={STATUS_COLOR[statusOf(k)]}>{t(`setupAdmin.apiKeys.${statusOf(k)}`)}</Tag> },
          {
            key: 'actions',
            title: <span className="ml-sr-only">{t('common.actions')}</span>,
            render: (_, k) =>
              k.revokedAt ? null : (
                <Button size="small" danger onClick={() => revoke(k)} data-testid={`revoke-${k.name}`}>
                  {t('setupAdmin.apiKeys.revoke')}
                </Button>
              ),
          },
        ]}
      />
      {creating ? (
        <NewKeyDialog
          onClose={(made) => {
            setCreating(false);
            if (made) setSecret(made);
          }}
        />
      ) : null}
      {secret ? (
        <Modal open title={t('setupAdmin.apiKeys.secretTitle', { name: secret.name })} onCancel={() => setSecret(null)} footer={<Button type="primary" onClick={() => setSecret(null)}>{t('setupAdmin.apiKeys.secretDone')}</Button>} maskClosable={false}>
          <Alert type="warning" showIcon title={t('setupAdmin.apiKeys.secretOnce')} className="ml-dialog-alert" />
          <Typography.Paragraph copyable={{ text: secret.secret, tooltips: [t('setupAdmin.apiKeys.copy'), t('setupAdmin.apiKeys.copied')] }} className="ml-secret" data-testid="api-key-secret">
            <Typography.Text code>{secret.secret}</Typography.Text>
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('setupAdmin.apiKeys.usage')}</Typography.Text>
        </Modal>
      ) : null}
    </div>
  );
}

type KeyValues = { name: string; userId: string; access: 'read' | 'readWrite'; objects?: string[]; expiresAt?: Dayjs | null };

function NewKeyDialog({ onClose }: { onClose: (made?: ApiKey & { secret: string }) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useLabels();
  const users = useAdminUsers().data ?? [];
  const objects = useObjects().data ?? [];
  const change = useAdminChange<ApiKey & { secret: string }>();
  const [form] = Form.useForm<KeyValues>();
  const submit = (v: KeyValues) =>
    change.mutate(
      {
        method: 'POST',
        path: '/api/admin/api-keys',
        body: { name: v.name.trim(), userId: v.userId, scope: { access: v.access, ...(v.objects?.length ? { objects: v.objects } : {}) }, ...(v.expiresAt ? { expiresAt: v.expiresAt.toISOString() } : {}) },
      },
      { onSuccess: (made) => onClose(made), onError: (error) => showProblems(form, error, ['name', 'userId', 'scope', 'expiresAt'], t('common.error')).forEach((m) => message.error(m)) },
    );
  return (
    <Modal open title={t('setupAdmin.apiKeys.new')} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={change.isPending} onOk={() => form.submit()} onCancel={() => onClose()} destroyOnHidden>
      <Form<KeyValues> form={form} layout="vertical" initialValues={{ access: 'read' }} onFinish={submit} data-testid="api-key-form">
        <Form.Item name="name" label={t('setupAdmin.holders.name')} extra={t('setupAdmin.apiKeys.nameHelp')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input autoComplete="off" autoFocus />
        </Form.Item>
        <Form.Item name="userId" label={t('setupAdmin.apiKeys.actsAs')} extra={t('setupAdmin.apiKeys.actsAsHelp')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={users.filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))} />
        </Form.Item>
        <Form.Item name="access" label={t('setupAdmin.apiKeys.scope')}>
          <Radio.Group options={[{ value: 'read', label: t('setupAdmin.apiKeys.read') }, { value: 'readWrite', label: t('setupAdmin.apiKeys.readWrite') }]} />
        </Form.Item>
        <Form.Item name="objects" label={t('setupAdmin.apiKeys.objects')} extra={t('setupAdmin.apiKeys.objectsHelp')}>
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={objects.map((o) => ({ value: o.apiName, label: `${labels.objectPlural(o)} (${o.apiName})` }))} />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('setupAdmin.apiKeys.expires')} extra={t('setupAdmin.apiKeys.expiresHelp')}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
