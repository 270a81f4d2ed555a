import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { plainMessage, showProblems } from '../actions/problem-fields.ts';
import { ProblemError } from '../api/http.ts';
import { useObjects } from '../api/metadata.ts';
import { PageSpin } from '../records/PageSpin.tsx';
import { SetupPageHeader, useConfirmedDelete } from './SetupPage.tsx';
import { useAdminChange, useAdminUsers, useHolders, type HolderKind, type PermissionGrant, type PermissionHolder } from './admin-api.ts';
import { PermissionMatrix } from './PermissionMatrix.tsx';

const TITLE = { profiles: 'setupAdmin.holders.profiles', 'permission-sets': 'setupAdmin.holders.permissionSets' } as const;

/** Profiles (one per user) or permission sets (added on top): what their holders may do with each object and field. */
export function PermissionHoldersPage({ kind }: { kind: HolderKind }) {
  const { t } = useTranslation();
  const holders = useHolders(kind);
  const users = useAdminUsers().data ?? [];
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const list = holders.data ?? [];
  const selected = list.find((h) => h.id === params.get('id')) ?? list[0];
  const holderCount = (h: PermissionHolder) => users.filter((u) => (kind === 'profiles' ? u.profileId === h.id : u.permissionSetIds.includes(h.id))).length;

  return (
    <div className="ml-page">
      <SetupPageHeader
        title={t(TITLE[kind])}
        subtitle={t(kind === 'profiles' ? 'setupAdmin.holders.profilesHelp' : 'setupAdmin.holders.setsHelp')}
        action={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-holder">
          {t(kind === 'profiles' ? 'setupAdmin.holders.newProfile' : 'setupAdmin.holders.newSet')}
        </Button>
        }
      />
      {holders.isPending ? (
        <PageSpin />
      ) : list.length === 0 ? (
        <Empty description={t('setupAdmin.holders.empty')} />
      ) : (
        <>
          <div className="ml-holder-pick">
            <label htmlFor="holder-pick">{t(TITLE[kind])}</label>
            <Select
              id="holder-pick"
              className="ml-holder-select"
              showSearch={{ optionFilterProp: 'label' }}
              value={selected?.id}
              onChange={(id: string) => setParams({ id })}
              options={list.map((h) => ({ value: h.id, label: `${h.name} · ${t('setupAdmin.roles.userCount', { count: holderCount(h) })}` }))}
              data-testid="holder-pick"
            />
          </div>
          {selected ? <HolderEditor key={selected.id} kind={kind} holder={selected} onDeleted={() => setParams({})} /> : null}
        </>
      )}
      {creating ? (
        <NewHolderDialog
          kind={kind}
          holders={list}
          onClose={(id) => {
            setCreating(false);
            if (id) setParams({ id });
          }}
        />
      ) : null}
    </div>
  );
}

type Head = { name: string; description: string | null };

