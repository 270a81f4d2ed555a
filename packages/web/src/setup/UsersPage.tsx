import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showProblems } from '../actions/problem-fields.ts';
import { useMe } from '../api/session.ts';
import { useFormat } from '../locale/format.ts';
import { SetupPageHeader, useConfirmedDelete } from './SetupPage.tsx';
import { useAdminChange, useAdminUsers, useHolders, useRoles, type AdminUser } from './admin-api.ts';
import { UserDrawer } from './UserDrawer.tsx';

const isLocked = (u: AdminUser): boolean => u.lockedUntil !== null && new Date(u.lockedUntil).getTime() > Date.now();

/** The workspace's users: who they are, their access, whether they can sign in; create, edit, deactivate, unlock, reset passwords. */
export function UsersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const format = useFormat();
  const me = useMe().data;
  const users = useAdminUsers();
  const roles = useRoles().data ?? [];
  const profiles = useHolders('profiles').data ?? [];
  const change = useAdminChange<AdminUser>();
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const nameOf = (list: { id: string; name: string }[], id: string | null) => list.find((x) => x.id === id)?.name ?? t('common.none');

  const run = (path: string, body: Record<string, unknown> | undefined, done: string) =>
    change.mutate(body ? { method: 'PATCH', path, body } : { method: 'POST', path }, {
      onSuccess: () => message.success(done),
      onError: (error) => showProblems(undefined, error, [], t('common.error')).forEach((m) => message.error(m)),
    });

  const menu = (u: AdminUser) => ({
    items: [
      { key: 'edit', label: t('common.edit') },
      { key: 'password', label: t('setupAdmin.users.resetPassword') },
      ...(isLocked(u) ? [{ key: 'unlock', label: t('setupAdmin.users.unlock') }] : []),
      u.active ? { key: 'deactivate', label: t('setupAdmin.users.deactivate'), danger: true, disabled: u.id === me?.id } : { key: 'activate', label: t('setupAdmin.users.activate') },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'edit') setEditing(u);
      if (key === 'password') setResetting(u);
      if (key === 'unlock') run(`/api/admin/users/${u.id}/unlock`, undefined, t('setupAdmin.users.unlocked'));
      if (key === 'activate') run(`/api/admin/users/${u.id}`, { active: true }, t('setupAdmin.users.activated'));
      if (key === 'deactivate')
        modal.confirm({
          title: t('setupAdmin.users.confirmDeactivate', { name: u.name }),
          content: t('setupAdmin.users.deactivateHelp'),
          okText: t('setupAdmin.users.deactivate'),
          okButtonProps: { danger: true },
          cancelText: t('common.cancel'),
          onOk: () => run(`/api/admin/users/${u.id}`, { active: false }, t('setupAdmin.users.deactivated')),
        });
    },
  });

  return (
    <div className="ml-page">
      <SetupPageHeader
        title={t('setupAdmin.users.title')}
        subtitle={t('setupAdmin.users.subtitle')}
        action={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-user">
          {t('setupAdmin.users.new')}
        </Button>
        }
      />
      <Table<AdminUser>
        className="ml-table"
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'name',
            title: t('setupAdmin.users.name'),
            sorter: (a, b) => a.name.localeCompare(b.name),
            render: (_, u) => (
              <div>
                <Button type="link" className="ml-link-cell" onClick={() => setEditing(u)}>
                  {u.name}
                </Button>
                <div className="ml-secondary">{u.email}</div>
              </div>
            ),
          },
          { key: 'role', title: t('setupAdmin.users.role'), render: (_, u) => nameOf(roles, u.roleId) },
          { key: 'profile', title: t('setupAdmin.users.profile'), render: (_, u) => nameOf(profiles, u.profileId) },
          {
            key: 'status',
            title: t('setupAdmin.users.status'),
            render: (_, u) => (
              <Space size={4} wrap>
                {u.active ? <Tag color="green">{t('setupAdmin.users.active')}</Tag> : <Tag>{t('setupAdmin.users.inactive')}</Tag>}
                {isLocked(u) ? <Tag color="red">{t('setupAdmin.users.locked')}</Tag> : null}
                {u.isAdmin ? <Tag color="blue">{t('setupAdmin.users.admin')}</Tag> : null}
                {u.isIntegration ? <Tag>{t('setupAdmin.users.integration')}</Tag> : null}
              </Space>
            ),
          },
          { key: 'lastLogin', title: t('setupAdmin.users.lastLogin'), render: (_, u) => (u.lastLoginAt ? format.dateTime(u.lastLoginAt) : <span className="ml-blank">{t('setupAdmin.users.never')}</span>) },
          {
            key: 'actions',
            title: <span className="ml-sr-only">{t('common.actions')}</span>,
            width: 56,
            render: (_, u) => (
              <Dropdown menu={menu(u)} trigger={['click']}>
                <Button type="text" icon={<MoreOutlined />} aria-label={`${t('common.actions')}: ${u.name}`} data-testid={`user-actions-${u.email}`} />
              </Dropdown>
            ),
          },
        ]}
      />
      {editing ? <UserDrawer key={editing === 'new' ? 'new' : editing.id} user={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
      {resetting ? <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} /> : null}
    </div>
  );
}

/** Sets a new password; the user's sessions end, so they sign in again with it. */
function ResetPasswordDialog({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const change = useAdminChange();
  return (
    <Modal open title={t('setupAdmin.users.resetPasswordOf', { name: user.name })} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={change.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          change.mutate(
            { method: 'PATCH', path: `/api/admin/users/${user.id}`, body: { password: v.password } },
            {
              onSuccess: () => {
                message.success(t('setupAdmin.users.passwordReset'));
                onClose();
              },
              onError: (error) => showProblems(form, error, ['password'], t('common.error')).forEach((m) => message.error(m)),
            },
          )
        }
      >
        <Form.Item name="password" label={t('setupAdmin.users.newPassword')} extra={t('setupAdmin.users.resetHelp')} rules={[{ required: true, min: 10, max: 1024 }]}>
          <Input.Password autoComplete="new-password" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
