import { ApartmentOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Space, Tree, TreeSelect, Typography, type TreeDataNode } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { showProblems } from '../actions/problem-fields.ts';
import { SetupPageHeader, useConfirmedDelete } from './SetupPage.tsx';
import { useAdminChange, useAdminUsers, useRoles, type Role } from './admin-api.ts';

type Node = TreeDataNode & { children: Node[] };

/** Roles as their hierarchy: each role's children, alphabetically. */
function roleTree(roles: Role[], title: (r: Role) => ReactNode, skip?: string): Node[] {
  const byParent = new Map<string | null, Role[]>();
  const ids = new Set(roles.map((r) => r.id));
  for (const r of roles) {
    const parent = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), r]);
  }
  const build = (parent: string | null): Node[] =>
    (byParent.get(parent) ?? []).filter((r) => r.id !== skip).map((r) => ({ key: r.id, value: r.id, title: title(r), children: build(r.id) }) as Node);
  return build(null);
}

/** The role hierarchy: a manager's role sees what the roles below it own. Add, rename, move and delete roles. */
export function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const roles = useRoles();
  const users = useAdminUsers().data ?? [];
  const change = useAdminChange<Role>();
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState<{ parentId: string | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; parentId: string | null }>();
  const list = useMemo(() => roles.data ?? [], [roles.data]);
  const role = list.find((r) => r.id === selected);
  const holders = (id: string) => users.filter((u) => u.roleId === id).length;

  useEffect(() => {
    setProblem(null);
    if (role) form.setFieldsValue({ name: role.name, parentId: role.parentId });
  }, [role, form]);

  const tree = roleTree(list, (r) => (
    <span data-testid={`role-${r.name}`}>
      {r.name} <Typography.Text type="secondary">· {t('setupAdmin.roles.userCount', { count: holders(r.id) })}</Typography.Text>
    </span>
  ));
  const fail = (error: unknown) => setProblem(showProblems(form, error, ['name', 'parentId'], t('common.error')).join(' '));

  const save = (v: { name: string; parentId: string | null }) =>
    role &&
    change.mutate({ method: 'PATCH', path: `/api/admin/roles/${role.id}`, body: { name: v.name.trim(), parentId: v.parentId ?? null } }, { onSuccess: () => message.success(t('common.saved')), onError: fail });
  const remove = () =>
    role &&
    change.mutate(
      { method: 'DELETE', path: `/api/admin/roles/${role.id}` },
      {
        onSuccess: () => {
          message.success(t('common.deleted'));
          setSelected(null);
        },
        onError: fail,
      },
    );

  return (
    <div className="ml-page">
      <SetupPageHeader
        title={t('setupAdmin.roles.title')}
        subtitle={t('setupAdmin.roles.subtitle')}
        action={
        <Button icon={<PlusOutlined />} onClick={() => setAdding({ parentId: null })} data-testid="new-top-role">
          {t('setupAdmin.roles.newTop')}
        </Button>
        }
      />
      <div className="ml-split">
        <Card className="ml-card ml-split-list" title={t('setupAdmin.roles.hierarchy')}>
          {list.length === 0 && !roles.isPending ? <Empty description={t('setupAdmin.roles.empty')} /> : null}
          <Tree
            aria-label={t('setupAdmin.roles.hierarchy')}
            showLine
            blockNode
            defaultExpandAll
            key={list.length}
            icon={<ApartmentOutlined />}
            selectedKeys={selected ? [selected] : []}
            treeData={tree}
            onSelect={(keys) => setSelected((keys[0] as string | undefined) ?? null)}
          />
        </Card>
        <Card className="ml-card ml-split-detail" title={role ? role.name : t('setupAdmin.roles.pick')}>
          {role ? (
            <Form form={form} layout="vertical" onFinish={save} data-testid="role-form">
              {problem ? <Alert type="error" showIcon title={problem} className="ml-dialog-alert" data-testid="role-problem" /> : null}
              <Form.Item name="name" label={t('setupAdmin.roles.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item name="parentId" label={t('setupAdmin.roles.reportsTo')} extra={t('setupAdmin.roles.reportsToHelp')}>
                <TreeSelect allowClear treeDefaultExpandAll placeholder={t('setupAdmin.roles.top')} treeData={roleTree(list, (r) => r.name, role.id)} />
              </Form.Item>
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={change.isPending}>
                  {t('common.save')}
                </Button>
                <Button icon={<PlusOutlined />} onClick={() => setAdding({ parentId: role.id })} data-testid="add-child-role">
                  {t('setupAdmin.roles.addChild')}
                </Button>
                <Button danger icon={<DeleteOutlined />} onClick={remove} data-testid="delete-role">
                  {t('common.delete')}
                </Button>
              </Space>
            </Form>
          ) : (
            <Typography.Text type="secondary">{t('setupAdmin.roles.pickHelp')}</Typography.Text>
          )}
        </Card>
      </div>
      {adding ? (
        <NewRoleDialog
          parent={list.find((r) => r.id === adding.parentId)}
          onClose={(created) => {
            setAdding(null);
            if (created) setSelected(created.id);
          }}
        />
      ) : null}
    </div>
  );
}

function NewRoleDialog({ parent, onClose }: { parent?: Role; onClose: (created?: Role) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const change = useAdminChange<Role>();
  return (
    <Modal
      open
      title={parent ? t('setupAdmin.roles.newChildOf', { name: parent.name }) : t('setupAdmin.roles.newTop')}
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
            { method: 'POST', path: '/api/admin/roles', body: { name: v.name.trim(), parentId: parent?.id ?? null } },
            {
              onSuccess: (created) => {
                message.success(t('common.created'));
                onClose(created);
              },
              onError: (error) => showProblems(form, error, ['name'], t('common.error')).forEach((m) => message.error(m)),
            },
          )
        }
      >
        <Form.Item name="name" label={t('setupAdmin.roles.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoComplete="off" autoFocus data-testid="role-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
