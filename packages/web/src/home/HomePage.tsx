import { ClockCircleOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { Card, Col, Empty, List, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { moneyOf, useAggregate, useRecentItems } from '../api/insights.ts';
import { useObjects } from '../api/metadata.ts';
import { useRecordSlice } from '../api/records.ts';
import { useMe } from '../api/session.ts';
import type { CurrencyValue, Me, ObjectDef, RecordRow } from '../api/types.ts';
import { MarkDoneButton } from '../activities/MarkDoneButton.tsx';
import { PicklistTag } from '../fields/field-display.tsx';
import { useFormat } from '../locale/format.ts';
import { useLabels } from '../locale/labels.ts';
import { calendar, closedValues, listLink, oneOf, openValues, picklist, wonValues } from './home-filters.ts';

const CARD_ROWS = 6;

/** The start page: what is mine to do today — tasks, deals, cases — and where I was last. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const objects = useObjects();
  if (!me || objects.isPending) return <Skeleton active className="ml-page" />;
  const byName = (name: string) => objects.data?.find((o) => o.apiName === name);
  const [activity, opportunity, kase] = [byName('activity'), byName('opportunity'), byName('case')];
  return (
    <div className="ml-page ml-home">
      <div className="ml-page-header">
        <div>
          <Typography.Title level={3} className="ml-page-title">
            {t('home.greeting', { name: me.name })}
          </Typography.Title>
          <Typography.Text type="secondary">{t('home.subtitle')}</Typography.Text>
        </div>
      </div>
      <Kpis me={me} opportunity={opportunity} kase={kase} />
      <Row gutter={[20, 20]}>
        {activity ? (
          <Col xs={24} xl={12}>
            <MyTasks me={me} activity={activity} />
          </Col>
        ) : null}
        {opportunity ? (
          <Col xs={24} xl={12}>
            <MyOpportunities me={me} opportunity={opportunity} />
          </Col>
        ) : null}
        {kase ? (
          <Col xs={24} xl={12}>
            <MyCases me={me} kase={kase} />
          </Col>
        ) : null}
        <Col xs={24} xl={12}>
          <RecentItems objects={objects.data ?? []} />
        </Col>
      </Row>
    </div>
  );
}

const mine = (me: Me) => ({ field: 'ownerId', op: 'eq', value: me.id });

function Kpis({ me, opportunity, kase }: { me: Me; opportunity?: ObjectDef; kase?: ObjectDef }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const stage = picklist(opportunity, 'stage');
  const { monthStart, monthEnd } = calendar(me.timeZone);
  const pipeline = useAggregate({ object: 'opportunity', measures: 'count,sum:amount', filter: { and: [mine(me), oneOf('stage', openValues(stage))] } }, Boolean(opportunity));
  const won = useAggregate(
    { object: 'opportunity', measures: 'count,sum:amount', filter: { and: [mine(me), oneOf('stage', wonValues(stage)), { field: 'closeDate', op: 'between', value: [monthStart(0), monthEnd(0)] }] } },
    Boolean(opportunity),
  );
  const cases = useAggregate({ object: 'case', measures: 'count', filter: { and: [mine(me), { not: oneOf('status', closedValues(picklist(kase, 'status'))) }] } }, Boolean(kase));
  const money = (value: unknown) => fmt.currency(moneyOf(value) ?? ({ amount: '0', currency: 'CNY' } satisfies CurrencyValue));
  const count = (r: typeof pipeline) => Number(r.data?.groups[0]?.values.count ?? 0);
  const kpi = (key: string, title: string, value: ReactNode, note: string, loading: boolean) => (
    <Col xs={24} sm={8} key={key}>
      <Card className="ml-card ml-kpi" data-testid={`kpi-${key}`}>
        <Statistic title={title} value={loading ? '' : (value as string)} loading={loading} />
        <Typography.Text type="secondary" className="ml-kpi-note">
          {note}
        </Typography.Text>
      </Card>
    </Col>
  );
  return (
    <Row gutter={[20, 20]} className="ml-kpis">
      {opportunity ? kpi('pipeline', t('home.kpi.pipeline'), money(pipeline.data?.groups[0]?.values['sum:amount']), t('home.kpi.deals', { count: count(pipeline) }), pipeline.isPending) : null}
      {opportunity ? kpi('won', t('home.kpi.wonThisMonth'), money(won.data?.groups[0]?.values['sum:amount']), t('home.kpi.deals', { count: count(won) }), won.isPending) : null}
      {kase ? kpi('cases', t('home.kpi.openCases'), fmt.number(count(cases), 0), t('home.kpi.casesNote'), cases.isPending) : null}
    </Row>
  );
}

function HomeCard({ title, testId, link, children }: { title: string; testId: string; link: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card className="ml-card ml-home-card" title={title} data-testid={testId} extra={<Link to={link}>{t('home.viewAll')}</Link>}>
      {children}
    </Card>
  );
}

function rows(slice: ReturnType<typeof useRecordSlice>, empty: string, render: (r: RecordRow) => ReactNode) {
  if (slice.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  const records = slice.data?.records ?? [];
  if (records.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return <List size="small" dataSource={records} renderItem={(r) => <List.Item key={r.id}>{render(r)}</List.Item>} />;
}

function MyTasks({ me, activity }: { me: Me; activity: ObjectDef }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const status = picklist(activity, 'status');
  const conditions = [mine(me), { field: 'kind', op: 'eq', value: 'task' }, oneOf('status', openValues(status))];
  const slice = useRecordSlice({ object: 'activity', fields: ['name', 'dueAt', 'status', 'account.name'], sort: 'dueAt', filter: { and: conditions }, limit: CARD_ROWS });
  const { today } = calendar(me.timeZone);
  const dayOf = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: me.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  return (
    <HomeCard title={t('home.tasks')} testId="home-tasks" link={listLink('activity', conditions)}>
      {rows(slice, t('home.noTasks'), (r) => {
        const due = typeof r.dueAt === 'string' ? r.dueAt : null;
        const overdue = due !== null && new Date(due).getTime() < Date.now();
        const isToday = due !== null && !overdue && dayOf(due) === today;
        return (
          <div className="ml-home-row" data-testid="home-task">
            <div className="ml-home-main">
              <Link to={`/o/activity/${r.id}`}>{String(r.name)}</Link>
              <Typography.Text type="secondary" className="ml-home-sub">
                {typeof r['account.name'] === 'string' ? r['account.name'] : ''}
              </Typography.Text>
            </div>
            {due ? (
              <Tag icon={overdue ? <ClockCircleOutlined /> : <FieldTimeOutlined />} color={overdue ? 'error' : isToday ? 'warning' : 'default'} data-overdue={overdue ? 'true' : undefined}>
                {overdue ? t('home.overdue', { when: fmt.relative(due) }) : fmt.dateTime(due)}
              </Tag>
            ) : null}
            <MarkDoneButton activity={activity} task={r} />
          </div>
        );
      })}
    </HomeCard>
  );
}

function MyOpportunities({ me, opportunity }: { me: Me; opportunity: ObjectDef }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const stage = picklist(opportunity, 'stage');
  const conditions = [mine(me), oneOf('stage', openValues(stage))];
  const slice = useRecordSlice({ object: 'opportunity', fields: ['name', 'amount', 'stage', 'closeDate', 'account.name'], sort: 'closeDate', filter: { and: conditions }, limit: CARD_ROWS });
  return (
    <HomeCard title={t('home.opportunities')} testId="home-opportunities" link={listLink('opportunity', conditions)}>
      {rows(slice, t('home.noOpportunities'), (r) => (
        <div className="ml-home-row" data-testid="home-opportunity">
          <div className="ml-home-main">
            <Link to={`/o/opportunity/${r.id}`}>{String(r.name)}</Link>
            <Typography.Text type="secondary" className="ml-home-sub">
              {[typeof r['account.name'] === 'string' ? r['account.name'] : null, typeof r.closeDate === 'string' ? t('home.closes', { date: fmt.date(r.closeDate) }) : null].filter(Boolean).join(' · ')}
            </Typography.Text>
          </div>
          {stage && typeof r.stage === 'string' ? <PicklistTag field={stage} value={r.stage} labels={labels} /> : null}
          <span className="ml-home-amount">{r.amount ? fmt.currency(r.amount as CurrencyValue) : ''}</span>
        </div>
      ))}
    </HomeCard>
  );
}

function MyCases({ me, kase }: { me: Me; kase: ObjectDef }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const priority = picklist(kase, 'priority');
  const conditions = [mine(me), { not: oneOf('status', closedValues(picklist(kase, 'status'))) }];
  // The list page keeps plain conditions: "not closed" is written as "one of the open statuses" there.
  const linkConditions = [mine(me), oneOf('status', openValues(picklist(kase, 'status')))];
  const slice = useRecordSlice({ object: 'case', fields: ['name', 'subject', 'priority', 'status', 'slaDueAt'], sort: 'slaDueAt', filter: { and: conditions }, limit: CARD_ROWS });
  return (
    <HomeCard title={t('home.cases')} testId="home-cases" link={listLink('case', linkConditions)}>
      {rows(slice, t('home.noCases'), (r) => {
        const due = typeof r.slaDueAt === 'string' ? r.slaDueAt : null;
        const breached = due !== null && new Date(due).getTime() < Date.now();
        return (
          <div className="ml-home-row" data-testid="home-case">
            <div className="ml-home-main">
              <Link to={`/o/case/${r.id}`}>{String(r.subject ?? r.name)}</Link>
              <Typography.Text type="secondary" className="ml-home-sub">
                {String(r.name)}
                {due ? ` · ${breached ? t('home.slaBreached', { when: fmt.relative(due) }) : t('home.slaDue', { when: fmt.relative(due) })}` : ''}
              </Typography.Text>
            </div>
            {breached ? <Tag color="error">{t('home.slaLate')}</Tag> : null}
            {priority && typeof r.priority === 'string' ? <PicklistTag field={priority} value={r.priority} labels={labels} /> : null}
          </div>
        );
      })}
    </HomeCard>
  );
}

function RecentItems({ objects }: { objects: ObjectDef[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const recent = useRecentItems(CARD_ROWS + 2);
  return (
    <Card className="ml-card ml-home-card" title={t('home.recent')} data-testid="home-recent">
      {recent.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (recent.data ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noRecent')} />
      ) : (
        <List
          size="small"
          dataSource={recent.data}
          renderItem={(item) => {
            const object = objects.find((o) => o.apiName === item.object);
            return (
              <List.Item key={`${item.object}/${item.id}`}>
                <div className="ml-home-row">
                  <div className="ml-home-main">
                    <Link to={`/o/${item.object}/${item.id}`}>{item.name ?? `${item.id.slice(0, 8)}…`}</Link>
                    <Typography.Text type="secondary" className="ml-home-sub">
                      {object ? labels.object(object) : item.object}
                    </Typography.Text>
                  </div>
                  <Typography.Text type="secondary" className="ml-home-when">
                    {fmt.relative(item.viewedAt)}
                  </Typography.Text>
                </div>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
