import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showProblems } from '../actions/problem-fields.ts';
import { SetupPageHeader, useConfirmedDelete } from './SetupPage.tsx';
import { useAdminChange, useAdminUsers, useTeams, type Team } from './admin-api.ts';

/** Teams: groups of people across the role hierarchy that records and sharing rules can be shared with. */
export function TeamsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const teams = useTeams();
  const users = useAdminUsers().data ?? [];
  const change = useAdminChange();
  const confirmDelete = useConfirmedDelete();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const nameOf = (id: string) => users.find((u) => u.id === id)?.name ?? id;
  const remove = (team: Team) =>
    confirmDelete({ title: t('setupAdmin.teams.confirmDelete', { name: team.name }), path: `/api/admin/teams/${team.id}` });
  return (
    <div className="ml-page">
      <SetupPageHeader
        title={t('setupAdmin.teams.title')}
        subtitle={t('setupAdmin.teams.subtitle')}
        action={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-team">
          {t('setupAdmin.teams.new')}
        </Button>
        }
      />
      <Table<Team>
        className="ml-table"
        rowKey="id"
        loading={teams.isPending}
        dataSource={teams.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('setupAdmin.teams.empty') }}
        columns={[
          { key: 'name', title: t('setupAdmin.holders.name'), render: (_, team) => <strong>{team.name}</strong> },
          { key: 'description', title: t('setupAdmin.holders.description'), render: (_, team) => team.description ?? <span className="ml-blank">{t('common.none')}</span> },
          { key: 'members', title: t('setupAdmin.teams.members'), render: (_, team) => team.memberIds.map((id) => <Tag key={id}>{nameOf(id)}</Tag>) },
          {
            key: 'actions',
            title: <span className="ml-sr-only">{t('common.actions')}</span>,
            render: (_, team) => (
              <Space>
                <Button size="small" onClick={() => setEditing(team)}>
                  {t('common.edit')}
                </Button>
                <Button size="small" danger onClick={() => remove(team)}>
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing ? <TeamDialog team={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function TeamDialog({ team, onClose }: { team?: Team; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const users = useAdminUsers().data ?? [];
  const change = useAdminChange();
  const [form] = Form.useForm<{ name: string; description?: string | null; memberIds: string[] }>();
  return (
    <Modal open title={team ? `${t('common.edit')} · ${team.name}` : t('setupAdmin.teams.new')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={change.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={team ?? { memberIds: [] }}
        onFinish={(v) =>
          change.mutate(
            { method: team ? 'PATCH' : 'POST', path: team ? `/api/admin/teams/${team.id}` : '/api/admin/teams', body: { name: v.name.trim(), description: v.description || null, memberIds: v.memberIds } },
            {
              onSuccess: () => {
                message.success(team ? t('common.saved') : t('common.created'));
                onClose();
              },
              onError: (error) => showProblems(form, error, ['name', 'description', 'memberIds'], t('common.error')).forEach((m) => message.error(m)),
            },
          )
        }
      >
        <Form.Item name="name" label={t('setupAdmin.holders.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoComplete="off" autoFocus />
        </Form.Item>
        <Form.Item name="description" label={t('setupAdmin.holders.description')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="memberIds" label={t('setupAdmin.teams.members')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={users.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
