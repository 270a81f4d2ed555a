import { App, Button, Col, Drawer, Form, Input, Row, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { showProblems } from '../actions/problem-fields.ts';
import type { Locale } from '../api/types.ts';
import { LOCALES } from '../i18n/i18n.ts';
import { useAdminChange, useHolders, useRoles, useTeams, type AdminUser } from './admin-api.ts';

type Values = {
  name: string;
  email: string;
  password?: string;
  roleId: string | null;
  profileId: string | null;
  permissionSetIds: string[];
  teamIds: string[];
  locale: Locale;
  timeZone: string;
  isAdmin: boolean;
};
const TIME_ZONES: string[] = Intl.supportedValuesOf('timeZone');
const INPUTS = ['name', 'email', 'password', 'roleId', 'profileId', 'permissionSetIds', 'teamIds', 'locale', 'timeZone', 'isAdmin'];

/** Creates a user with an initial password, or edits one: who they are, their role, profile, permission sets, teams and language. */
export function UserDrawer({ user, onClose }: { user?: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const roles = useRoles().data ?? [];
  const profiles = useHolders('profiles').data ?? [];
  const sets = useHolders('permission-sets').data ?? [];
  const teams = useTeams().data ?? [];
  const save = useAdminChange<AdminUser>();
  const standard = profiles.find((p) => p.name === 'Standard User')?.id ?? null;

  const initial: Partial<Values> = user
    ? { ...user }
    : { roleId: null, profileId: standard, permissionSetIds: [], teamIds: [], locale: 'zh-CN', timeZone: 'Asia/Shanghai', isAdmin: false };

  const submit = (v: Values) => {
    const { email, password, ...rest } = v;
    const body: Record<string, unknown> = { ...rest, name: v.name.trim() };
    if (!user) {
      body.email = email.trim();
      if (password) body.password = password;
    }
    save.mutate(user ? { method: 'PATCH', path: `/api/admin/users/${user.id}`, body } : { method: 'POST', path: '/api/admin/users', body }, {
      onSuccess: () => {
        message.success(user ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (error) => showProblems(form, error, INPUTS, t('common.error')).forEach((m) => message.error(m)),
    });
  };

  const options = (list: { id: string; name: string }[]) => list.map((x) => ({ value: x.id, label: x.name }));
  return (
    <Drawer
      open
      size={640}
      title={user ? `${t('setupAdmin.users.edit')} · ${user.name}` : t('setupAdmin.users.new')}
      onClose={onClose}
      footer={
        <Space className="ml-drawer-footer">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="user-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} data-testid="user-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('setupAdmin.users.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="email" label={t('setupAdmin.users.email')} rules={[{ required: !user, type: 'email', max: 254 }]}>
              <Input disabled={Boolean(user)} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        {user ? null : (
          <Form.Item name="password" label={t('setupAdmin.users.initialPassword')} extra={t('setupAdmin.users.passwordHelp')} rules={[{ min: 10, max: 1024 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="roleId" label={t('setupAdmin.users.role')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={[{ value: null, label: t('setupAdmin.users.noRole') }, ...options(roles)]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="profileId" label={t('setupAdmin.users.profile')}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={options(profiles)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="permissionSetIds" label={t('setupAdmin.holders.permissionSets')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={options(sets)} />
        </Form.Item>
        <Form.Item name="teamIds" label={t('setupAdmin.teams.title')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={options(teams)} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="locale" label={t('setupAdmin.users.language')}>
              <Select options={LOCALES.map((l) => ({ value: l, label: t(`locales.${l}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="timeZone" label={t('setupAdmin.users.timeZone')}>
              <Select showSearch options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="isAdmin" label={t('setupAdmin.users.isAdmin')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
