import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Drawer, Form, Input, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showProblems } from '../actions/problem-fields.ts';
import { SetupPageHeader, useConfirmedDelete } from './SetupPage.tsx';
import { useAdminChange, useHolders, useIdentityProviders, useRoles, type IdentityProvider } from './admin-api.ts';

// What the server asks every provider for (packages/server/src/auth/sso/sso-login.ts).
const SCOPES = 'openid email profile';

/** OpenID Connect providers people of this workspace sign in with; each shows as a button on the sign-in page. */
export function IdentityProvidersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const providers = useIdentityProviders();
  const change = useAdminChange();
  const confirmDelete = useConfirmedDelete();
  const [editing, setEditing] = useState<IdentityProvider | 'new' | null>(null);
  const fail = (e: unknown) => showProblems(undefined, e, [], t('common.error')).forEach((m) => message.error(m));
  const remove = (p: IdentityProvider) =>
    confirmDelete({ title: t('setupAdmin.sso.confirmDelete', { name: p.name }), content: t('setupAdmin.sso.deleteHelp'), path: `/api/admin/identity-providers/${p.id}` });
  return (
    <div className="ml-page">
      <SetupPageHeader
        title={t('setupAdmin.sso.title')}
        subtitle={t('setupAdmin.sso.subtitle')}
        action={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-provider">
          {t('setupAdmin.sso.new')}
        </Button>
        }
      />
      <Table<IdentityProvider>
        className="ml-table"
        rowKey="id"
        loading={providers.isPending}
        dataSource={providers.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('setupAdmin.sso.empty') }}
        columns={[
          { key: 'name', title: t('setupAdmin.sso.buttonLabel'), render: (_, p) => <strong>{p.name}</strong> },
          { key: 'issuer', title: t('setupAdmin.sso.issuer'), render: (_, p) => <Typography.Text code>{p.issuer}</Typography.Text> },
          { key: 'client', title: t('setupAdmin.sso.clientId'), render: (_, p) => p.clientId },
          { key: 'secret', title: t('setupAdmin.sso.clientSecret'), render: (_, p) => (p.hasClientSecret ? <Tag color="green">{t('setupAdmin.sso.secretSet')}</Tag> : <Tag>{t('setupAdmin.sso.noSecret')}</Tag>) },
          {
            key: 'enabled',
            title: t('setupAdmin.sso.enabled'),
            render: (_, p) => (
              <Switch
                size="small"
                aria-label={`${p.name}: ${t('setupAdmin.sso.enabled')}`}
                checked={p.enabled}
                loading={change.isPending}
                onChange={(enabled) => change.mutate({ method: 'PATCH', path: `/api/admin/identity-providers/${p.id}`, body: { enabled } }, { onSuccess: () => message.success(t('common.saved')), onError: fail })}
              />
            ),
          },
          {
            key: 'actions',
            title: <span className="ml-sr-only">{t('common.actions')}</span>,
            render: (_, p) => (
              <Space>
                <Button size="small" onClick={() => setEditing(p)}>
                  {t('common.edit')}
                </Button>
                <Button size="small" danger onClick={() => remove(p)}>
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing ? <ProviderDrawer provider={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

type Values = { name: string; issuer: string; clientId: string; clientSecret?: string; clearSecret?: boolean; defaultProfileId: string | null; defaultRoleId: string | null; enabled: boolean };

function ProviderDrawer({ provider, onClose }: { provider?: IdentityProvider; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const profiles = useHolders('profiles').data ?? [];
  const roles = useRoles().data ?? [];
  const change = useAdminChange();
  const [form] = Form.useForm<Values>();
  const clearSecret = Form.useWatch('clearSecret', form) ?? false;
  const submit = (v: Values) => {
    const body: Record<string, unknown> = { name: v.name.trim(), issuer: v.issuer.trim(), clientId: v.clientId.trim(), defaultProfileId: v.defaultProfileId ?? null, defaultRoleId: v.defaultRoleId ?? null, enabled: v.enabled };
    // Write-only: an empty box keeps the stored secret; only an explicit choice removes it.
    if (v.clientSecret) body.clientSecret = v.clientSecret;
    else if (provider && v.clearSecret) body.clientSecret = null;
    change.mutate(provider ? { method: 'PATCH', path: `/api/admin/identity-providers/${provider.id}`, body } : { method: 'POST', path: '/api/admin/identity-providers', body }, {
      onSuccess: () => {
        message.success(provider ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (error) => showProblems(form, error, ['name', 'issuer', 'clientId', 'clientSecret', 'defaultProfileId', 'defaultRoleId', 'enabled'], t('common.error')).forEach((m) => message.error(m)),
    });
  };
  const options = (list: { id: string; name: string }[]) => list.map((x) => ({ value: x.id, label: x.name }));
  return (
    <Drawer
      open
      size={640}
      title={provider ? `${t('common.edit')} · ${provider.name}` : t('setupAdmin.sso.new')}
      onClose={onClose}
      footer={
        <Space className="ml-drawer-footer">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={change.isPending} onClick={() => form.submit()} data-testid="provider-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" initialValues={provider ?? { enabled: true, defaultProfileId: null, defaultRoleId: null }} onFinish={submit} data-testid="provider-form">
        <Form.Item name="name" label={t('setupAdmin.sso.buttonLabel')} extra={t('setupAdmin.sso.buttonLabelHelp')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="issuer" label={t('setupAdmin.sso.issuer')} extra={t('setupAdmin.sso.issuerHelp')} rules={[{ required: true, type: 'url', max: 500 }]}>
          <Input autoComplete="off" placeholder="https://login.example.cn/realms/company" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="clientId" label={t('setupAdmin.sso.clientId')} rules={[{ required: true, whitespace: true, max: 500 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="clientSecret" label={t('setupAdmin.sso.clientSecret')} extra={provider?.hasClientSecret ? t('setupAdmin.sso.secretKeep') : t('setupAdmin.sso.secretHelp')} rules={[{ max: 2000 }]}>
              <Input.Password autoComplete="new-password" disabled={clearSecret} placeholder={provider?.hasClientSecret ? '••••••••' : undefined} />
            </Form.Item>
          </Col>
        </Row>
        {provider?.hasClientSecret ? (
          <Form.Item name="clearSecret" valuePropName="checked" label={t('setupAdmin.sso.clearSecret')}>
            <Switch />
          </Form.Item>
        ) : null}
        <Form.Item label={t('setupAdmin.sso.scopes')}>
          <Typography.Text code>{SCOPES}</Typography.Text>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="defaultProfileId" label={t('setupAdmin.sso.defaultProfile')} extra={t('setupAdmin.sso.defaultsHelp')}>
              <Select allowClear options={options(profiles)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="defaultRoleId" label={t('setupAdmin.sso.defaultRole')}>
              <Select allowClear options={options(roles)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="enabled" label={t('setupAdmin.sso.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {provider ? (
          <Form.Item label={t('setupAdmin.sso.redirectUri')} extra={t('setupAdmin.sso.redirectHelp')}>
            <Typography.Text code copyable>
              {provider.redirectUri}
            </Typography.Text>
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}
