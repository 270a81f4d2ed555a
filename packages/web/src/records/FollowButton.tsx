import { StarFilled, StarOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemText } from '../api/http.ts';
import { useFollowState, useToggleFollow } from '../api/follows.ts';

/** Follow the record (its changes by others come to the bell), with the number of followers; optimistic, put back on refusal. */
export function FollowButton({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const state = useFollowState(object, id);
  const toggle = useToggleFollow(object, id);
  if (!state.data) return null;
  const { following, followers } = state.data;
  return (
    <Button
      icon={following ? <StarFilled className="ml-follow-star" /> : <StarOutlined />}
      aria-pressed={following}
      title={t('follow.followers', { count: followers })}
      onClick={() =>
        toggle.mutate(!following, {
          onError: (error) => message.error(problemText(error, t('common.error'))),
        })
      }
      data-testid="follow-toggle"
    >
      {following ? t('follow.following') : t('follow.follow')}
      <span className="ml-follow-count" aria-label={t('follow.followers', { count: followers })} data-testid="follow-count">
        {followers}
      </span>
    </Button>
  );
}
