import { BellOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Select, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useFollowedRecords, useUnfollow, type FollowedRecord } from '../api/follows.ts';
import { problemText } from '../api/http.ts';
import { useObjects } from '../api/metadata.ts';
import type { ObjectDef } from '../api/types.ts';
import { navigationGroups } from '../app/navigation-groups.ts';
import { useFormat } from '../locale/format.ts';
import { useLabels } from '../locale/labels.ts';
import { badgeLetter, objectHue } from './followed-pages.ts';

/**
 * `/following`: every record I follow, newest follow first, across objects
 * (`?object=` narrows it to one). The server lists only records I may still
 * see, so a record since deleted, unshared or hidden by a profile change is
 * simply not here. A record of an object without a name field comes without one.
 */
export function FollowingPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const objects = useObjects().data ?? [];
  const [params, setParams] = useSearchParams();
  const filter = params.get('object') ?? undefined;
  // An object filter for an object this user cannot read would be refused: ask for all instead.
  const object = filter && objects.some((o) => o.apiName === filter) ? filter : undefined;
  const list = useFollowedRecords(object);
  const rows = list.data?.pages.flatMap((p) => p.follows) ?? [];
  const byName = new Map(objects.map((o) => [o.apiName, o]));
  const ordered = navigationGroups(objects).flatMap((g) => g.objects);
  const { message } = App.useApp();
  const nameOf = (row: FollowedRecord) => row.name ?? t('following.unnamed');
  const unfollow = useUnfollow({
    done: (row) => void message.success(t('following.unfollowed', { name: nameOf(row) })),
    refused: (error) => void message.error(problemText(error, t('common.error'))),
  });

  return (
    <div className="ml-page ml-following">
      <div className="ml-page-header">
        <div>
          <Typography.Title level={3} className="ml-page-title">
            {t('following.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="ml-following-subtitle">
            <BellOutlined /> {t('following.subtitle')}
          </Typography.Text>
        </div>
        <Select
          className="ml-following-filter"
          value={object ?? ''}
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('following.filter')}
          onChange={(value: string) => setParams(value ? { object: value } : {}, { replace: true })}
          options={[{ value: '', label: t('following.allObjects') }, ...ordered.map((o) => ({ value: o.apiName, label: labels.objectPlural(o) }))]}
          data-testid="following-filter"
        />
      </div>
      {list.isPending ? (
        <Card className="ml-card">
          <Skeleton active avatar paragraph={{ rows: 4 }} />
        </Card>
      ) : list.error ? (
        <Alert
          type="warning"
          showIcon
          title={problemText(list.error, t('common.error'))}
          action={
            <Button size="small" onClick={() => void list.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : rows.length === 0 ? (
        <NothingFollowed filtered={object ? byName.get(object) : undefined} objects={objects} onShowAll={() => setParams({}, { replace: true })} />
      ) : (
        <Card className="ml-card ml-following-card" data-testid="following-list">
          <div className="ml-following-head" aria-hidden>
            <span />
            <span>{t('following.record')}</span>
            <span>{t('following.object')}</span>
            <span>{t('following.since')}</span>
            <span />
          </div>
          <ul className="ml-following-rows">
            {rows.map((row) => (
              <FollowedRow key={`${row.object}/${row.id}`} row={row} name={nameOf(row)} object={byName.get(row.object)} onUnfollow={() => unfollow.mutate(row)} />
            ))}
          </ul>
          <div className="ml-following-foot">
            <Typography.Text type="secondary" data-testid="following-count">
              {list.hasNextPage ? t('following.countMore', { count: rows.length }) : t('following.count', { count: rows.length })}
            </Typography.Text>
            {list.hasNextPage ? (
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t('list.loadMore')}
              </Button>
            ) : null}
          </div>
        </Card>
      )}
    </div>
  );
}

function FollowedRow({ row, name, object, onUnfollow }: { row: FollowedRecord; name: string; object?: ObjectDef; onUnfollow: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const objectLabel = object ? labels.object(object) : row.object;
  // "现在关注" reads wrong: a follow of the last minute was "just now".
  const when = Date.now() - Date.parse(row.followedAt) < 60_000 ? t('following.justNow') : fmt.relative(row.followedAt);
  return (
    <li className="ml-following-row" data-testid="followed-record" data-object={row.object} data-id={row.id}>
      <span className="ml-following-badge" style={{ background: objectHue(row.object) }} aria-hidden>
        {badgeLetter(objectLabel)}
      </span>
      <div className="ml-following-main">
        <Link to={`/o/${row.object}/${row.id}`} className={row.name === null ? 'ml-following-name ml-following-unnamed' : 'ml-following-name'} data-testid="followed-record-link">
          {name}
        </Link>
        {/* At phone width the object and the time sit under the name instead of in their columns. */}
        <span className="ml-following-meta">
          {objectLabel} · {t('following.sinceWhen', { when })}
        </span>
      </div>
      <span className="ml-following-object">
        <Tag bordered={false} color="default">
          {objectLabel}
        </Tag>
      </span>
      <span className="ml-following-when">
        <span>{when}</span>
        <Typography.Text type="secondary" className="ml-following-date">
          {fmt.dateTime(row.followedAt)}
        </Typography.Text>
      </span>
      <Button
        icon={<StarFilled className="ml-follow-star" />}
        aria-label={t('following.unfollowOne', { name })}
        onClick={onUnfollow}
        data-testid="unfollow"
      >
        <span className="ml-following-unfollow-text">{t('following.unfollow')}</span>
      </Button>
    </li>
  );
}

/** Nothing followed (or nothing of the chosen object): how to follow something, with the button to look for. */
function NothingFollowed({ filtered, objects, onShowAll }: { filtered?: ObjectDef; objects: ObjectDef[]; onShowAll: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  // Where most people have something worth following: the sales objects they can read.
  const starts = ['opportunity', 'account', 'case'].map((name) => objects.find((o) => o.apiName === name)).filter((o): o is ObjectDef => Boolean(o));
  return (
    <Card className="ml-card ml-following-empty" data-testid="following-empty">
      <div className="ml-following-empty-icon" aria-hidden>
        <StarOutlined />
      </div>
      <Typography.Title level={4} className="ml-following-empty-title">
        {filtered ? t('following.emptyObject', { object: labels.objectPlural(filtered) }) : t('following.emptyTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" className="ml-following-empty-text">
        {t('following.emptyHow')}
      </Typography.Paragraph>
      {/* What the button looks like on a record page, so it is recognised there. */}
      <div className="ml-following-sample" aria-hidden>
        <Button icon={<StarOutlined />} tabIndex={-1}>
          {t('follow.follow')}
          <span className="ml-follow-count">0</span>
        </Button>
        <span className="ml-following-sample-arrow">→</span>
        <Button icon={<StarFilled className="ml-follow-star" />} tabIndex={-1}>
          {t('follow.following')}
          <span className="ml-follow-count">1</span>
        </Button>
      </div>
      <Typography.Paragraph type="secondary" className="ml-following-empty-text">
        {t('following.emptyWhy')}
      </Typography.Paragraph>
      <div className="ml-following-empty-actions">
        {filtered ? (
          <Button type="primary" onClick={onShowAll}>
            {t('following.showAll')}
          </Button>
        ) : (
          starts.map((o, i) => (
            <Button key={o.apiName} type={i === 0 ? 'primary' : 'default'} onClick={() => navigate(`/o/${o.apiName}`)}>
              {t('following.browse', { object: labels.objectPlural(o) })}
            </Button>
          ))
        )}
      </div>
    </Card>
  );
}
