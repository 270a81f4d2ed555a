import { LogoutOutlined, StarOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe, useSignOut } from '../api/session.ts';

export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', type: 'group', label: <Typography.Text type="secondary">{me.email}</Typography.Text> },
          { type: 'divider' },
          // The user's own things live under their name, as in most CRMs: what they follow first.
          { key: '/following', icon: <StarOutlined />, label: t('following.nav'), 'data-testid': 'user-menu-following' },
          { type: 'divider' },
          { key: 'signOut', icon: <LogoutOutlined />, label: t('shell.signOut') },
        ],
        onClick: ({ key }) => {
          if (key === 'signOut') signOut.mutate(undefined, { onSettled: () => navigate('/signin', { replace: true }) });
          else navigate(key);
        },
      }}
    >
      <Button type="text" className="ml-user" data-testid="user-menu">
        <Space>
          <Avatar size="small" className="ml-avatar">
            {me.name.slice(0, 1).toUpperCase()}
          </Avatar>
          <span className="ml-user-name">{me.name}</span>
        </Space>
      </Button>
    </Dropdown>
  );
}
