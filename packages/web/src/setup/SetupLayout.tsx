import { AuditOutlined, DatabaseOutlined, IdcardOutlined, KeyOutlined, LoginOutlined, SafetyOutlined, ShareAltOutlined, TeamOutlined, UserOutlined, ApartmentOutlined } from '@ant-design/icons';
import { Grid, Menu, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';

/** The page a setup address belongs to: `/setup/objects/account` is still the object manager. */
export function setupSection(pathname: string): string {
  const part = pathname.split('/')[2];
  return !part || part === 'objects' ? '/setup' : `/setup/${part}`;
}

/** Setup's own navigation, grouped by what an administrator is looking after. */
export function SetupLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const wide = Grid.useBreakpoint().md ?? true;
  const item = (path: string, label: string, icon: ReactNode) => ({ key: path, icon, label, 'data-testid': `setup-nav-${path.split('/')[2] ?? 'objects'}` });
  const items: MenuProps['items'] = [
    { type: 'group', key: 'data', label: t('setupAdmin.nav.data'), children: [item('/setup', t('setup.objects'), <DatabaseOutlined />)] },
    {
      type: 'group',
      key: 'access',
      label: t('setupAdmin.nav.access'),
      children: [
        item('/setup/users', t('setupAdmin.users.title'), <UserOutlined />),
        item('/setup/roles', t('setupAdmin.roles.title'), <ApartmentOutlined />),
        item('/setup/profiles', t('setupAdmin.holders.profiles'), <IdcardOutlined />),
        item('/setup/permission-sets', t('setupAdmin.holders.permissionSets'), <SafetyOutlined />),
        item('/setup/sharing', t('setupAdmin.sharing.title'), <ShareAltOutlined />),
        item('/setup/teams', t('setupAdmin.teams.title'), <TeamOutlined />),
      ],
    },
    {
      type: 'group',
      key: 'integrations',
      label: t('setupAdmin.nav.integrations'),
      children: [
        item('/setup/api-keys', t('setupAdmin.apiKeys.title'), <KeyOutlined />),
        item('/setup/sso', t('setupAdmin.sso.title'), <LoginOutlined />),
        item('/setup/audit', t('setupAdmin.audit.title'), <AuditOutlined />),
      ],
    },
  ];
  return (
    <div className={wide ? 'ml-setup' : 'ml-setup ml-setup-narrow'}>
      <nav className="ml-setup-nav" aria-label={t('setup.title')}>
        <Menu mode={wide ? 'inline' : 'horizontal'} selectedKeys={[setupSection(pathname)]} items={wide ? items : items.flatMap((g) => (g && 'children' in g ? (g.children ?? []) : []))} onClick={({ key }) => navigate(key)} />
      </nav>
      <div className="ml-setup-main">
        <Outlet />
      </div>
    </div>
  );
}
