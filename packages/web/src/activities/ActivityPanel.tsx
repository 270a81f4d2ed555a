import { Button, Card, Empty, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjectDef, usePermissions } from '../api/metadata.ts';
import { useRecordHistory, useRecordList } from '../api/records.ts';
import { useMe } from '../api/session.ts';
import type { FieldDef, ObjectDef, RecordRow } from '../api/types.ts';
import { PicklistTag, useDisplayContext, type DisplayContext } from '../fields/field-display.tsx';
import { openValues, picklist } from '../home/home-filters.ts';
import { HistoryChange } from '../records/RecordHistory.tsx';
import { ActivityComposer } from './ActivityComposer.tsx';
import { MarkDoneButton } from './MarkDoneButton.tsx';
import { activitiesFilter, dayIn, groupByDay, mergeFeeds, type FeedItem } from './timeline-feed.ts';

const PAGE = 20;
const ACTIVITY_FIELDS = ['name', 'kind', 'status', 'dueAt', 'startAt', 'durationMinutes', 'direction', 'description', 'ownerId', 'createdAt'];

/**
 * A record's activity: a composer to log a call, add a task or a note in place, and one
 * feed, newest first and grouped by day, of its activities and its field history.
 * Without read access to activities it is the history alone.
 */
export function ActivityPanel({ object, record }: { object: ObjectDef; record: RecordRow }) {
  const { t } = useTranslation();
  const ctx = useDisplayContext();
  const timeZone = useMe().data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const permissions = usePermissions().data?.objects.activity?.permissions;
  const activity = useObjectDef('activity').data;
  const linked = Boolean(activity && permissions?.read && object.apiName !== 'activity');
  const fields = activity ? ACTIVITY_FIELDS.filter((f) => activity.fields.some((d) => d.apiName === f)) : [];
  const activities = useRecordList({ object: 'activity', fields, sort: '-createdAt', filter: activity ? activitiesFilter(activity, object.apiName, record.id) : undefined, limit: PAGE }, linked);
  const history = useRecordHistory(object.apiName, record.id, PAGE);
  const feed = mergeFeeds(
    { items: linked ? (activities.data?.pages.flatMap((p) => p.records) ?? []) : [], more: linked && activities.hasNextPage },
    { items: history.data?.pages.flatMap((p) => p.entries) ?? [], more: history.hasNextPage },
  );
  const loading = history.isPending || (linked && activities.isPending);
  const today = dayIn(timeZone, new Date());
  const yesterday = dayIn(timeZone, new Date(Date.now() - 86_400_000));
  const dayLabel = (day: string) => (day === today ? t('timeline.today') : day === yesterday ? t('timeline.yesterday') : ctx.fmt.date(day));
  const loadMore = () => {
    if (feed.next.includes('activities')) void activities.fetchNextPage();
    if (feed.next.includes('history')) void history.fetchNextPage();
  };

  return (
    <Card title={linked ? t('timeline.title') : t('record.history')} className="ml-card ml-activity-panel" data-testid="activity-panel">
      {linked && activity && permissions?.create ? <ActivityComposer activity={activity} object={object} record={record} /> : null}
      {activities.isError ? (
        <Typography.Text type="secondary" className="ml-timeline-note">
          {t('timeline.activitiesUnavailable')}
        </Typography.Text>
      ) : null}
      {loading ? (
        <Spin className="ml-timeline-spin" />
      ) : feed.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />
      ) : (
        <div className="ml-timeline" data-testid="timeline">
          {groupByDay(feed.items, timeZone).map((group) => (
            <section key={group.day} className="ml-timeline-day" aria-label={dayLabel(group.day)}>
              <h4 className="ml-timeline-date">{dayLabel(group.day)}</h4>
              <ol className="ml-timeline-items">
                {group.items.map((item) => (
                  <FeedEntry key={item.key} item={item} object={object} record={record} activity={activity} ctx={ctx} />
                ))}
              </ol>
            </section>
          ))}
          {feed.more ? (
            <Button block onClick={loadMore} loading={activities.isFetchingNextPage || history.isFetchingNextPage} data-testid="timeline-more">
              {t('timeline.loadMore')}
            </Button>
          ) : null}
        </div>
      )}
    </Card>
  );
}

type EntryProps = { item: FeedItem; object: ObjectDef; record: RecordRow; activity: ObjectDef | undefined; ctx: DisplayContext };

function FeedEntry({ item, object, record, activity, ctx }: EntryProps) {
  const time = ctx.fmt.time(item.at);
  if (item.type === 'history')
    return (
      <li className="ml-timeline-item ml-timeline-history" data-testid="timeline-history">
        <span className="ml-timeline-dot" aria-hidden="true" />
        <div className="ml-timeline-body">
          <HistoryChange object={object} id={record.id} entry={item.entry} ctx={ctx} />
          <Typography.Text type="secondary" className="ml-timeline-time" title={ctx.fmt.dateTime(item.at)}>
            {time}
          </Typography.Text>
        </div>
      </li>
    );
  return activity ? <ActivityEntry a={item.activity} activity={activity} ctx={ctx} time={time} /> : null;
}

function ActivityEntry({ a, activity, ctx, time }: { a: RecordRow; activity: ObjectDef; ctx: DisplayContext; time: string }) {
  const { t } = useTranslation();
  const field = (name: string): FieldDef | undefined => activity.fields.find((f) => f.apiName === name);
  const kind = picklist(activity, 'kind');
  const status = picklist(activity, 'status');
  const colour = kind?.values?.find((v) => v.apiName === a.kind)?.color ?? '#868e96';
  const open = status && typeof a.status === 'string' && openValues(status).includes(a.status);
  const direction = field('direction');
  const details = [
    direction && typeof a.direction === 'string' ? ctx.labels.value(direction, a.direction) : null,
    typeof a.durationMinutes === 'number' ? t('timeline.minutes', { count: a.durationMinutes }) : null,
    typeof a.dueAt === 'string' ? t('timeline.due', { when: ctx.fmt.dateTime(a.dueAt) }) : null,
    ctx.userName(a.ownerId) ?? null,
  ].filter(Boolean);
  return (
    <li className="ml-timeline-item" data-testid="timeline-activity" data-kind={String(a.kind ?? '')}>
      <span className="ml-timeline-dot" style={{ background: colour }} aria-hidden="true" />
      <div className="ml-timeline-body">
        <div className="ml-timeline-head">
          {kind && typeof a.kind === 'string' ? <PicklistTag field={kind} value={a.kind} labels={ctx.labels} /> : null}
          <Link to={`/o/activity/${a.id}`} className={a.kind === 'task' && !open ? 'ml-timeline-done' : undefined}>
            {String(a.name ?? '')}
          </Link>
          {a.kind === 'task' && status && typeof a.status === 'string' ? (
            open ? <MarkDoneButton activity={activity} task={a} /> : <Tag color="success">{ctx.labels.value(status, a.status)}</Tag>
          ) : null}
        </div>
        {details.length > 0 ? <div className="ml-timeline-meta">{details.join(' · ')}</div> : null}
        {typeof a.description === 'string' && a.description ? <div className="ml-timeline-text ml-multiline">{a.description}</div> : null}
        <Typography.Text type="secondary" className="ml-timeline-time" title={ctx.fmt.dateTime(String(a.createdAt))}>
          {time}
        </Typography.Text>
      </div>
    </li>
  );
}
