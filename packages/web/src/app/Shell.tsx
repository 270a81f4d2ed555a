import { AppstoreOutlined, BarChartOutlined, CustomerServiceOutlined, HomeOutlined, MenuOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Spin, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useObjects } from '../api/metadata.ts';
import { useMe } from '../api/session.ts';
import { useLabels } from '../locale/labels.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Logo } from './Logo.tsx';
import { UserMenu } from './UserMenu.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { GlobalSearch } from '../search/GlobalSearch.tsx';
import { GROUP_KEYS, navigationGroups, type GroupKey } from './navigation-groups.ts';

/** The workspace frame: objects in the sidebar (from metadata), user and language in the top bar. */
export function Shell() {
  const { t } = useTranslation();
  const labels = useLabels();
  const objects = useObjects();
  const me = useMe().data;
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [narrow, setNarrow] = useState(false);

  const items: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: t('home.nav') },
    { key: '/dashboard', icon: <BarChartOutlined />, label: t('dashboard.nav') },
    ...navigationGroups(objects.data ?? []).map((g) => {
      const children = g.objects.map((o) => ({ key: `/o/${o.apiName}`, icon: <AppstoreOutlined />, label: labels.objectPlural(o) }));
      // The service console leads the group of the object it works on (whoever may read cases).
      if (g.objects.some((o) => o.apiName === 'case')) children.unshift({ key: '/service', icon: <CustomerServiceOutlined />, label: t('console.nav') });
      const label = GROUP_KEYS.has(g.key) ? t(`shell.groups.${g.key as GroupKey}`) : g.key;
      // Detail objects (lines, options, ledger entries) are usually reached from their master record: folded away.
      return g.key === 'details' ? { key: 'details', icon: <AppstoreOutlined />, label, children } : { type: 'group' as const, key: g.key, label, children };
    }),
  ];
  const selected = pathname.startsWith('/setup') ? '/setup' : pathname === '/' || pathname === '/dashboard' ? pathname : `/${pathname.split('/').slice(1, 3).join('/')}`;

  return (
    <Layout className="ml-shell">
      <Layout.Sider
        className={narrow ? 'ml-sider ml-sider-narrow' : 'ml-sider'}
        width={228}
        trigger={narrow ? null : undefined}
        breakpoint="lg"
        collapsedWidth={narrow ? 0 : 64}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setCollapsed(broken);
        }}
      >
        <div className="ml-brand" onClick={() => navigate('/')}>
          <Logo />
          {collapsed ? null : <span className="ml-brand-name">{t('app.name')}</span>}
        </div>
        {objects.isPending ? (
          <Spin className="ml-page-spin" />
        ) : (
          <Menu
            theme="dark"
            mode="inline"
            className="ml-nav"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key }) => {
              navigate(key);
              if (narrow) setCollapsed(true);
            }}
          />
        )}
      </Layout.Sider>
      {narrow && !collapsed ? <div className="ml-nav-backdrop" onClick={() => setCollapsed(true)} /> : null}
      <Layout>
        <Layout.Header className="ml-header">
          {narrow ? <Button type="text" icon={<MenuOutlined />} aria-label={t('shell.menu')} onClick={() => setCollapsed((c) => !c)} data-testid="nav-toggle" /> : null}
          <GlobalSearch compact={narrow} />
          <div className="ml-header-spacer" />
          {me?.isAdmin ? (
            <Button type={pathname.startsWith('/setup') ? 'primary' : 'text'} ghost={pathname.startsWith('/setup')} icon={<SettingOutlined />} onClick={() => navigate('/setup')} data-testid="setup-link">
              {narrow ? null : t('shell.setup')}
            </Button>
          ) : null}
          <NotificationBell enabled={Boolean(me)} />
          <LanguageSwitch />
          <UserMenu />
        </Layout.Header>
        <Layout.Content className="ml-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
