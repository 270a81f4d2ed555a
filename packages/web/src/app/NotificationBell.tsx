import { BellOutlined, StarOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Popover, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMarkAllRead, useMarkRead, useNotifications, type Notification } from '../api/notifications.ts';
import { currentLocale } from '../i18n/i18n.ts';
import { useFormat } from '../locale/format.ts';

/** The server counts unread notifications up to 100; the badge shows 99+ beyond. */
const MAX_BADGE = 99;
const wording = (n: Notification): string => n.message[currentLocale()] ?? n.message['zh-CN'] ?? n.message.en ?? Object.values(n.message)[0] ?? '';
/** A deleted record has no page to open. */
const linkOf = (n: Notification): string | null => (n.object && n.recordId && n.operation !== 'delete' ? `/o/${n.object}/${n.recordId}` : null);

/** The top bar's bell: unread count (polled), the newest notifications; opening one marks it read and opens its record. */
export function NotificationBell({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useNotifications(enabled);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const unread = list.data?.unread ?? 0;
  const notifications = list.data?.notifications ?? [];

  const openOne = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const link = linkOf(n);
    setOpen(false);
    if (link) {
      void client.invalidateQueries({ queryKey: ['records', n.object] });
      void client.invalidateQueries({ queryKey: ['follow', n.object, n.recordId] });
      navigate(link);
    }
  };

  const content = (
    <div className="ml-bell-panel" ref={panel} onKeyDown={(e) => (e.key === 'Escape' ? setOpen(false) : undefined)} data-testid="notification-panel">
      <div className="ml-bell-head">
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button type="link" size="small" disabled={unread === 0} onClick={() => markAll.mutate()} data-testid="notifications-read-all">
          {t('notifications.readAll')}
        </Button>
      </div>
      {notifications.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <ul className="ml-bell-list">
          {notifications.map((n) => (
            <li key={n.id}>
              <button type="button" className={n.readAt ? 'ml-bell-item' : 'ml-bell-item ml-bell-unread'} onClick={() => openOne(n)} data-testid="notification-item">
                {n.readAt ? null : <span className="ml-bell-dot" aria-label={t('notifications.unread')} />}
                <span className="ml-bell-text">{wording(n)}</span>
                <span className="ml-bell-time">{fmt.relative(n.createdAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {/* Follow notifications come from what the user follows: the list of those is one step away. */}
      <div className="ml-bell-foot">
        <Button
          type="link"
          size="small"
          icon={<StarOutlined />}
          onClick={() => {
            setOpen(false);
            navigate('/following');
          }}
          data-testid="notifications-following"
        >
          {t('notifications.following')}
        </Button>
      </div>
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void list.refetch();
      }}
      afterOpenChange={(visible) => {
        if (visible) panel.current?.querySelector<HTMLButtonElement>('.ml-bell-item')?.focus();
      }}
      content={content}
      arrow={false}
      classNames={{ root: 'ml-bell-popover' }}
    >
      <Button type="text" className="ml-bell" aria-label={t('notifications.bell', { count: unread })} aria-haspopup="dialog" aria-expanded={open} data-testid="notification-bell">
        <Badge count={unread} overflowCount={MAX_BADGE} size="small" data-testid="notification-count">
          <BellOutlined className="ml-bell-icon" />
        </Badge>
      </Button>
    </Popover>
  );
}