function HolderEditor({ kind, holder, onDeleted }: { kind: HolderKind; holder: PermissionHolder; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const objects = useObjects().data ?? [];
  const change = useAdminChange<PermissionHolder>();
  const [form] = Form.useForm<Head>();
  const [grant, setGrant] = useState<PermissionGrant>(holder.permissions);
  const [problems, setProblems] = useState(new Map<string, string>());
  const [general, setGeneral] = useState<string[]>([]);
  const [dirty, setDirty] = useState(false);
  useEffect(() => setGrant(holder.permissions), [holder.permissions]);

  const fail = (error: unknown) => {
    const byPath = new Map<string, string>();
    if (error instanceof ProblemError) for (const e of error.problem.errors ?? []) if (e.field.startsWith('permissions')) byPath.set(e.field, plainMessage(e));
    setProblems(byPath);
    // Problems with a place in the matrix show there; the rest above it.
    const rest = showProblems(form, error, ['name', 'description', 'permissions'], t('common.error')).filter((m) => ![...byPath.values()].includes(m));
    setGeneral(rest.length > 0 || byPath.size > 0 ? rest : []);
  };
  const save = (head: Head) =>
    change.mutate(
      { method: 'PATCH', path: `/api/admin/${kind}/${holder.id}`, body: { name: head.name.trim(), description: head.description || null, permissions: grant } },
      {
        onSuccess: () => {
          setProblems(new Map());
          setGeneral([]);
          setDirty(false);
          message.success(t('common.saved'));
        },
        onError: fail,
      },
    );
  const remove = () =>
    modal.confirm({
      title: t('setupAdmin.holders.confirmDelete', { name: holder.name }),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        change.mutateAsync({ method: 'DELETE', path: `/api/admin/${kind}/${holder.id}` }).then(
          () => {
            message.success(t('common.deleted'));
            onDeleted();
          },
          fail,
        ),
    });
  const flag = (key: 'viewAllData' | 'modifyAllData') => (
    <Checkbox
      checked={grant[key] === true}
      onChange={(e) => {
        setGrant({ ...grant, [key]: e.target.checked });
        setDirty(true);
      }}
      data-testid={`flag-${key}`}
    >
      {t(`setupAdmin.holders.${key}`)}
    </Checkbox>
  );

  return (
    <Card className="ml-card" data-testid="holder-editor">
      <Form<Head> form={form} layout="vertical" initialValues={{ name: holder.name, description: holder.description }} onFinish={save} onValuesChange={() => setDirty(true)}>
        <div className="ml-holder-head">
          <Form.Item name="name" label={t('setupAdmin.holders.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="description" label={t('setupAdmin.holders.description')} rules={[{ max: 1000 }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </div>
        <Space wrap className="ml-holder-flags">
          {flag('viewAllData')}
          {flag('modifyAllData')}
        </Space>
        {general.length > 0 ? <Alert type="error" showIcon title={general.join(' ')} className="ml-dialog-alert" data-testid="holder-problem" /> : null}
        <Typography.Paragraph type="secondary" className="ml-matrix-help">
          {t('setupAdmin.holders.matrixHelp')}
        </Typography.Paragraph>
        <PermissionMatrix
          objects={objects}
          value={grant}
          problems={problems}
          onChange={(next) => {
            setGrant(next);
            setDirty(true);
          }}
        />
        <div className="ml-sticky-actions">
          <Button danger icon={<DeleteOutlined />} onClick={remove} data-testid="delete-holder">
            {t('common.delete')}
          </Button>
          <Space>
            {dirty ? <Typography.Text type="warning">{t('setupAdmin.unsaved')}</Typography.Text> : null}
            <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="holder-save">
              {t('common.save')}
            </Button>
          </Space>
        </div>
      </Form>
    </Card>
  );
}

function NewHolderDialog({ kind, holders, onClose }: { kind: HolderKind; holders: PermissionHolder[]; onClose: (id?: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; description?: string; copyFrom?: string }>();
  const change = useAdminChange<PermissionHolder>();
  return (
    <Modal
      open
      title={t(kind === 'profiles' ? 'setupAdmin.holders.newProfile' : 'setupAdmin.holders.newSet')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={change.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          change.mutate(
            { method: 'POST', path: `/api/admin/${kind}`, body: { name: v.name.trim(), description: v.description || null, permissions: holders.find((h) => h.id === v.copyFrom)?.permissions ?? {} } },
            {
              onSuccess: (created) => {
                message.success(t('common.created'));
                onClose(created.id);
              },
              onError: (error) => showProblems(form, error, ['name', 'description'], t('common.error')).forEach((m) => message.error(m)),
            },
          )
        }
      >
        <Form.Item name="name" label={t('setupAdmin.holders.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoComplete="off" autoFocus data-testid="holder-name" />
        </Form.Item>
        <Form.Item name="description" label={t('setupAdmin.holders.description')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="copyFrom" label={t('setupAdmin.holders.copyFrom')} extra={t('setupAdmin.holders.copyFromHelp')}>
          <Select allowClear options={holders.map((h) => ({ value: h.id, label: h.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
